package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.TestClusters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;

/**
 * An in-process cluster ({@link TestClusters}) with an Admin client and the {@link AdminReassignment} adapter over
 * it, started once per test class; topics are created with an explicit assignment and filled with 1 KiB records.
 */
final class TestKitCluster implements AutoCloseable {
    final KafkaClusterTestKit cluster;
    final Admin admin;
    final AdminReassignment port;

    private TestKitCluster(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        this.port = new AdminReassignment("test", admin, Duration.ofSeconds(15));
    }

    static TestKitCluster start(int brokers) throws Exception {
        return new TestKitCluster(TestClusters.start(brokers));
    }

    @Override
    public void close() throws Exception {
        try {
            admin.close();
        } finally {
            cluster.close();
        }
    }

    /**
     * Creates {@code name}, waits until a broker describes it with a leader for every partition, and writes about
     * {@code bytesPerPartition} (whole KiB, acks=all) into each partition.
     */
    void createTopic(String name, Map<Integer, List<Integer>> assignment, int bytesPerPartition) throws Exception {
        createTopic(name, assignment, Map.of());
        if (bytesPerPartition < 1024) return;
        var props = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        try (var p = new KafkaProducer<byte[], byte[]>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] value = new byte[1024];
            new Random(1).nextBytes(value);
            for (int partition : assignment.keySet()) {
                for (int i = 0; i < bytesPerPartition / 1024; i++) {
                    p.send(new ProducerRecord<>(name, partition, null, value));
                }
            }
            p.flush();
        }
    }

    /** Creates {@code name} with partition i on {@code assignment.get(i)} and topic {@code configs}, led everywhere. */
    void createTopic(String name, List<List<Integer>> assignment, Map<String, String> configs) throws Exception {
        createTopic(name, byPartition(assignment), configs);
    }

    /** Partition i on {@code assignment.get(i)}. */
    static Map<Integer, List<Integer>> byPartition(List<List<Integer>> assignment) {
        Map<Integer, List<Integer>> byPartition = new TreeMap<>();
        for (int p = 0; p < assignment.size(); p++) byPartition.put(p, assignment.get(p));
        return byPartition;
    }

    private void createTopic(String name, Map<Integer, List<Integer>> assignment, Map<String, String> configs)
            throws Exception {
        admin.createTopics(List.of(new NewTopic(name, assignment).configs(configs))).all().get();
        awaitLeaders(name, assignment.size());
    }

    private void awaitLeaders(String name, int partitions) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                var d = admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
                if (d.partitions().size() == partitions && d.partitions().stream().allMatch(p -> p.leader() != null)) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) throw e;
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException(name + " has no leader for every partition");
            Thread.sleep(50);
        }
    }

    /**
     * A throttle's removal reaches a broker with the metadata record that carries it, a moment after the call
     * returns: reads until neither a live broker nor {@code topic} shows a throttle (15 s at most).
     */
    void awaitNoThrottle(String topic) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Map<String, Object> left = new TreeMap<>();
            for (int b : port.liveBrokers()) {
                if (!port.brokerThrottle(b).isEmpty()) left.put("broker " + b, port.brokerThrottle(b));
            }
            if (!port.topicThrottle(topic).isEmpty()) left.put(topic, port.topicThrottle(topic));
            if (left.isEmpty()) return;
            if (System.nanoTime() > deadline) throw new AssertionError("throttles left after 15 s: " + left);
            Thread.sleep(100);
        }
    }
}
