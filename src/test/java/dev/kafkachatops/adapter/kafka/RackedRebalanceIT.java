package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.adapter.store.FileThrottleLedger;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.Target;
import dev.kafkachatops.run.reassign.ReassignmentRunner;
import dev.kafkachatops.run.reassign.RunOutcome;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rebalance on a real cluster with racks: 6 brokers on racks a, a, b, b, c, c, a topic with RF 3 and data living
 * on brokers 0-2 only (racks a, a, b: two replicas share rack a). The planner reads the live cluster, the runner
 * moves the data throttled; afterwards every partition spans the three racks, counts are even, the replicas are
 * exactly the plan's, and no throttle is left.
 */
class RackedRebalanceIT {
    private static KafkaClusterTestKit cluster;
    private static Admin admin;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Map<Integer, Map<String, String>> racks = new HashMap<>();
        String[] r = {"a", "a", "b", "b", "c", "c"};
        for (int b = 0; b < 6; b++) racks.put(b, Map.of("broker.rack", r[b]));
        cluster = dev.kafkachatops.TestClusters.start(6, racks);
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void planFromTheLiveClusterSpreadsRacksAndBalancesWithTheMinimumMoves() throws Exception {
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < 12; p++) assignment.put(p, List.of(p % 3, (p + 1) % 3, (p + 2) % 3));
        admin.createTopics(List.of(new NewTopic("payments", assignment))).all().get();
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, "20"), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int p = 0; p < 12; p++) {
                for (int i = 0; i < 500; i++) producer.send(new ProducerRecord<>("payments", p, null, new byte[1000]));
            }
            producer.flush();
        }
        ClusterAssignment live = new AdminAssignmentSource("test", admin, Duration.ofSeconds(15)).read("payments");
        ReassignmentPlan plan = RebalancePlanner.plan(live, "payments", Target.allAlive(), OptionalLong.of(20_000_000));
        assertThat(plan.replicaMoves()).isEqualTo(plan.lowerBound());

        var port = new AdminReassignment("test", admin, Duration.ofSeconds(15));
        var runner = new ReassignmentRunner(port, new FileThrottleLedger(tmp.resolve("ledger.json")),
                Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
        RunOutcome outcome = runner.run("test", "racked", plan.moves(), ReassignmentRunner.Options.defaults(
                plan.throttleBytesPerSec()), new ReassignmentRunner.Listener() {
        }, () -> false);
        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunOutcome.Status.DONE);

        var now = port.replicas(plan.moves().stream().map(PartitionMove::tp).toList());
        for (PartitionMove m : plan.moves()) assertThat(now.get(m.tp())).isEqualTo(m.to());
        var all = port.replicas(assignment.keySet().stream().map(p -> new TopicPartitionRef("payments", p)).toList());
        Map<Integer, Integer> perBroker = new HashMap<>();
        for (List<Integer> replicas : all.values()) {
            Set<String> racksOfPartition = new HashSet<>();
            for (int b : replicas) {
                racksOfPartition.add(b < 2 ? "a" : b < 4 ? "b" : "c");
                perBroker.merge(b, 1, Integer::sum);
            }
            assertThat(racksOfPartition).as("racks of " + replicas).hasSize(3);
        }
        assertThat(perBroker).containsOnlyKeys(0, 1, 2, 3, 4, 5).allSatisfy((b, n) -> assertThat(n).isEqualTo(6));
        for (int b = 0; b < 6; b++) assertThat(port.brokerThrottle(b)).isEmpty();
        assertThat(port.topicThrottle("payments")).isEmpty();
        // planning again from the live cluster: nothing left to move
        ClusterAssignment after = new AdminAssignmentSource("test", admin, Duration.ofSeconds(15)).read("payments");
        assertThat(RebalancePlanner.plan(after, "payments", Target.allAlive(), OptionalLong.empty()).isEmpty()).isTrue();
    }
}
