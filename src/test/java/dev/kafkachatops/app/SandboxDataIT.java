package dev.kafkachatops.app;

import dev.kafkachatops.TestClusters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's demo data written to a real cluster of 4 brokers (ids 0-3): with 3 old brokers everything lands on
 * brokers 1-3 and broker 0 stays empty, as broker 4 does in the sandbox.
 */
class SandboxDataIT {
    private static KafkaClusterTestKit cluster;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestClusters.start(4);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void thirtySmallTopicsOfVariedSizesSitEvenlyOnTheOldBrokersOnly() throws Exception {
        long t0 = System.nanoTime();
        List<String> lines = SandboxData.create(cluster.bootstrapServers(), 3, 30);
        System.out.println("sandbox data written in " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + lines);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith("Created 30 small topics (1-3 partitions, 20 KB-3 MB per partition, ")
                .endsWith(" MB) on brokers 1-3");

        assertThat(admin.listTopics().names().get()).containsAll(SandboxTopics.SMALL_NAMES).contains("orders");
        Map<String, TopicDescription> topics = admin.describeTopics(SandboxTopics.SMALL_NAMES).allTopicNames().get();
        Map<Integer, Integer> replicasPerBroker = new TreeMap<>(Map.of(1, 0, 2, 0, 3, 0));
        for (TopicDescription t : topics.values()) {
            assertThat(t.partitions()).hasSizeBetween(1, 3);
            for (TopicPartitionInfo p : t.partitions()) {
                List<Integer> replicas = p.replicas().stream().map(Node::id).toList();
                assertThat(replicas).as(t.name() + "-" + p.partition()).hasSize(3)
                        .allSatisfy(b -> assertThat(b).isBetween(1, 3));
                replicas.forEach(b -> replicasPerBroker.merge(b, 1, Integer::sum));
            }
        }
        IntSummaryStatistics perBroker = replicasPerBroker.values().stream().mapToInt(Integer::intValue)
                .summaryStatistics();
        assertThat(perBroker.getMax() - perBroker.getMin()).as("replicas per broker " + replicasPerBroker)
                .isLessThanOrEqualTo(1);

        Map<TopicPartition, Long> sizes = partitionSizes();
        sizes.keySet().removeIf(tp -> !SandboxTopics.SMALL_NAMES.contains(tp.topic()));
        assertThat(sizes).hasSize(topics.values().stream().mapToInt(t -> t.partitions().size()).sum());
        long smallest = sizes.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        long largest = sizes.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.println("small topics' partitions on disk: " + smallest + " to " + largest + " bytes");
        assertThat(smallest).isGreaterThanOrEqualTo(20_000);
        assertThat(largest).isGreaterThanOrEqualTo(20 * smallest);
        String minIsr = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "audit-log")))
                .all().get().values().iterator().next().get("min.insync.replicas").value();
        assertThat(minIsr).isEqualTo("2");
    }

    /** Bytes on disk per partition (the largest replica), read from every broker's log directories. */
    private static Map<TopicPartition, Long> partitionSizes() throws Exception {
        Map<TopicPartition, Long> sizes = new HashMap<>();
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(List.of(0, 1, 2, 3))
                .allDescriptions().get();
        assertThat(dirs.get(0).values()).allSatisfy(d -> assertThat(d.replicaInfos()).isEmpty());
        dirs.values().forEach(byDir -> byDir.values().forEach(d -> d.replicaInfos()
                .forEach((tp, info) -> sizes.merge(tp, info.size(), Math::max))));
        return sizes;
    }
}
