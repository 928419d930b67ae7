package dev.kafkachatops.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Topics for the chat tests: created with the replicas a test chooses, filled with 1 kB records. */
final class TestTopics {
    private TestTopics() {
    }

    /** Creates {@code topic} with {@code partitions} partitions, partition p on {@code replicas.apply(p)}. */
    static void create(Admin admin, String topic, int partitions, IntFunction<List<Integer>> replicas,
                       Map<String, String> configs) throws Exception {
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < partitions; p++) assignment.put(p, replicas.apply(p));
        admin.createTopics(List.of(new NewTopic(topic, assignment).configs(configs))).all().get();
    }

    /** Writes {@code perPartition} records of 1000 bytes to each of the first {@code partitions} partitions. */
    static void fill(String bootstrap, String topic, int partitions, int perPartition) {
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ProducerConfig.LINGER_MS_CONFIG, "20"), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int p = 0; p < partitions; p++) {
                for (int i = 0; i < perPartition; i++) producer.send(new ProducerRecord<>(topic, p, null, new byte[1000]));
            }
            producer.flush();
        }
    }
}
