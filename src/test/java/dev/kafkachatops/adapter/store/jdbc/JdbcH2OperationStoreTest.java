package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.adapter.store.OperationStoreContract;
import dev.kafkachatops.domain.ops.Approval;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.OperationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on an H2 file, with two pools on it, and what a file must survive: close and reopen. */
class JdbcH2OperationStoreTest extends OperationStoreContract {
    @TempDir
    static Path sharedDir;
    private static Database first;
    private static Database second;

    @BeforeAll
    static void open() {
        String url = Database.defaultH2Url(sharedDir);
        first = Database.open(url, Optional.empty(), Optional.empty());
        second = Database.open(url, Optional.empty(), Optional.empty());
    }

    @AfterAll
    static void close() {
        if (second != null) second.close();
        if (first != null) first.close();
    }

    @Override
    protected OperationStore store() {
        return new JdbcOperationStore(first);
    }

    @Override
    protected OperationStore secondInstance() {
        return new JdbcOperationStore(second);
    }

    @Test
    void theDefaultUrlIsAFileInTheDataDirWithOurTablesAndQuartzs(@TempDir Path dataDir) throws Exception {
        try (Database db = Database.open(Database.defaultH2Url(dataDir.resolve("data")), Optional.empty(),
                Optional.empty())) {
            assertThat(db.vendor()).isEqualTo(Vendor.H2);
            assertThat(dataDir.resolve("data/kafka-chatops.mv.db")).exists();
            assertThat(JdbcTables.names(db.dataSource())).contains("OPERATIONS", "APPROVALS", "CHECKPOINTS",
                    "AUDIT_LOG").containsAll(JdbcTables.QUARTZ);
        }
    }

    @Test
    void aReopenedFileHasEverythingAndTheSequenceGoesOn(@TempDir Path dataDir) {
        String url = Database.defaultH2Url(dataDir);
        Operation op;
        try (Database db = Database.open(url, Optional.empty(), Optional.empty())) {
            var store = new JdbcOperationStore(db);
            op = store.insert(newOp("prod", OpKind.UPGRADE, T0));
            op = store.update(op.id(), o -> Optional.of(o.withState(OpState.APPROVED, "ok"))).orElseThrow();
            store.addApproval(new Approval(op.id(), "U1", T0));
            store.checkpoint(new Checkpoint(op.id(), "broker-1/stop", Checkpoint.Status.STARTED, "{}", T0));
            store.audit(AuditEntry.of("prod", op.id(), AuditEvent.APPROVED, "U1", "", T0));
        }
        try (Database db = Database.open(url, Optional.empty(), Optional.empty())) {
            var store = new JdbcOperationStore(db);
            assertThat(store.find(op.id())).contains(op);
            assertThat(store.approvals(op.id())).extracting(Approval::user).containsExactly("U1");
            assertThat(store.checkpoints(op.id())).extracting(Checkpoint::step).containsExactly("broker-1/stop");
            assertThat(store.history(Optional.empty(), Optional.of(op.id()), 5)).hasSize(1);
            assertThat(store.insert(newOp("prod", OpKind.REBALANCE, T0)).id()).isEqualTo("R2");
        }
    }

    @Test
    void commitsSurviveTheJvmBeingKilled(@TempDir Path dataDir) throws Exception {
        String url = Database.defaultH2Url(dataDir);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), H2WriterThenWait.class.getName(), url)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String id;
        try (var out = child.inputReader()) {
            id = out.lines().filter(line -> line.startsWith("ID=")).findFirst().orElse("none").substring(3);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no H2 close
            child.waitFor();
        }
        assertThat(id).as("the child's output").startsWith("R");
        assertThat(Files.exists(dataDir.resolve("kafka-chatops.mv.db"))).isTrue();
        try (Database db = Database.open(url, Optional.empty(), Optional.empty())) {
            var store = new JdbcOperationStore(db);
            assertThat(store.find(id)).isPresent();
            assertThat(store.checkpoints(id)).extracting(Checkpoint::status)
                    .containsExactly(Checkpoint.Status.STARTED);
        }
    }
}
