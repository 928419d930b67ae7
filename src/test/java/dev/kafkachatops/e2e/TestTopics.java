package dev.kafkachatops.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/** Topics for the chat tests: created with the replicas a test chooses, filled with 1 kB records or by size. */
final class TestTopics {
    private static final int RECORD_BYTES = 64 * 1024;

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

    /**
     * Writes {@code bytes.get(partition)} bytes of random values to each partition, in records of at most 64 kB: one
     * producer, 1 MB batches, acks=all, so every replica holds them when this returns.
     *
     * @throws IllegalStateException when a write fails
     */
    static void fillBytes(String bootstrap, Map<TopicPartition, Integer> bytes, long seed) {
        byte[] chunk = new byte[RECORD_BYTES];
        new Random(seed).nextBytes(chunk);
        var failure = new AtomicReference<Exception>();
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, "10",
                ProducerConfig.BATCH_SIZE_CONFIG, "1000000", ProducerConfig.BUFFER_MEMORY_CONFIG,
                String.valueOf(64 << 20), ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(4 << 20)),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            bytes.forEach((tp, size) -> {
                for (int left = size; left > 0; left -= RECORD_BYTES) {
                    byte[] value = left >= RECORD_BYTES ? chunk : Arrays.copyOf(chunk, left);
                    producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), null, value), (meta, e) -> {
                        if (e != null) failure.compareAndSet(null, e);
                    });
                }
            });
            producer.flush();
        }
        if (failure.get() != null) throw new IllegalStateException("a write failed", failure.get());
    }
}
