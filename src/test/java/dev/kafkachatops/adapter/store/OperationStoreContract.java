package dev.kafkachatops.adapter.store;

import dev.kafkachatops.domain.ops.Approval;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.ControlRequest;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.OperationStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.kafkachatops.domain.ops.Checkpoint.Status.DONE;
import static dev.kafkachatops.domain.ops.Checkpoint.Status.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link OperationStore} must do, run against the in-memory store and the JDBC store on H2 and
 * PostgreSQL. The stores may hold rows of earlier tests (one database per test class), so each test works on its
 * own cluster name and compares ids relative to each other.
 */
public abstract class OperationStoreContract {
    /** Has nanoseconds, to show that every store keeps microseconds (as both databases do). */
    protected static final Instant T0 = Instant.parse("2030-01-02T03:04:05.123456789Z");
    private static final Instant T0_MICROS = Instant.parse("2030-01-02T03:04:05.123456Z");

    protected abstract OperationStore store();

    /** Another instance on the same data (a second bot); the in-memory store has only itself. */
    protected OperationStore secondInstance() {
        return store();
    }

    private final String cluster = "c-" + UUID.randomUUID();

    protected NewOperation newOp(String cluster, OpKind kind, Instant createdAt) {
        return new NewOperation(cluster, kind, "Move 3 partitions", "U100", "C200", "{\"moves\":[1,2,3]}",
                "sha256:abc", "fp-1", createdAt, createdAt.plus(Duration.ofDays(1)));
    }

    private Operation insert(Instant createdAt) {
        return store().insert(newOp(cluster, OpKind.REBALANCE, createdAt));
    }

    private static long number(Operation op) {
        return Long.parseLong(op.id().substring(1));
    }

    @Test
    void insertAssignsKindPrefixedIdsFromOneSequenceAndStoresEveryField() {
        Operation r = store().insert(newOp(cluster, OpKind.REBALANCE, T0));
        Operation e = store().insert(newOp(cluster, OpKind.EXPAND, T0));
        Operation u = store().insert(newOp(cluster, OpKind.UPGRADE, T0));

        assertThat(r.id()).matches("R\\d+");
        assertThat(e.id()).matches("E\\d+");
        assertThat(u.id()).matches("U\\d+");
        assertThat(number(e)).isGreaterThan(number(r));
        assertThat(number(u)).isGreaterThan(number(e));
        assertThat(r.state()).isEqualTo(OpState.AWAITING_APPROVAL);
        assertThat(r.version()).isZero();
        assertThat(r.createdAt()).isEqualTo(T0_MICROS);
        assertThat(r.expiresAt()).isEqualTo(T0_MICROS.plus(Duration.ofDays(1)));
        assertThat(r.messageTs()).isEmpty();
        assertThat(r.approvedAt()).isEmpty();
        assertThat(r.scheduledFor()).isEmpty();
        assertThat(r.stateDetail()).isEmpty();
        assertThat(r.planJson()).isEqualTo("{\"moves\":[1,2,3]}");
        assertThat(store().find(r.id())).contains(r);
        assertThat(secondInstance().find(u.id())).contains(u);
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
        assertThat(store().find("R999999999")).isEmpty();
    }

    @Test
    void listFiltersByClusterAndStateAndPutsApprovedFirstThenByCreationThenById() {
        Operation late = insert(T0.plusSeconds(3));
        Operation early = insert(T0.plusSeconds(1));
        Operation middle = insert(T0.plusSeconds(2));
        Operation tieA = insert(T0.plusSeconds(2));
        Operation approvedLate = approve(insert(T0), T0.plusSeconds(10));
        Operation approvedEarly = approve(insert(T0.plusSeconds(9)), T0.plusSeconds(5));
        Operation cancelled = insert(T0);
        store().update(cancelled.id(), o -> Optional.of(o.withState(OpState.CANCELLED, "by U1")));
        Operation elsewhere = store().insert(newOp("other-" + cluster, OpKind.EXPAND, T0));

        List<String> open = ids(store().list(Optional.of(cluster), OpState.OPEN));
        assertThat(open).containsExactly(approvedEarly.id(), approvedLate.id(), early.id(), middle.id(), tieA.id(),
                late.id());
        assertThat(ids(store().list(Optional.of(cluster), Set.of(OpState.CANCELLED))))
                .containsExactly(cancelled.id());
        assertThat(ids(store().list(Optional.of(cluster), Set.of(OpState.APPROVED))))
                .containsExactly(approvedEarly.id(), approvedLate.id());
        assertThat(ids(store().list(Optional.empty(), OpState.OPEN))).contains(elsewhere.id(), early.id())
                .doesNotContain(cancelled.id());
        assertThat(store().list(Optional.of(cluster), Set.of())).isEmpty();
    }

    private Operation approve(Operation op, Instant at) {
        return store().update(op.id(), o -> Optional.of(o.withState(OpState.APPROVED, null)
                .withApprovedAt(Optional.of(at)))).orElseThrow();
    }

    private static List<String> ids(List<Operation> ops) {
        return ops.stream().map(Operation::id).toList();
    }

    @Test
    void updateStoresTheChangeAndBumpsTheVersion() {
        Operation op = insert(T0);
        Instant window = T0.plus(Duration.ofHours(5)).plusNanos(999);
        Optional<Operation> updated = store().update(op.id(), o -> Optional.of(o.withState(OpState.APPROVED,
                "2 of 2 approvals").withApprovedAt(Optional.of(T0.plusSeconds(60))).withScheduledFor(
                Optional.of(window)).withMessageTs("1700000000.000100")));

        assertThat(updated).isPresent();
        Operation stored = updated.get();
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.state()).isEqualTo(OpState.APPROVED);
        assertThat(stored.stateDetail()).contains("2 of 2 approvals");
        assertThat(stored.scheduledFor()).contains(window.truncatedTo(ChronoUnit.MICROS));
        assertThat(stored.messageTs()).contains("1700000000.000100");
        assertThat(store().find(op.id())).contains(stored);
        assertThat(secondInstance().find(op.id())).contains(stored);
    }

    @Test
    void findsTheOperationOfAPlanMessageByChannelAndTs() {
        Operation a = insert(T0);
        Operation b = insert(T0.plusSeconds(1));
        String ts = "17000" + Math.abs(cluster.hashCode() % 100000) + ".000200";
        store().update(a.id(), o -> Optional.of(o.withMessageTs(ts)));
        store().update(b.id(), o -> Optional.of(o.withMessageTs(ts + "9")));

        assertThat(store().findByMessage("C200", ts)).map(Operation::id).contains(a.id());
        assertThat(secondInstance().findByMessage("C200", ts + "9")).map(Operation::id).contains(b.id());
        assertThat(store().findByMessage("C999", ts)).isEmpty();
        assertThat(store().findByMessage("C200", "1.000000")).isEmpty();
    }

    @Test
    void aDeclinedChangeOrAnUnknownIdLeavesEverythingAlone() {
        Operation op = insert(T0);
        assertThat(store().update(op.id(), o -> Optional.empty())).isEmpty();
        assertThat(store().find(op.id())).contains(op);

        AtomicInteger calls = new AtomicInteger();
        assertThat(store().update("R999999999", o -> {
            calls.incrementAndGet();
            return Optional.of(o);
        })).isEmpty();
        assertThat(calls).hasValue(0);
    }

    @Test
    void anIllegalTransitionThrowsAndLeavesTheRowAsItWas() {
        Operation op = insert(T0);
        assertThatThrownBy(() -> store().update(op.id(), o -> Optional.of(o.withState(OpState.DONE, null))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AWAITING_APPROVAL -> DONE");
        assertThat(store().find(op.id())).contains(op);
    }

    @Test
    void anUpdateMayNotChangeWhichOperationItIs() {
        Operation op = insert(T0);
        Operation other = store().insert(newOp("other-" + cluster, OpKind.EXPAND, T0));
        assertThatThrownBy(() -> store().update(op.id(), o -> Optional.of(other)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store().find(op.id())).contains(op);
    }

    @Test
    void concurrentUpdatersOnOneRowLoseNoChange() throws Exception {
        Operation op = insert(T0);
        int perThread = 40;
        var start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            List<OperationStore> stores = List.of(store(), secondInstance());
            for (int t = 0; t < 2; t++) {
                OperationStore s = stores.get(t);
                String letter = t == 0 ? "a" : "b";
                done.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        s.update(op.id(), o -> Optional.of(withDetail(o, o.stateDetail().orElse("") + letter)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        Operation end = store().find(op.id()).orElseThrow();
        String detail = end.stateDetail().orElseThrow();
        assertThat(detail.chars().filter(c -> c == 'a').count()).isEqualTo(perThread);
        assertThat(detail.chars().filter(c -> c == 'b').count()).isEqualTo(perThread);
        assertThat(end.version()).isEqualTo(2L * perThread);
    }

    private static Operation withDetail(Operation o, String detail) {
        return new Operation(o.id(), o.cluster(), o.kind(), o.title(), o.requester(), o.channel(), o.messageTs(),
                o.planJson(), o.planHash(), o.fingerprint(), o.state(), o.createdAt(), o.expiresAt(), o.approvedAt(),
                o.scheduledFor(), Optional.of(detail), o.version());
    }

    @Test
    void approvalsAreIdempotentOldestFirstAndWithdrawable() {
        Operation op = insert(T0);
        assertThat(store().addApproval(new Approval(op.id(), "U1", T0.plusSeconds(20)))).isTrue();
        assertThat(store().addApproval(new Approval(op.id(), "U1", T0.plusSeconds(30)))).isFalse();
        assertThat(secondInstance().addApproval(new Approval(op.id(), "U1", T0.plusSeconds(40)))).isFalse();
        assertThat(store().addApproval(new Approval(op.id(), "U2", T0.plusSeconds(10)))).isTrue();

        assertThat(store().approvals(op.id())).containsExactly(new Approval(op.id(), "U2", T0_MICROS.plusSeconds(10)),
                new Approval(op.id(), "U1", T0_MICROS.plusSeconds(20)));
        assertThat(store().removeApproval(op.id(), "U1")).isTrue();
        assertThat(store().removeApproval(op.id(), "U1")).isFalse();
        assertThat(secondInstance().approvals(op.id())).extracting(Approval::user).containsExactly("U2");
        assertThat(store().addApproval(new Approval(op.id(), "U1", T0.plusSeconds(50)))).isTrue();
        assertThat(store().approvals("R999999999")).isEmpty();
        assertThatThrownBy(() -> store().addApproval(new Approval("R999999999", "U1", T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("R999999999");
    }

    @Test
    void racingApprovalsOfOneUserCountOnce() throws Exception {
        Operation op = insert(T0);
        int users = 15;
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int u = 0; u < users; u++) {
                var start = new CountDownLatch(1);
                var approval = new Approval(op.id(), "U" + u, T0);
                List<Future<?>> both = new ArrayList<>();
                for (OperationStore s : List.of(store(), secondInstance())) {
                    both.add(pool.submit((Callable<Void>) () -> {
                        start.await();
                        if (s.addApproval(approval)) accepted.incrementAndGet();
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : both) f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(accepted).hasValue(users);
        assertThat(store().approvals(op.id())).hasSize(users);
    }

    @Test
    void checkpointsAreReplacedInPlaceAndKeptInTheOrderFirstWritten() {
        Operation op = insert(T0);
        Operation other = insert(T0);
        store().checkpoint(new Checkpoint(op.id(), "broker-2/stop", STARTED, "{}", T0));
        store().checkpoint(new Checkpoint(op.id(), "broker-1/stop", STARTED, "{}", T0.plusSeconds(1)));
        store().checkpoint(new Checkpoint(other.id(), "batch-1", STARTED, "{}", T0));
        store().checkpoint(new Checkpoint(op.id(), "broker-2/stop", DONE, "{\"pid\":42}", T0.plusSeconds(2)));
        secondInstance().checkpoint(new Checkpoint(op.id(), "broker-3/stop", STARTED, "{}", T0.plusSeconds(3)));
        store().checkpoint(new Checkpoint(op.id(), "broker-1/stop", DONE, "{\"pid\":7}", T0.plusSeconds(4)));

        assertThat(store().checkpoints(op.id())).containsExactly(
                new Checkpoint(op.id(), "broker-2/stop", DONE, "{\"pid\":42}", T0_MICROS.plusSeconds(2)),
                new Checkpoint(op.id(), "broker-1/stop", DONE, "{\"pid\":7}", T0_MICROS.plusSeconds(4)),
                new Checkpoint(op.id(), "broker-3/stop", STARTED, "{}", T0_MICROS.plusSeconds(3)));
        assertThat(secondInstance().checkpoints(other.id())).extracting(Checkpoint::step).containsExactly("batch-1");
        assertThat(store().checkpoints("R999999999")).isEmpty();
        assertThatThrownBy(() -> store().checkpoint(new Checkpoint("R999999999", "s", STARTED, "{}", T0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("R999999999");
    }

    @Test
    void aControlRequestIsOnePerOperationReplacedByANewerOneAndCleared() {
        Operation op = insert(T0);
        Operation other = insert(T0);
        assertThat(store().control(op.id())).isEmpty();
        store().request(new ControlRequest(op.id(), ControlRequest.Action.PAUSE, "U1", T0));
        secondInstance().request(new ControlRequest(other.id(), ControlRequest.Action.ROLLBACK, "U3", T0));
        assertThat(secondInstance().control(op.id())).contains(
                new ControlRequest(op.id(), ControlRequest.Action.PAUSE, "U1", T0_MICROS));
        secondInstance().request(new ControlRequest(op.id(), ControlRequest.Action.CANCEL, "U2", T0.plusSeconds(1)));
        assertThat(store().control(op.id())).contains(
                new ControlRequest(op.id(), ControlRequest.Action.CANCEL, "U2", T0_MICROS.plusSeconds(1)));
        store().clearControl(op.id());
        store().clearControl(op.id()); // nothing pending: a no-op
        assertThat(secondInstance().control(op.id())).isEmpty();
        assertThat(store().control(other.id())).map(ControlRequest::action).contains(ControlRequest.Action.ROLLBACK);
        assertThat(store().checkpoints(op.id())).as("a request is not a step").isEmpty();
        assertThatThrownBy(() -> store().request(new ControlRequest("R999999999", ControlRequest.Action.PAUSE, "U1",
                T0))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("R999999999");
    }

    @Test
    void haltedIsAStateOfItsOwnThatHoldsTheClusterAndContinuesOnlyByChoice() {
        Operation op = insert(T0);
        store().update(op.id(), o -> Optional.of(o.withState(OpState.APPROVED, null)));
        store().update(op.id(), o -> Optional.of(o.withState(OpState.RUNNING, null)));
        store().update(op.id(), o -> Optional.of(o.withState(OpState.HALTED, " at step 3: node 2 did not come back")));
        Operation halted = secondInstance().find(op.id()).orElseThrow();
        assertThat(halted.state()).isEqualTo(OpState.HALTED);
        assertThat(halted.stateDetail()).contains(" at step 3: node 2 did not come back");
        assertThat(store().list(Optional.of(cluster), OpState.ACTIVE)).extracting(Operation::id).containsExactly(op.id());
        assertThatThrownBy(() -> store().update(op.id(), o -> Optional.of(o.withState(OpState.APPROVED, null))))
                .isInstanceOf(IllegalStateException.class);
        store().update(op.id(), o -> Optional.of(o.withState(OpState.RUNNING, null)));
        assertThat(store().find(op.id()).orElseThrow().state()).isEqualTo(OpState.RUNNING);
    }

    @Test
    void theAuditLogIsAppendOnlyAndReadNewestFirstWithFilters() {
        Operation op = insert(T0);
        Operation other = insert(T0);
        String elsewhere = "other-" + cluster;
        AuditEntry requested = store().audit(AuditEntry.of(cluster, op.id(), AuditEvent.REQUESTED, "U1", null, T0));
        AuditEntry refused = store().audit(AuditEntry.of(cluster, null, AuditEvent.REFUSED, "U2", "freeze", T0));
        AuditEntry foreign = secondInstance().audit(AuditEntry.of(elsewhere, "X1", AuditEvent.STARTED, "bot", "",
                T0.plusSeconds(1)));
        AuditEntry otherOp = store().audit(AuditEntry.of(cluster, other.id(), AuditEvent.APPROVED, "U3", "1/2",
                T0.plusSeconds(2)));
        AuditEntry approved = store().audit(AuditEntry.of(cluster, op.id(), AuditEvent.APPROVED, "U3", "2/2",
                T0.plusSeconds(3)));

        assertThat(List.of(requested, refused, foreign, otherOp, approved)).extracting(AuditEntry::seq)
                .isSorted().doesNotHaveDuplicates().allMatch(seq -> seq > 0);
        assertThat(requested.detail()).isEmpty();
        assertThat(requested.at()).isEqualTo(T0_MICROS);
        assertThat(refused.operationId()).isEmpty();

        assertThat(store().history(Optional.of(cluster), Optional.empty(), 10))
                .containsExactly(approved, otherOp, refused, requested);
        assertThat(secondInstance().history(Optional.empty(), Optional.of(op.id()), 10))
                .containsExactly(approved, requested);
        assertThat(store().history(Optional.of(cluster), Optional.of(op.id()), 1)).containsExactly(approved);
        assertThat(store().history(Optional.of(elsewhere), Optional.of(op.id()), 10)).isEmpty();
        assertThat(store().history(Optional.empty(), Optional.empty(), 2)).containsExactly(approved, otherOp);
        assertThat(store().history(Optional.of(cluster), Optional.empty(), 0)).isEmpty();
    }

    @Test
    void pruneDeletesOnlyOldRecordsOfTerminalOperations() {
        Operation finished = insert(T0);
        Operation open = insert(T0);
        for (Operation op : List.of(finished, open)) {
            store().addApproval(new Approval(op.id(), "U1", T0));
            store().addApproval(new Approval(op.id(), "U2", T0.plusSeconds(100)));
            store().checkpoint(new Checkpoint(op.id(), "old", DONE, "{}", T0));
            store().checkpoint(new Checkpoint(op.id(), "new", DONE, "{}", T0.plusSeconds(100)));
            store().audit(AuditEntry.of(cluster, op.id(), AuditEvent.STARTED, "bot", "", T0));
            store().audit(AuditEntry.of(cluster, op.id(), AuditEvent.FINISHED, "bot", "", T0.plusSeconds(100)));
        }
        store().audit(AuditEntry.of(cluster, null, AuditEvent.REFUSED, "U9", "", T0));
        store().update(finished.id(), o -> Optional.of(o.withState(OpState.CANCELLED, null)));

        assertThat(store().prune(T0.plusSeconds(50))).isEqualTo(3);
        assertThat(store().approvals(finished.id())).extracting(Approval::user).containsExactly("U2");
        assertThat(store().checkpoints(finished.id())).extracting(Checkpoint::step).containsExactly("new");
        assertThat(store().history(Optional.empty(), Optional.of(finished.id()), 10))
                .extracting(AuditEntry::event).containsExactly(AuditEvent.FINISHED);
        assertThat(store().approvals(open.id())).hasSize(2);
        assertThat(store().checkpoints(open.id())).hasSize(2);
        assertThat(store().history(Optional.of(cluster), Optional.empty(), 10)).hasSize(4);
    }
}
