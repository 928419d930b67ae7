package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.adapter.store.FileThrottleLedger;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.run.reassign.Progress;
import dev.kafkachatops.run.reassign.ReassignmentRunner;
import dev.kafkachatops.run.reassign.RunOutcome;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reassignment runner against a real in-process cluster of 4 brokers: throttled moves onto a new broker,
 * throttles set only while moving and gone afterwards, cancel reverting in-flight moves, refusals.
 */
class ReassignmentRunnerIT {
    private static final int PARTITION_BYTES = 3 * 1024 * 1024;
    private static TestKitCluster kafka;
    private static Admin admin;
    private static AdminReassignment port;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKitCluster.start(4);
        admin = kafka.admin;
        port = kafka.port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    private static void createTopic(String name, Map<Integer, List<Integer>> assignment) throws Exception {
        kafka.createTopic(name, assignment, PARTITION_BYTES);
    }

    private static List<PartitionMove> moves(String topic, Map<Integer, List<List<Integer>>> fromTo) throws Exception {
        var sizes = port.replicaSizes(fromTo.keySet().stream().map(p -> new TopicPartitionRef(topic, p)).toList());
        List<PartitionMove> out = new ArrayList<>();
        fromTo.forEach((p, ft) -> {
            var tp = new TopicPartitionRef(topic, p);
            long size = sizes.get(tp).values().stream().mapToLong(Long::longValue).max().orElse(0);
            long added = ft.get(1).stream().filter(b -> !ft.get(0).contains(b)).count();
            out.add(new PartitionMove(tp, ft.get(0), ft.get(1), size * added));
        });
        return out;
    }

    private ReassignmentRunner runner(Path ledger) {
        return new ReassignmentRunner(port, new FileThrottleLedger(ledger), Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()));
    }

    @Test
    void throttledMovesOntoANewBrokerAndNoThrottleLeft() throws Exception {
        createTopic("orders", Map.of(0, List.of(0, 1), 1, List.of(1, 2), 2, List.of(2, 0), 3, List.of(0, 1)));
        List<PartitionMove> moves = moves("orders", Map.of(0, List.of(List.of(0, 1), List.of(3, 1)),
                1, List.of(List.of(1, 2), List.of(1, 3)), 2, List.of(List.of(2, 0), List.of(2, 3))));
        long throttle = 4_000_000;
        List<Progress> seen = new ArrayList<>();
        AtomicBoolean throttleSeenWhileMoving = new AtomicBoolean();
        var listener = new ReassignmentRunner.Listener() {
            @Override
            public void progress(Progress p) {
                seen.add(p);
                try {
                    if (!port.brokerThrottle(3).isEmpty() && !port.topicThrottle("orders").isEmpty()) {
                        throttleSeenWhileMoving.set(true);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }
        };
        Path ledger = tmp.resolve("ledger-1.json");
        var options = new ReassignmentRunner.Options(5, OptionalLong.of(throttle), Duration.ofMillis(250), false);
        RunOutcome outcome = runner(ledger).run("test", "run-1", moves, options, listener, () -> false);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunOutcome.Status.DONE);
        assertThat(outcome.warnings()).isEmpty();
        var now = port.replicas(moves.stream().map(PartitionMove::tp).toList());
        for (PartitionMove m : moves) assertThat(now.get(m.tp())).isEqualTo(m.to());
        assertThat(port.inProgress()).isEmpty();
        assertThat(throttleSeenWhileMoving).as("throttles set during the move").isTrue();
        kafka.awaitNoThrottle("orders");
        assertThat(new FileThrottleLedger(ledger).entries()).isEmpty();
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1).percent()).isEqualTo(100.0);
        // throughput against the throttle is measured on real broker processes in ReassignmentFailureIT
        // preferred leaders restored: the first replica leads
        var leaders = admin.describeTopics(List.of("orders")).allTopicNames().get().get("orders").partitions();
        for (var p : leaders) assertThat(p.leader().id()).isEqualTo(p.replicas().get(0).id());
    }

    @Test
    void cancelRevertsInFlightMovesAndRemovesThrottles() throws Exception {
        createTopic("payments", Map.of(0, List.of(0, 1), 1, List.of(1, 2)));
        List<PartitionMove> moves = moves("payments", Map.of(0, List.of(List.of(0, 1), List.of(3, 1)),
                1, List.of(List.of(1, 2), List.of(3, 2))));
        AtomicBoolean cancel = new AtomicBoolean();
        var listener = new ReassignmentRunner.Listener() {
            @Override
            public void progress(Progress p) {
                if (p.elapsed().toMillis() > 1500) cancel.set(true);
            }
        };
        var options = new ReassignmentRunner.Options(5, OptionalLong.of(100_000), Duration.ofMillis(250), false);
        RunOutcome outcome = runner(tmp.resolve("ledger-2.json")).run("test", "run-2", moves, options, listener,
                cancel::get);
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunOutcome.Status.CANCELLED);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!port.inProgress().isEmpty() && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(port.inProgress()).isEmpty();
        var now = port.replicas(moves.stream().map(PartitionMove::tp).toList());
        for (PartitionMove m : moves) assertThat(now.get(m.tp())).as("reverted").isEqualTo(m.from());
        kafka.awaitNoThrottle("payments");
    }

    @Test
    void refusesWhenThePlanNoLongerMatchesOrADestinationIsUnknown() throws Exception {
        createTopic("refunds", Map.of(0, List.of(0, 1)));
        var stale = List.of(new PartitionMove(new TopicPartitionRef("refunds", 0), List.of(1, 2), List.of(3, 2), 0));
        var options = ReassignmentRunner.Options.defaults(OptionalLong.empty());
        RunOutcome r = runner(tmp.resolve("ledger-3.json")).run("test", "run-3", stale, options,
                new ReassignmentRunner.Listener() {
                }, () -> false);
        assertThat(r.status()).isEqualTo(RunOutcome.Status.REFUSED);
        assertThat(r.message()).isEqualTo("Partition refunds-0 changed since the plan was made (replicas now [0, 1], "
                + "plan expected [1, 2]); plan again.");
        var toDead = List.of(new PartitionMove(new TopicPartitionRef("refunds", 0), List.of(0, 1), List.of(9, 1), 0));
        RunOutcome dead = runner(tmp.resolve("ledger-3.json")).run("test", "run-3b", toDead, options,
                new ReassignmentRunner.Listener() {
                }, () -> false);
        assertThat(dead.status()).isEqualTo(RunOutcome.Status.REFUSED);
        assertThat(dead.message()).isEqualTo("Destination broker 9 is not alive; nothing was moved.");
        assertThat(port.replicas(List.of(new TopicPartitionRef("refunds", 0))).values()).containsExactly(List.of(0, 1));
    }
}
