package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;

import java.time.Instant;
import java.util.Optional;

/**
 * Run in a child JVM by {@link JdbcH2OperationStoreTest}: stores an operation and a STARTED checkpoint, prints
 * {@code ID=<id>}, and waits to be killed.
 */
public final class H2WriterThenWait {
    public static void main(String[] args) throws InterruptedException {
        Database db = Database.open(args[0], Optional.empty(), Optional.empty());
        var store = new JdbcOperationStore(db);
        Instant now = Instant.now();
        var op = store.insert(new NewOperation("prod", OpKind.REBALANCE, "t", "U1", "C1", "{}", "h", "f", now,
                now.plusSeconds(60)));
        store.checkpoint(new Checkpoint(op.id(), "batch-1", Checkpoint.Status.STARTED, "{}", now));
        System.out.println("ID=" + op.id());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
