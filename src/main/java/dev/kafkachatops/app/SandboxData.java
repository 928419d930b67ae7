package dev.kafkachatops.app;

import dev.kafkachatops.app.SandboxTopics.DemoTopic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandbox's demo data ({@link SandboxTopics}) written to a live cluster.
 *
 * <ol>
 *   <li>Every topic is created in one request, with its explicit assignment; then we wait until every broker
 *       holds a log for each replica it was given (a broker still creating them answers NOT_LEADER_OR_FOLLOWER,
 *       which the producer would retry, with a warning on the console each time).</li>
 *   <li>One producer ({@code acks=all}, idempotent, 256 KB batches) writes the first record of every partition and
 *       flushes: a leader that has only just learnt of its partition answers NOT_LEADER_OR_FOLLOWER, and with one
 *       batch per partition in flight the retry cannot overtake a later batch (several batches in flight to a
 *       brand-new partition were seen to end in OutOfOrderSequence retried for two minutes).</li>
 *   <li>Then it writes the rest, partition after partition, and flushes; any failed send fails the whole.</li>
 * </ol>
 */
final class SandboxData {
    /** Large batches: the default data (about 36 MB of 1000-byte records) is written in a few seconds. */
    private static final int BATCH_BYTES = 256 * 1024;
    private static final Duration LOGS_TIMEOUT = Duration.ofSeconds(60);

    private SandboxData() {
    }

    /**
     * Creates {@code orders} and the first {@code smallTopics} small topics on brokers 1..{@code oldBrokers}.
     *
     * @return the lines for the start-up summary, one per kind of topic created
     */
    static List<String> create(String bootstrap, int oldBrokers, int smallTopics) throws Exception {
        DemoTopic orders = SandboxTopics.orders(oldBrokers);
        List<DemoTopic> small = SandboxTopics.small(smallTopics, oldBrokers);
        List<DemoTopic> all = new ArrayList<>(List.of(orders));
        all.addAll(small);
        create(bootstrap, all, SandboxTopics.minInsyncReplicas(oldBrokers));
        List<String> lines = new ArrayList<>(List.of(SandboxTopics.describeOrders(orders, oldBrokers)));
        if (!small.isEmpty()) lines.add(SandboxTopics.describeSmall(small, oldBrokers));
        return lines;
    }

    /** Creates {@code topics} (with {@code min.insync.replicas}) and writes each one's bytes into every partition. */
    static void create(String bootstrap, List<DemoTopic> topics, int minInsync) throws Exception {
        List<NewTopic> newTopics = topics.stream().map(t -> new NewTopic(t.name(), t.assignment())
                .configs(Map.of("min.insync.replicas", String.valueOf(minInsync)))).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(newTopics).all().get();
            awaitLogs(admin, topics);
        }
        try (Writer writer = new Writer(bootstrap)) {
            for (DemoTopic t : topics) {
                for (int p : t.assignment().keySet()) writer.send(t.name(), p, Math.min(1, records(t)));
            }
            writer.flush();
            for (DemoTopic t : topics) {
                for (int p : t.assignment().keySet()) writer.send(t.name(), p, records(t) - 1);
            }
            writer.flush();
        }
    }

    /** Polls the brokers' log directories until each broker has a log for every replica assigned to it. */
    private static void awaitLogs(Admin admin, List<DemoTopic> topics) throws Exception {
        Map<Integer, Set<TopicPartition>> expected = new TreeMap<>();
        for (DemoTopic t : topics) {
            t.assignment().forEach((p, replicas) -> replicas.forEach(b -> expected
                    .computeIfAbsent(b, x -> new HashSet<>()).add(new TopicPartition(t.name(), p))));
        }
        long deadline = System.nanoTime() + LOGS_TIMEOUT.toNanos();
        while (true) {
            Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(expected.keySet())
                    .allDescriptions().get();
            if (expected.entrySet().stream().allMatch(e -> dirs.get(e.getKey()).values().stream()
                    .flatMap(d -> d.replicaInfos().keySet().stream()).toList().containsAll(e.getValue()))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the brokers did not create the demo topics' logs within "
                        + LOGS_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private static int records(DemoTopic t) {
        return t.bytesPerPartition() / SandboxTopics.RECORD_BYTES;
    }

    /** The one producer: sends copies of one random record and remembers the first failure. */
    private static final class Writer implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final byte[] value = new byte[SandboxTopics.RECORD_BYTES];
        private final AtomicReference<Exception> failed = new AtomicReference<>();

        Writer(String bootstrap) {
            Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                    ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES, ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            new Random(SandboxTopics.SEED).nextBytes(value);
        }

        void send(String topic, int partition, int records) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, partition, null, value), (m, e) -> {
                    if (e != null) failed.compareAndSet(null, e);
                });
            }
        }

        /** Waits for every send so far; throws if any failed. */
        void flush() {
            producer.flush();
            Exception e = failed.get();
            if (e != null) throw new IllegalStateException("could not write the demo data: " + e.getMessage(), e);
        }

        @Override
        public void close() {
            producer.close();
        }
    }
}
