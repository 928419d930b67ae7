package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.adapter.store.FileThrottleLedger;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.port.ThrottleLedger;
import dev.kafkachatops.run.reassign.Progress;
import dev.kafkachatops.run.reassign.ReassignmentRunner;
import dev.kafkachatops.run.reassign.RunOutcome;
import dev.kafkachatops.run.reassign.ThrottleSweeper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reassignment runner against real Kafka 3.9.1 broker processes ({@link LocalKafkaCluster}: nodes 1-3 are
 * combined broker+controller, node 4 is a broker only): a destination broker SIGKILLed in the middle of a
 * throttled move, the throughput of a throttled move, and the sweep of throttles left by a bot that crashed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReassignmentFailureIT {
    private static final List<Integer> ALL = List.of(1, 2, 3, 4);
    private static final Duration AWAIT = Duration.ofSeconds(60);
    private static LocalKafkaCluster cluster;
    private static Admin admin;
    private static AdminReassignment port;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        cluster = LocalKafkaCluster.builder().baseDir(tmp.resolve("cluster")).version("3.9.1").nodes(4)
                .controllers(3).start();
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        port = new AdminReassignment("local", admin, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() {
        try {
            if (admin != null) admin.close(Duration.ofSeconds(5));
        } finally {
            if (cluster != null) cluster.close();
        }
    }

    /** A test that failed half-way must not leave the next one with a dead broker. */
    @BeforeEach
    void allBrokersUp() throws Exception {
        boolean restarted = false;
        for (int id : ALL) {
            if (!cluster.node(id).isRunning()) {
                cluster.node(id).start();
                restarted = true;
            }
        }
        if (restarted) cluster.awaitBrokers(ALL, Duration.ofSeconds(120));
    }

    @Test
    @Order(1)
    void destinationBrokerKilledMidMoveRevertsAndRemovesThrottles() throws Exception {
        String topic = "failing";
        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(1, 2), 1, List.of(2, 3), 2, List.of(3, 1));
        createTopic(topic, assignment, 4L * 1024 * 1024);
        Map<Integer, List<Integer>> targets = Map.of(0, List.of(4, 2), 1, List.of(2, 4), 2, List.of(3, 4));
        List<PartitionMove> moves = moves(topic, assignment, targets);
        Path ledgerFile = tmp.resolve("ledger-kill.json");
        FileThrottleLedger ledger = new FileThrottleLedger(ledgerFile);

        CountDownLatch copying = new CountDownLatch(1);
        List<Progress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        var listener = new ReassignmentRunner.Listener() {
            @Override
            public void progress(Progress p) {
                seen.add(p);
                if (p.bytesCopied() > 0) copying.countDown();
            }
        };
        // 300 kB/s: after the first fetch round (up to 1 MiB per partition) the ~12 MB take another ~30 s
        var options = new ReassignmentRunner.Options(5, OptionalLong.of(300_000), Duration.ofMillis(250), false);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "runner-kill"));
        try {
            Future<RunOutcome> run = pool.submit(() -> runner(ledger).run("local", "run-kill", moves, options,
                    listener, () -> false));
            assertThat(copying.await(AWAIT.toSeconds(), TimeUnit.SECONDS)).as("copying started; seen " + seen).isTrue();
            assertThat(run.isDone()).as("the move is still running when broker 4 is killed").isFalse();
            Progress atKill = seen.get(seen.size() - 1);
            long killedAt = System.nanoTime();
            cluster.node(4).kill();
            System.out.printf("KILL broker 4 at %d of %d bytes copied%n", atKill.bytesCopied(), atKill.bytesTotal());

            RunOutcome outcome = run.get(180, TimeUnit.SECONDS);
            System.out.printf("KILL outcome after %.1f s: %s %s warnings=%s%n",
                    (System.nanoTime() - killedAt) / 1e9, outcome.status(), outcome.message(), outcome.warnings());
            assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunOutcome.Status.FAILED);
            assertThat(outcome.message()).contains("broker 4");

            List<TopicPartitionRef> tps = moves.stream().map(PartitionMove::tp).toList();
            awaitTrue("in-flight moves reverted", () -> port.inProgress().isEmpty());
            AtomicReference<Object> lastSeen = new AtomicReference<>();
            awaitTrue(() -> "replica lists back to the original " + moves.stream().map(PartitionMove::from).toList()
                    + "; last seen " + lastSeen.get(), () -> {
                var now = port.replicas(tps);
                lastSeen.set(describe(topic));
                return moves.stream().allMatch(m -> m.from().equals(now.get(m.tp())));
            });
            var now = port.replicas(tps);
            for (PartitionMove m : moves) assertThat(now.get(m.tp())).as(m.tp().toString()).isEqualTo(m.from());
            for (int b : List.of(1, 2, 3)) {
                int broker = b;
                awaitTrue("no throttle on live broker " + b, () -> port.brokerThrottle(broker).isEmpty());
            }
            awaitTrue("no throttled replicas on the topic", () -> port.topicThrottle(topic).isEmpty());
            // Broker 4's own rate cannot be removed while it is down (only the broker itself accepts changes to
            // its config): the ledger keeps exactly that, and the run says so.
            assertThat(ledger.entries()).as("ledger narrowed to what is left")
                    .containsExactly(new ThrottleLedger.Entry("local", "run-kill", Set.of(4), Set.of()));
            assertThat(outcome.warnings()).singleElement().asString().contains("broker(s) [4]");

            // broker 4 back: KRaft kept its throttle rate in the metadata log; the sweep (as at the bot's next
            // start) removes it, and the cluster heals
            cluster.node(4).start();
            cluster.awaitBrokers(ALL, Duration.ofSeconds(120));
            Map<String, String> onReturn = port.brokerThrottle(4);
            System.out.println("KILL broker 4 throttle on its return: " + onReturn);
            assertThat(onReturn).as("broker 4's rate survived its death").isNotEmpty();
            List<String> report = ThrottleSweeper.sweep(ledger, c -> port);
            System.out.println("KILL sweep: " + report);
            assertThat(report).singleElement().asString().startsWith("Removed throttles left by run run-kill");
            assertThat(ledger.entries()).as("ledger").isEmpty();
            awaitTrue("no throttle on broker 4", () -> port.brokerThrottle(4).isEmpty());
            awaitTrue("no under-replicated partitions", () -> underReplicated().isEmpty());
            assertThat(underReplicated()).isEmpty();
            assertThat(port.replicas(tps).values()).containsExactlyInAnyOrderElementsOf(
                    moves.stream().map(PartitionMove::from).toList());
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @Order(2)
    void throttledMoveThroughput() throws Exception {
        String topic = "throughput";
        Map<Integer, List<Integer>> assignment = Map.of(0, List.of(1), 1, List.of(2), 2, List.of(3), 3, List.of(1));
        createTopic(topic, assignment, 15L * 1024 * 1024); // ~63 MB: about 35 s at 2 MB/s
        Map<Integer, List<Integer>> targets = Map.of(0, List.of(4), 1, List.of(4), 2, List.of(4), 3, List.of(4));
        List<PartitionMove> moves = moves(topic, assignment, targets);
        long throttle = 2_000_000;
        Path ledgerFile = tmp.resolve("ledger-throughput.json");
        var options = new ReassignmentRunner.Options(5, OptionalLong.of(throttle), Duration.ofMillis(500), false);
        List<Progress> seen = new ArrayList<>();
        RunOutcome outcome = runner(new FileThrottleLedger(ledgerFile)).run("local", "run-throughput", moves,
                options, new ReassignmentRunner.Listener() {
                    @Override
                    public void progress(Progress p) {
                        seen.add(p);
                    }
                }, () -> false);
        // bytes on broker 4 over time: the quota's burst at the start, then the throttle's pace
        StringBuilder timeline = new StringBuilder("THROUGHPUT timeline (s:MB)");
        long nextMark = 0;
        for (Progress p : seen) {
            if (p.elapsed().toSeconds() >= nextMark) {
                timeline.append(String.format(" %d:%.1f", p.elapsed().toSeconds(), p.bytesCopied() / 1e6));
                nextMark = p.elapsed().toSeconds() + 3;
            }
        }
        System.out.println(timeline);

        assertThat(outcome.status()).as(outcome.message()).isEqualTo(RunOutcome.Status.DONE);
        assertThat(outcome.warnings()).isEmpty();
        long bytes = moves.stream().mapToLong(PartitionMove::bytes).sum();
        double seconds = outcome.took().toMillis() / 1000.0;
        double rate = bytes / seconds;
        System.out.printf("THROUGHPUT bytes=%d seconds=%.1f rate=%.2fMB/s throttle=%.2fMB/s%n", bytes, seconds,
                rate / 1e6, throttle / 1e6);
        // Kafka 3.9's replication quota is a SimpleRate (measured over the time since its oldest sample, at least
        // one 1 s window), so the start overshoots by at most one window plus the first fetch response (up to
        // replica.fetch.max.bytes = 1 MiB per partition); subtracting even the ~throttle x 11 s a Rate would allow
        // keeps this a loose sanity bound that cannot flake on a slow machine (which only copies slower).
        double burst = Math.max(throttle * 11.0, throttle + moves.size() * 1024.0 * 1024);
        double sustained = (bytes - burst) / seconds;
        assertThat(sustained).as("bytes beyond the initial burst per second").isLessThan(throttle * 2.0);
        var now = port.replicas(moves.stream().map(PartitionMove::tp).toList());
        for (PartitionMove m : moves) assertThat(now.get(m.tp())).isEqualTo(m.to());
        assertThat(new FileThrottleLedger(ledgerFile).entries()).isEmpty();
        // the controller has committed the removal; the broker answering describeConfigs may apply it a moment later
        for (int b : ALL) {
            int broker = b;
            awaitTrue("no throttle on broker " + b, () -> port.brokerThrottle(broker).isEmpty());
        }
        awaitTrue("no throttled replicas on the topic", () -> port.topicThrottle(topic).isEmpty());
    }

    @Test
    @Order(3)
    void sweepRemovesThrottlesLeftByACrashedRun() throws Exception {
        String topic = "crashed";
        createTopic(topic, Map.of(0, List.of(1, 2), 1, List.of(2, 3)), 64 * 1024);
        Path ledgerFile = tmp.resolve("ledger-crash.json");
        // what a run does before it crashes: the ledger first, then the throttles
        FileThrottleLedger before = new FileThrottleLedger(ledgerFile);
        before.record(new ThrottleLedger.Entry("local", "run-crash", Set.of(1, 2, 3, 4), Set.of(topic)));
        port.setBrokerThrottle(Set.of(1, 2, 3, 4), OptionalLong.of(1_000_000));
        port.setTopicThrottledReplicas(topic, List.of("0:1", "0:2", "1:2", "1:3"), List.of("0:4", "1:4"));
        for (int b : ALL) {
            int broker = b;
            awaitTrue("throttle set on broker " + b, () -> port.brokerThrottle(broker).size() == 2);
        }
        assertThat(port.brokerThrottle(4)).containsEntry(AdminReassignment.LEADER_RATE, "1000000")
                .containsEntry(AdminReassignment.FOLLOWER_RATE, "1000000");
        awaitTrue("throttled replicas set on the topic", () -> port.topicThrottle(topic).size() == 2);

        // the bot starts again: a new ledger instance on the same file and a new Admin client
        FileThrottleLedger after = new FileThrottleLedger(ledgerFile);
        assertThat(after.entries()).hasSize(1);
        try (Admin fresh = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15))) {
            var freshPort = new AdminReassignment("local", fresh, Duration.ofSeconds(15));
            List<String> report = ThrottleSweeper.sweep(after, c -> {
                assertThat(c).isEqualTo("local");
                return freshPort;
            });
            System.out.println("SWEEP " + report);
            assertThat(report).singleElement().asString().startsWith("Removed throttles left by run run-crash");
        }
        assertThat(after.entries()).isEmpty();
        assertThat(new FileThrottleLedger(ledgerFile).entries()).isEmpty();
        for (int b : ALL) {
            int broker = b;
            awaitTrue("no throttle on broker " + b, () -> port.brokerThrottle(broker).isEmpty());
        }
        awaitTrue("no throttled replicas on the topic", () -> port.topicThrottle(topic).isEmpty());
    }

    // ---------------------------------------------------------------------------------------------------------

    private static ReassignmentRunner runner(ThrottleLedger ledger) {
        return new ReassignmentRunner(port, ledger, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    /** Creates the topic and fills every partition with about {@code bytesPerPartition} of random values. */
    private static void createTopic(String name, Map<Integer, List<Integer>> assignment, long bytesPerPartition)
            throws Exception {
        admin.createTopics(List.of(new NewTopic(name, assignment))).all().get(60, TimeUnit.SECONDS);
        awaitTrue("topic " + name + " has leaders", () -> {
            TopicDescription d = admin.describeTopics(List.of(name)).allTopicNames().get().get(name);
            return d.partitions().size() == assignment.size() && d.partitions().stream().allMatch(p -> p.leader() != null);
        });
        Map<String, Object> props = cluster.clientProperties(Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000));
        Random random = new Random(42);
        byte[] pool = new byte[200 * 1024];
        random.nextBytes(pool);
        try (var p = new KafkaProducer<byte[], byte[]>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int partition : assignment.keySet()) {
                for (long written = 0; written < bytesPerPartition; ) {
                    int size = 1024 + random.nextInt(99 * 1024);
                    int offset = random.nextInt(pool.length - size);
                    byte[] value = java.util.Arrays.copyOfRange(pool, offset, offset + size);
                    sent.add(p.send(new ProducerRecord<>(name, partition, null, value)));
                    written += size;
                }
            }
            p.flush();
            for (Future<?> f : sent) f.get(); // acks=all: every record is on every replica
        }
    }

    /** Moves with the bytes measured the way the planner does: partition size times new replicas. */
    private static List<PartitionMove> moves(String topic, Map<Integer, List<Integer>> from,
                                             Map<Integer, List<Integer>> to) throws Exception {
        var tps = from.keySet().stream().sorted().map(p -> new TopicPartitionRef(topic, p)).toList();
        var sizes = port.replicaSizes(tps);
        List<PartitionMove> out = new ArrayList<>();
        for (TopicPartitionRef tp : tps) {
            long size = sizes.get(tp).values().stream().mapToLong(Long::longValue).max().orElse(0);
            List<Integer> f = from.get(tp.partition());
            List<Integer> t = to.get(tp.partition());
            long added = t.stream().filter(b -> !f.contains(b)).count();
            out.add(new PartitionMove(tp, f, t, size * added));
        }
        return out;
    }

    /** Partitions (of every topic) whose ISR is smaller than their replica list, or that have no leader. */
    private static Map<String, List<Integer>> underReplicated() throws Exception {
        Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        d.forEach((topic, td) -> {
            for (TopicPartitionInfo p : td.partitions()) {
                if (p.leader() == null || p.isr().size() < p.replicas().size()) {
                    out.put(topic + "-" + p.partition(), p.isr().stream().map(n -> n.id()).toList());
                }
            }
        });
        return out;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static String describe(String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        return d.partitions().stream().map(p -> p.partition() + ": replicas "
                + p.replicas().stream().map(n -> n.id()).toList() + " isr " + p.isr().stream().map(n -> n.id()).toList()
                + " leader " + (p.leader() == null ? "none" : p.leader().id())).toList()
                + ", reassigning " + admin.listPartitionReassignments().reassignments().get(30, TimeUnit.SECONDS);
    }

    private static void awaitTrue(String what, Check check) throws Exception {
        awaitTrue(() -> what, check);
    }

    /** Polls {@code check} every 200 ms for up to {@link #AWAIT}; fails with the last exception if any. */
    private static void awaitTrue(java.util.function.Supplier<String> what, Check check) throws Exception {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        AtomicReference<Exception> last = new AtomicReference<>();
        while (true) {
            try {
                if (check.ok()) return;
                last.set(null);
            } catch (Exception e) {
                last.set(e);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not true within " + AWAIT.toSeconds() + " s: " + what.get(), last.get());
            }
            Thread.sleep(200);
        }
    }
}
