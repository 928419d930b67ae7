package dev.kafkachatops.ops.reassign;

import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.run.reassign.ReassignmentRunner;
import dev.kafkachatops.run.reassign.RunOutcome;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a rebalance or expand run tells what it does (the chat adapter renders it in the operation's thread). A
 * report never blocks or throws into the run: a chat failure is the adapter's to log.
 */
public interface ReassignmentReport extends AutoCloseable {
    /** The progress of one topic's moves (batches, bytes, the finished summary). */
    Topic topic(String title);

    void retentionLowered(String topic, Duration keep, Duration wait, long deletableBytes);

    void retentionDeleted(String topic, long deletedBytes, Duration waited);

    /** {@code original}: the override put back (empty: the override was removed); {@code warning}: it failed. */
    void retentionRestored(String topic, Optional<String> original, Optional<String> warning);

    void paused(String message);

    /** Everything reported is out (or given up on) when this returns. */
    @Override
    void close();

    interface Topic extends ReassignmentRunner.Listener {
        void finished(RunOutcome outcome);
    }

    /** Opens the report of one operation's run. */
    interface Factory {
        ReassignmentReport open(Operation op);
    }
}
