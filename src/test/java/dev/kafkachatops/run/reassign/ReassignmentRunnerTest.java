package dev.kafkachatops.run.reassign;

import dev.kafkachatops.MutableClock;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.port.ThrottleLedger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runner against an in-memory cluster ({@link FakeReassignmentAdmin}) and ledger that write every call, the
 * runner's listener and control hooks and its sleeps to one log: the order of calls is asserted exactly. Time is
 * a {@link MutableClock} that the runner's sleeper advances.
 */
class ReassignmentRunnerTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final TopicPartitionRef P0 = new TopicPartitionRef("orders", 0);
    private static final TopicPartitionRef P1 = new TopicPartitionRef("orders", 1);
    private static final TopicPartitionRef P2 = new TopicPartitionRef("orders", 2);
    private static final PartitionMove M0 = move(P0, List.of(0, 1), List.of(3, 1));
    private static final PartitionMove M1 = move(P1, List.of(1, 2), List.of(1, 3));
    private static final PartitionMove M2 = move(P2, List.of(2, 0), List.of(2, 3));
    private static final OptionalLong THROTTLE = OptionalLong.of(1000);

    private final List<String> calls = new ArrayList<>();
    private final MutableClock clock = new MutableClock(T0);
    private final FakeThrottleLedger ledger = new FakeThrottleLedger(calls);
    private FakeReassignmentAdmin admin = cluster(1);

    /** orders-0..2 on [0,1], [1,2], [2,0], 1000 bytes each; brokers 0-3; moves in flight for {@code polls} polls. */
    private FakeReassignmentAdmin cluster(int polls) {
        FakeReassignmentAdmin a = new FakeReassignmentAdmin(calls, 4, polls);
        a.createTopic("orders", List.of(List.of(0, 1), List.of(1, 2), List.of(2, 0)), 1000);
        return a;
    }

    private static PartitionMove move(TopicPartitionRef tp, List<Integer> from, List<Integer> to) {
        return new PartitionMove(tp, from, to, 1000L * to.stream().filter(b -> !from.contains(b)).count());
    }

    private static ReassignmentRunner.Options options(int maxPerBroker, OptionalLong throttle) {
        return new ReassignmentRunner.Options(maxPerBroker, throttle, Duration.ofSeconds(1), false);
    }

    private RunOutcome run(String runId, List<PartitionMove> moves, ReassignmentRunner.Options options, Steering s) {
        ReassignmentRunner runner = new ReassignmentRunner(admin, ledger, clock, d -> {
            calls.add("sleep " + d.toMillis());
            clock.advance(d);
        });
        return runner.runControlled("test", runId, moves, options, s, s);
    }

    /** The calls that change the cluster or the ledger, in order. */
    private List<String> writes() {
        return calls.stream().filter(c -> c.startsWith("ledger.") || c.startsWith("set") || c.startsWith("start")
                || c.startsWith("cancel") || c.startsWith("elect")).toList();
    }

    private static final List<String> CLEAR_ALL = List.of("setTopicThrottledReplicas orders [] []",
            "setBrokerThrottle [0] none", "setBrokerThrottle [1] none", "setBrokerThrottle [3] none",
            "ledger.clear run-1");

    /** Listener and control in one: logs its hooks to the call log; tests steer it through the fields. */
    private final class Steering implements ReassignmentRunner.Listener, ReassignmentRunner.Control {
        boolean cancel;
        boolean pause;
        Set<TopicPartitionRef> adoptable = Set.of();
        Consumer<Progress> onProgress = p -> { };
        Consumer<List<PartitionMove>> onCompleted = b -> { };
        final List<Progress> progress = new ArrayList<>();
        final Set<TopicPartitionRef> submitted = new TreeSet<>();

        @Override
        public void batchStarted(int batch, int batches, List<PartitionMove> moves) {
            calls.add("batchStarted " + batch + "/" + batches + " " + moves.stream().map(PartitionMove::tp).toList());
        }

        @Override
        public void progress(Progress p) {
            calls.add("progress " + p.bytesCopied() + "/" + p.bytesTotal());
            progress.add(p);
            onProgress.accept(p);
        }

        @Override
        public void batchDone(int batch, int batches, Duration took) {
            calls.add("batchDone " + batch + "/" + batches);
        }

        @Override
        public boolean cancelRequested() {
            return cancel;
        }

        @Override
        public boolean pauseRequested() {
            return pause;
        }

        @Override
        public Set<TopicPartitionRef> adoptable() {
            return adoptable;
        }

        @Override
        public void submitting(List<PartitionMove> batch, boolean adopted) {
            List<TopicPartitionRef> tps = batch.stream().map(PartitionMove::tp).toList();
            calls.add("submitting " + (adopted ? "adopted " : "") + tps);
            submitted.addAll(tps);
        }

        @Override
        public void completed(List<PartitionMove> batch) {
            calls.add("completed " + batch.stream().map(PartitionMove::tp).toList());
            onCompleted.accept(batch);
        }
    }

    @Test
    void submitsBatchesInOrderWithThrottlesSetBeforeAndRemovedAfterExactCalls() {
        RunOutcome outcome = run("run-1", List.of(M0, M1), options(1, THROTTLE), new Steering());

        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.DONE);
        assertThat(outcome.message()).isEqualTo("Moved 2 partitions");
        assertThat(outcome.partitionsMoved()).isEqualTo(2);
        assertThat(outcome.bytesMoved()).isEqualTo(2000);
        assertThat(outcome.took()).isEqualTo(Duration.ofSeconds(2));
        assertThat(outcome.warnings()).isEmpty();
        assertThat(calls).containsExactly(
                "inProgress", "replicas [orders-0, orders-1]", "liveBrokers",
                "batchStarted 1/2 [orders-0]",
                "ledger.record run-1 [0, 1, 3] [orders]",
                "setBrokerThrottle [0, 1, 3] 1000",
                "setTopicThrottledReplicas orders [0:0, 0:1] [0:3]",
                "submitting [orders-0]",
                "startMoves {orders-0=[3, 1]}",
                "inProgress", "replicaSizes [orders-0]", "progress 1000/2000", "liveBrokers", "sleep 1000",
                "inProgress", "replicaSizes [orders-0]", "progress 1000/2000", "replicas [orders-0]",
                "completed [orders-0]", "batchDone 1/2",
                "batchStarted 2/2 [orders-1]",
                "ledger.record run-1 [0, 1, 2, 3] [orders]",
                "setBrokerThrottle [1, 2, 3] 1000",
                "setTopicThrottledReplicas orders [1:1, 1:2] [1:3]",
                "submitting [orders-1]",
                "startMoves {orders-1=[1, 3]}",
                "inProgress", "replicaSizes [orders-1]", "progress 2000/2000", "liveBrokers", "sleep 1000",
                "inProgress", "replicaSizes [orders-1]", "progress 2000/2000", "replicas [orders-1]",
                "completed [orders-1]", "batchDone 2/2",
                "electPreferredLeaders [orders-0, orders-1]",
                "setTopicThrottledReplicas orders [] []", "liveBrokers",
                "setBrokerThrottle [0] none", "setBrokerThrottle [1] none", "setBrokerThrottle [2] none",
                "setBrokerThrottle [3] none",
                "ledger.clear run-1");
        assertThat(admin.replicasNow(P0)).isEqualTo(M0.to());
        assertThat(admin.replicasNow(P1)).isEqualTo(M1.to());
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void withoutAThrottleNothingIsThrottledNorRecorded() {
        RunOutcome outcome = run("run-1", List.of(M0, M1), options(5, OptionalLong.empty()), new Steering());

        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.DONE);
        assertThat(writes()).containsExactly("startMoves {orders-0=[3, 1], orders-1=[1, 3]}",
                "electPreferredLeaders [orders-0, orders-1]");
    }

    @Test
    void progressCountsCopiedBytesOfInFlightReplicasWithRateAndEta() {
        admin = cluster(2);
        Steering s = new Steering();
        run("run-1", List.of(M0, M1), options(5, OptionalLong.empty()), s);

        assertThat(s.progress).containsExactly(
                new Progress(1000, 2000, 0, 2, 1, 1, 0.0, Optional.empty(), Duration.ZERO),
                new Progress(2000, 2000, 0, 2, 1, 1, 2000.0, Optional.of(Duration.ZERO), Duration.ofSeconds(1)),
                new Progress(2000, 2000, 2, 2, 1, 1, 1000.0, Optional.of(Duration.ZERO), Duration.ofSeconds(2)));
    }

    @Test
    void preCheckDropsMovesAlreadyInPlaceAndARerunMovesNothing() throws Exception {
        admin.startMoves(java.util.Map.of(P0, M0.to()));
        admin.inProgress();
        admin.inProgress();
        calls.clear();

        RunOutcome first = run("run-1", List.of(M0, M1), options(5, THROTTLE), new Steering());
        assertThat(first.message()).isEqualTo("Moved 2 partitions (1 already in place at the start)");
        assertThat(first.partitionsMoved()).isEqualTo(2);
        assertThat(writes()).filteredOn(c -> c.startsWith("startMoves")).containsExactly("startMoves {orders-1=[1, 3]}");

        calls.clear();
        RunOutcome again = run("run-2", List.of(M0, M1), options(5, THROTTLE), new Steering());
        assertThat(again.status()).isEqualTo(RunOutcome.Status.DONE);
        assertThat(again.message()).isEqualTo("Moved 2 partitions (2 already in place at the start)");
        assertThat(writes()).containsExactly("electPreferredLeaders []");
    }

    @Test
    void pauseStopsAtTheSafePointBetweenBatchesAndTheSamePlanLaterMovesOnlyWhatIsLeft() {
        Steering s = new Steering();
        s.onCompleted = batch -> s.pause = true;
        RunOutcome paused = run("run-1", List.of(M0, M1), options(1, THROTTLE), s);

        assertThat(paused.status()).isEqualTo(RunOutcome.Status.PAUSED);
        assertThat(paused.message()).isEqualTo("Paused at a safe point: 1 of 2 partitions moved, nothing in flight");
        assertThat(paused.partitionsMoved()).isEqualTo(1);
        assertThat(writes()).containsExactly("ledger.record run-1 [0, 1, 3] [orders]",
                "setBrokerThrottle [0, 1, 3] 1000", "setTopicThrottledReplicas orders [0:0, 0:1] [0:3]",
                "startMoves {orders-0=[3, 1]}",
                "setTopicThrottledReplicas orders [] []", "setBrokerThrottle [0] none", "setBrokerThrottle [1] none",
                "setBrokerThrottle [3] none", "ledger.clear run-1");

        calls.clear();
        RunOutcome resumed = run("run-1", List.of(M0, M1), options(1, THROTTLE), new Steering());
        assertThat(resumed.status()).isEqualTo(RunOutcome.Status.DONE);
        assertThat(resumed.partitionsMoved()).as("both segments").isEqualTo(2);
        assertThat(resumed.bytesMoved()).isEqualTo(M0.bytes() + M1.bytes());
        assertThat(resumed.message()).isEqualTo("Moved 2 partitions (1 already in place at the start)");
        assertThat(writes()).filteredOn(c -> c.startsWith("startMoves")).containsExactly("startMoves {orders-1=[1, 3]}");
        assertThat(admin.replicasNow(P1)).isEqualTo(M1.to());
    }

    @Test
    void cancelBetweenBatchesSubmitsNoMore() {
        Steering s = new Steering();
        s.onCompleted = batch -> s.cancel = true;
        RunOutcome outcome = run("run-1", List.of(M0, M1), options(1, THROTTLE), s);

        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.CANCELLED);
        assertThat(outcome.message()).isEqualTo("Cancelled between batches: 1 of 2 partitions moved, nothing in flight");
        assertThat(writes()).filteredOn(c -> c.startsWith("startMoves")).containsExactly("startMoves {orders-0=[3, 1]}");
        assertThat(writes()).endsWith(CLEAR_ALL.toArray(String[]::new));
        assertThat(writes()).as("leaders back on the preferred replicas after a cancel")
                .contains("electPreferredLeaders [orders-0]");
        assertThat(admin.replicasNow(P1)).isEqualTo(M1.from());
    }

    @Test
    void cancelInFlightRevertsTheMoveRestoresTheReplicaOrderAndRemovesThrottles() {
        admin = cluster(3);
        Steering s = new Steering();
        s.onProgress = p -> s.cancel = true;
        RunOutcome outcome = run("run-1", List.of(M0), options(5, THROTTLE), s);

        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.CANCELLED);
        assertThat(outcome.message()).isEqualTo("Cancelled: 1 in-flight move reverted, 0 partitions had already moved");
        assertThat(calls).containsSubsequence("startMoves {orders-0=[3, 1]}", "inProgress", "replicaSizes [orders-0]",
                "progress 333/1000", "cancelMoves [orders-0]", "inProgress", "replicas [orders-0]",
                "startMoves {orders-0=[0, 1]}", "inProgress", "electPreferredLeaders [orders-0]",
                "setTopicThrottledReplicas orders [] []");
        assertThat(writes()).containsExactly("ledger.record run-1 [0, 1, 3] [orders]",
                "setBrokerThrottle [0, 1, 3] 1000", "setTopicThrottledReplicas orders [0:0, 0:1] [0:3]",
                "startMoves {orders-0=[3, 1]}", "cancelMoves [orders-0]", "startMoves {orders-0=[0, 1]}",
                "electPreferredLeaders [orders-0]", "setTopicThrottledReplicas orders [] []",
                "setBrokerThrottle [0] none", "setBrokerThrottle [1] none", "setBrokerThrottle [3] none",
                "ledger.clear run-1");
        assertThat(admin.replicasNow(P0)).isEqualTo(M0.from());
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void aFailedSubmissionStillRemovesTheThrottles() {
        admin.failAfter("startMoves", 0);
        RunOutcome outcome = run("run-1", List.of(M0), options(5, THROTTLE), new Steering());

        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.FAILED);
        assertThat(outcome.message()).isEqualTo("Stopped: startMoves on test failed: injected failure");
        assertThat(writes()).containsExactly("ledger.record run-1 [0, 1, 3] [orders]",
                "setBrokerThrottle [0, 1, 3] 1000", "setTopicThrottledReplicas orders [0:0, 0:1] [0:3]",
                "startMoves {orders-0=[3, 1]} -> failed", "cancelMoves []",
                "setTopicThrottledReplicas orders [] []", "setBrokerThrottle [0] none", "setBrokerThrottle [1] none",
                "setBrokerThrottle [3] none", "ledger.clear run-1");
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void aFailedPollRevertsTheInFlightMoveAndRemovesThrottles() {
        admin = cluster(3);
        admin.failAfter("replicaSizes", 1);
        RunOutcome outcome = run("run-1", List.of(M0), options(5, THROTTLE), new Steering());

        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.FAILED);
        assertThat(outcome.message()).isEqualTo(
                "Stopped: replicaSizes on test failed: injected failure; 1 in-flight moves reverted");
        assertThat(writes()).containsSubsequence("startMoves {orders-0=[3, 1]}", "cancelMoves [orders-0]",
                "startMoves {orders-0=[0, 1]}", "electPreferredLeaders [orders-0]");
        assertThat(writes()).endsWith(CLEAR_ALL.toArray(String[]::new));
        assertThat(admin.replicasNow(P0)).isEqualTo(M0.from());
    }

    @Test
    void aThrottleThatCannotBeRemovedStaysInTheLedgerWithAWarning() {
        admin.failAfter("setTopicThrottledReplicas", 1);
        RunOutcome outcome = run("run-1", List.of(M0), options(5, THROTTLE), new Steering());

        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.DONE);
        assertThat(outcome.warnings()).containsExactly("Throttles could not be removed yet: the throttled replicas of "
                + "topic(s) [orders] (setTopicThrottledReplicas on test failed: injected failure); the bot removes "
                + "them at its next start or with the next run.");
        assertThat(ledger.entries()).containsExactly(new ThrottleLedger.Entry("test", "run-1", Set.of(),
                Set.of("orders")));
        assertThat(writes()).endsWith("setBrokerThrottle [3] none", "ledger.record run-1 [] [orders]");
    }

    @Test
    void aDestinationBrokerThatDiesMidMoveRevertsAndItsThrottleWaitsInTheLedger() {
        admin = cluster(3);
        Steering s = new Steering();
        s.onProgress = p -> admin.stopBroker(3);
        RunOutcome outcome = run("run-1", List.of(M0), options(5, THROTTLE), s);

        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.FAILED);
        assertThat(outcome.message()).isEqualTo("Destination broker 3 went down during the move of orders-0; "
                + "in-flight moves reverted. Bring the broker back and plan again.");
        assertThat(writes()).containsSubsequence("startMoves {orders-0=[3, 1]}", "cancelMoves [orders-0]",
                "setTopicThrottledReplicas orders [] []", "setBrokerThrottle [0] none", "setBrokerThrottle [1] none",
                "ledger.record run-1 [3] []");
        assertThat(outcome.warnings()).containsExactly("Throttles could not be removed yet: the rate on broker(s) [3] "
                + "(broker(s) [3] not alive); the bot removes them at its next start or with the next run.");
        assertThat(admin.replicasNow(P0)).isEqualTo(M0.from());
    }

    @Test
    void aResumeAfterACrashAdoptsTheInFlightMoveAndNeverResubmitsACompletedBatch() {
        admin = cluster(3);
        Steering crashing = new Steering();
        crashing.onProgress = p -> {
            if (p.batch() == 2) throw new IllegalStateException("bot crashed");
        };
        assertThatThrownBy(() -> run("run-1", List.of(M0, M1, M2), options(1, THROTTLE), crashing))
                .hasMessage("bot crashed");
        assertThat(crashing.submitted).containsExactly(P0, P1);

        calls.clear();
        Steering resumed = new Steering();
        resumed.adoptable = crashing.submitted;
        RunOutcome outcome = run("run-1", List.of(M0, M1, M2), options(1, THROTTLE), resumed);

        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.DONE);
        assertThat(outcome.partitionsMoved()).isEqualTo(3);
        assertThat(calls).filteredOn(c -> c.startsWith("submitting") || c.startsWith("startMoves"))
                .containsExactly("submitting adopted [orders-1]", "submitting [orders-2]",
                        "startMoves {orders-2=[2, 3]}");
        assertThat(calls).startsWith("inProgress", "inProgressTargets");
        for (PartitionMove m : List.of(M0, M1, M2)) assertThat(admin.replicasNow(m.tp())).isEqualTo(m.to());
    }

    @Test
    void finalReplicasAreReadAgainWhileMetadataLagsBehind() {
        admin.describeLag(3);
        RunOutcome outcome = run("run-1", List.of(M0), options(5, OptionalLong.empty()), new Steering());

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunOutcome.Status.DONE);
        assertThat(calls).filteredOn(c -> c.startsWith("replicas [orders-0]")).hasSize(1 + 4); // pre-check, then 3 stale reads
        assertThat(calls).filteredOn(c -> c.startsWith("sleep")).endsWith("sleep 200", "sleep 200", "sleep 200");
    }

    @Test
    void finalReplicasThatNeverMatchFailTheRunAfterTheSettleTime() {
        admin.describeLag(Integer.MAX_VALUE);
        RunOutcome outcome = run("run-1", List.of(M0), options(5, OptionalLong.empty()), new Steering());

        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.FAILED);
        assertThat(outcome.message()).isEqualTo("Partition orders-0 ended with replicas [3, 1, 0] instead of [3, 1]");
        assertThat(Duration.between(T0, clock.instant())).isGreaterThanOrEqualTo(BatchWatch.SETTLE);
    }

    @Test
    void aFailedLeaderElectionIsAWarningOnly() {
        admin.failAfter("electPreferredLeaders", 0);
        RunOutcome outcome = run("run-1", List.of(M0), options(5, OptionalLong.empty()), new Steering());

        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.DONE);
        assertThat(outcome.warnings()).containsExactly(
                "Preferred leader election failed: electPreferredLeaders on test failed: injected failure");
    }

    @Test
    void refusesWhileAnotherReassignmentIsInProgressUnlessAllowed() throws Exception {
        admin = cluster(3);
        admin.startMoves(java.util.Map.of(P2, M2.to()));
        calls.clear();
        RunOutcome refused = run("run-1", List.of(M0), options(5, THROTTLE), new Steering());

        assertThat(refused.status()).isEqualTo(RunOutcome.Status.REFUSED);
        assertThat(refused.message()).isEqualTo("Another reassignment is in progress (1 partition, e.g. orders-2); "
                + "wait for it to finish or cancel it first.");
        assertThat(calls).containsExactly("inProgress");

        var allowing = new ReassignmentRunner.Options(5, THROTTLE, Duration.ofSeconds(1), true);
        assertThat(run("run-1", List.of(M0), allowing, new Steering()).status()).isEqualTo(RunOutcome.Status.DONE);
    }

    @Test
    void refusesAPlanWhosePartitionChangedOrVanishedOrWhoseDestinationIsDown() {
        PartitionMove stale = move(P0, List.of(1, 2), List.of(3, 2));
        assertRefused(List.of(stale), "Partition orders-0 changed since the plan was made (replicas now [0, 1], "
                + "plan expected [1, 2]); plan again.");
        PartitionMove gone = move(new TopicPartitionRef("orders", 7), List.of(0, 1), List.of(3, 1));
        assertRefused(List.of(M1, gone), "Partition orders-7 no longer exists; plan again.");
        admin.stopBroker(3);
        assertRefused(List.of(M0), "Destination broker 3 is not alive; nothing was moved.");
        PartitionMove unknownTopic = move(new TopicPartitionRef("gone", 0), List.of(0, 1), List.of(3, 1));
        assertRefused(List.of(unknownTopic), "This server does not host this topic-partition: gone");
    }

    private void assertRefused(List<PartitionMove> moves, String message) {
        calls.clear();
        RunOutcome outcome = run("run-1", moves, options(5, THROTTLE), new Steering());
        assertThat(outcome.status()).isEqualTo(RunOutcome.Status.REFUSED);
        assertThat(outcome.message()).isEqualTo(message);
        assertThat(writes()).isEmpty();
    }
}
