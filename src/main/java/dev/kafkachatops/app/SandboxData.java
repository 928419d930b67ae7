package dev.kafkachatops.app;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The sandbox's demo data: topic {@code orders} placed only on the first brokers (the "old" ones), with some
 * data, so that {@code /kafka rebalance orders} and {@code /kafka expand} have real work to do.
 */
final class SandboxData {
    static final int PARTITIONS = 12;
    static final int BYTES_PER_PARTITION = 1_000_000;

    private SandboxData() {
    }

    /** @return one line describing what was created */
    static String createOrders(String bootstrap, int oldBrokers) throws Exception {
        int rf = Math.min(3, oldBrokers);
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            List<Integer> replicas = new ArrayList<>();
            for (int r = 0; r < rf; r++) replicas.add(1 + (p + r) % oldBrokers);
            assignment.put(p, replicas);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic("orders", assignment).configs(Map.of("min.insync.replicas",
                    String.valueOf(Math.max(1, rf - 1)))))).all().get();
        }
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20);
        try (var producer = new KafkaProducer<byte[], byte[]>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            byte[] value = new byte[1000];
            new Random(42).nextBytes(value);
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < BYTES_PER_PARTITION / value.length; i++) {
                    producer.send(new ProducerRecord<>("orders", p, null, value));
                }
            }
            producer.flush();
        }
        return "Created topic orders: " + PARTITIONS + " partitions, replication factor " + rf + ", on brokers 1-"
                + oldBrokers + ", " + (PARTITIONS * BYTES_PER_PARTITION / 1_000_000) + " MB per replica set";
    }
}
