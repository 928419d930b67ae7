package dev.kafkachatops.e2e;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import dev.kafkachatops.adapter.host.BrokerHosts;
import dev.kafkachatops.adapter.host.LocalShellHost;
import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.adapter.kafka.AdminClusterReader;
import dev.kafkachatops.adapter.kafka.AdminUpgrade;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.HostService;
import dev.kafkachatops.config.VersionCatalogueLoader;
import dev.kafkachatops.domain.BrokerState;
import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.localkafka.KafkaDistributions;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.localkafka.LocalKafkaNode;
import dev.kafkachatops.localkafka.ServerProperties;
import dev.kafkachatops.plan.upgrade.HopPlan;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.Phase;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradePlanText;
import dev.kafkachatops.plan.upgrade.UpgradePlanner;
import dev.kafkachatops.plan.upgrade.UpgradeSnapshot;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.run.RunControl;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;
import dev.kafkachatops.run.upgrade.UpgradePayload;
import dev.kafkachatops.run.upgrade.UpgradeRunner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kafkachatops.plan.upgrade.UpgradeSnapshot.IBP;
import static dev.kafkachatops.plan.upgrade.UpgradeSnapshot.LMF;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ZooKeeper procedure of the operations guide on real processes, through the bot's own code: a ZooKeeper
 * server and 3 brokers on Kafka 2.8.2 with 3.9.1 installed beside them (sandbox layout, one simulated host per
 * broker reached through {@link LocalShellHost}, {@code driver: local, service: process}), gathered with
 * {@link SnapshotGatherer} over {@link AdminClusterReader} and {@link AdminUpgrade}, planned with
 * {@link UpgradePlanner} (one hop, two phases) and run with {@link UpgradeRunner}. The run pauses at the safe
 * point between the phases so that phase 1's result can be checked (3.9.1 binaries with the protocol pinned to
 * 2.8), then resumes and removes the pins. An idempotent {@code acks=all} producer writes to a topic with RF 3 and
 * {@code min.insync.replicas=2} all along; a consumer reads everything back: no acknowledged message may be lost.
 */
class ZooKeeperUpgradeIT {
    private static final String FROM = "2.8.2";
    private static final String TO = "3.9.1";
    private static final String TOPIC = "rolling";
    private static final int RATE = 300; // messages per second
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Pattern STARTED = Pattern.compile("\\[KafkaServer id=(\\d+)] started");

    private Path baseDir;
    private LocalKafkaCluster cluster;

    @BeforeEach
    void createBaseDir() throws IOException {
        baseDir = Files.createTempDirectory("zookeeper-upgrade-it");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (cluster != null) cluster.close();
        LocalKafkaCluster.killLeftovers(baseDir);
        deleteTree(baseDir);
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void rollsThreeBrokersFrom282To391InTwoPhasesWithoutLosingAnAcknowledgedMessage() throws Exception {
        long t0 = System.nanoTime();
        cluster = LocalKafkaCluster.builder().baseDir(baseDir.resolve("cluster")).zookeeper(true).version(FROM)
                .nodes(3).extraInstall(TO).distributions(new KafkaDistributions()).start();
        System.out.printf("TIMING ZooKeeper + 3 brokers on %s ready in %d ms%n", FROM, ms(System.nanoTime() - t0));
        BotConfig.Cluster botCluster = botCluster(cluster);
        try (Admin admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
             BrokerHosts brokerHosts = new BrokerHosts(CLOCK)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
            Map<Integer, BrokerHost> hosts = new TreeMap<>();
            for (LocalKafkaNode n : cluster.nodes()) hosts.put(n.id(), brokerHosts.forBroker(botCluster, n.id()));
            AdminClusterReader reader = new AdminClusterReader("legacy", cluster.bootstrapServers(), admin,
                    Duration.ofSeconds(15), CLOCK);
            AdminUpgrade upgradeAdmin = new AdminUpgrade("legacy", admin, Duration.ofSeconds(15), CLOCK);
            SnapshotGatherer gatherer = new SnapshotGatherer(reader, upgradeAdmin, id -> Optional.ofNullable(hosts.get(id)));

            awaitNoUnderReplicated(reader);
            SnapshotGatherer.Gathered before = awaitTopicGathered(gatherer);
            assertGatheredBefore(before, upgradeAdmin);
            UpgradePlan plan = new UpgradePlanner(VersionCatalogueLoader.loadDefault()).plan(before.snapshot(), TO);
            System.out.println(UpgradePlanText.render(plan));
            HopPlan hop = assertPlan(plan, before.snapshot().activeController().orElseThrow());
            Phase phase1 = hop.phase(Phase.Kind.ROLL_BINARIES).orElseThrow();
            Phase phase2 = hop.phase(Phase.Kind.REMOVE_PINS).orElseThrow();
            Map<String, String> pins = phase1.steps().stream().filter(s -> s.kind() == StepKind.WRITE_CONFIG)
                    .findFirst().orElseThrow().set();

            Map<Integer, Long> pidsBefore = pids();
            UpgradePayload payload = new UpgradePayload(plan, before.roles(), before.versions());
            UpgradeRunner runner = new UpgradeRunner(upgradeAdmin, hosts::get, CLOCK, d -> Thread.sleep(d.toMillis()),
                    new UpgradeRunner.Options(Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofMillis(250)));
            StepTimes times = new StepTimes();
            var control = new dev.kafkachatops.run.MemoryRunControl("zk-it", CLOCK);
            // the runner may reorder nodes inside a phase (the active controller goes last): pause once every step of
            // phase 1 is done, i.e. at the safe point between the phases
            java.util.Set<String> phase1Left = java.util.concurrent.ConcurrentHashMap.newKeySet();
            phase1.steps().forEach(st -> phase1Left.add(st.key()));
            java.util.concurrent.atomic.AtomicBoolean pausedOnce = new java.util.concurrent.atomic.AtomicBoolean();
            times.onDone(key -> {
                if (phase1Left.remove(key) && phase1Left.isEmpty() && pausedOnce.compareAndSet(false, true)) {
                    control.pause.set(true);
                }
            });

            Map<Integer, Long> pidsAfterPhase1;
            try (Traffic traffic = Traffic.start(cluster.bootstrapServers())) {
                Thread.sleep(1000); // some acknowledged messages before the first stop
                long runStart = System.nanoTime();
                UpgradeRunner.Outcome paused = runner.run(payload, control, times);
                assertThat(paused.status()).as(paused.message()).isEqualTo(UpgradeRunner.Outcome.Status.PAUSED);
                assertThat(phase1Left).as("phase 1 finished before the pause").isEmpty();
                assertThat(phase2.steps().stream().map(st -> st.text()).toList())
                        .anyMatch(text -> paused.message().contains(text));
                pidsAfterPhase1 = pids();
                assertAfterPhase1(pins);
                System.out.printf("PAUSED between the phases; active controller now %s (planned last in both phases: %d)%n",
                        reader.status().activeController().map(String::valueOf).orElse("unknown"),
                        before.snapshot().activeController().orElseThrow());

                control.pause.set(false);
                UpgradeRunner.Outcome done = runner.run(payload, control, times);
                assertThat(done.status()).as(done.message()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
                long runMs = ms(System.nanoTime() - runStart);
                Thread.sleep(1000); // some acknowledged messages after the last restart
                traffic.stopAndFlush();

                assertThat(control.all()).allSatisfy(c -> assertThat(c.status()).isEqualTo(Checkpoint.Status.DONE));
                assertThat(control.all()).hasSize(plan.steps().size());
                Map<Integer, Long> pidsAfter = pids();
                for (int id : hosts.keySet()) {
                    assertThat(List.of(pidsBefore.get(id), pidsAfterPhase1.get(id), pidsAfter.get(id)))
                            .as("broker %d's pids before, after phase 1, after phase 2", id).doesNotHaveDuplicates();
                    assertThat(startsLogged(cluster.node(id))).as("broker %d: initial start + 2 restarts", id)
                            .isEqualTo(3);
                }
                assertAfterPhase2(reader, gatherer);

                Map<Long, Integer> consumed = consumeAll(cluster.bootstrapServers());
                List<Long> lost = traffic.acked().stream().filter(seq -> !consumed.containsKey(seq)).sorted().toList();
                long duplicates = consumed.values().stream().filter(c -> c > 1).count();
                report(hop, before.snapshot().activeController().orElseThrow(), times, traffic, runMs, lost, duplicates);
                for (LocalKafkaNode n : cluster.nodes()) {
                    List<String> errors = Files.readAllLines(n.logFile()).stream().filter(l -> l.contains("] ERROR ")).toList();
                    System.out.printf("LOG node %d: %d ERROR lines in server.log%s%n", n.id(), errors.size(),
                            errors.isEmpty() ? "" : ", first: " + errors.get(0));
                }
                assertThat(traffic.acked()).as("messages acknowledged during the roll").isNotEmpty();
                assertThat(traffic.ackedBetween(times.start(phase1), times.end(phase2))).isPositive();
                assertThat(lost).as("acknowledged messages not read back").isEmpty();
            }
        }
    }

    // --- the checks --------------------------------------------------------------------------------------------

    private static void assertGatheredBefore(SnapshotGatherer.Gathered g, AdminUpgrade upgradeAdmin) throws Exception {
        UpgradeSnapshot s = g.snapshot();
        assertThat(g.hostProblems()).isEmpty();
        assertThat(s.mode()).isEqualTo(ClusterMode.ZOOKEEPER);
        assertThat(g.roles()).isEqualTo(Map.of(1, NodeRole.BROKER, 2, NodeRole.BROKER, 3, NodeRole.BROKER));
        assertThat(g.versions()).isEqualTo(Map.of(1, FROM, 2, FROM, 3, FROM));
        assertThat(s.activeController()).isPresent();
        assertThat(s.finalizedMetadataLevel()).isEmpty();
        assertThat(s.nodes()).allSatisfy(n -> {
            assertThat(n.alive()).isTrue();
            assertThat(n.installed()).extracting(Object::toString).containsExactly(FROM, TO);
            assertThat(n.interBrokerProtocol()).isEmpty();
            assertThat(n.logMessageFormat()).isEmpty();
        });
        assertThat(s.topics()).extracting(UpgradeSnapshot.TopicSettings::name).containsExactly(TOPIC);
        // The KRaft-only gates on a cluster without a metadata quorum.
        for (int id = 1; id <= 3; id++) {
            assertThat(upgradeAdmin.quorumRisks(id)).isEmpty();
            assertThat(upgradeAdmin.voterCaughtUp(id)).isTrue();
        }
        assertThat(upgradeAdmin.finalizedLevel("metadata.version")).isEqualTo(-1);
    }

    /** One hop 2.8.2 -> 3.9.1 (2.8 is the newest 2.x line), two phases, the active controller last in each. */
    private static HopPlan assertPlan(UpgradePlan plan, int activeController) {
        assertThat(plan.blocked()).as("findings: %s", plan.findings()).isFalse();
        assertThat(plan.mode()).isEqualTo(ClusterMode.ZOOKEEPER);
        assertThat(plan.hops()).hasSize(1);
        HopPlan hop = plan.hops().get(0);
        assertThat(hop.from()).hasToString(FROM);
        assertThat(hop.to()).hasToString(TO);
        assertThat(hop.phases()).extracting(Phase::kind)
                .containsExactly(Phase.Kind.PREPARE, Phase.Kind.ROLL_BINARIES, Phase.Kind.REMOVE_PINS);
        assertThat(plan.steps()).noneMatch(s -> s.kind() == StepKind.FINALIZE_METADATA);
        for (Phase.Kind kind : List.of(Phase.Kind.ROLL_BINARIES, Phase.Kind.REMOVE_PINS)) {
            List<Integer> order = hop.phase(kind).orElseThrow().nodeOrder();
            assertThat(order).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(order.get(2)).as("%s: active controller last", kind).isEqualTo(activeController);
        }
        List<UpgradeStep> writes1 = hop.phase(Phase.Kind.ROLL_BINARIES).orElseThrow().steps().stream()
                .filter(s -> s.kind() == StepKind.WRITE_CONFIG).toList();
        assertThat(writes1).hasSize(3).allSatisfy(s -> {
            assertThat(s.set()).containsEntry(IBP, "2.8");
            assertThat(s.set()).containsEntry(LMF, "2.8");
        });
        List<UpgradeStep> writes2 = hop.phase(Phase.Kind.REMOVE_PINS).orElseThrow().steps().stream()
                .filter(s -> s.kind() == StepKind.WRITE_CONFIG).toList();
        assertThat(writes2).hasSize(3).allSatisfy(s -> assertThat(s.remove()).containsExactlyInAnyOrder(IBP, LMF));
        assertThat(hop.phase(Phase.Kind.REMOVE_PINS).orElseThrow().steps()).noneMatch(s -> s.kind() == StepKind.RELINK);
        return hop;
    }

    private void assertAfterPhase1(Map<String, String> pins) throws Exception {
        for (LocalKafkaNode n : cluster.nodes()) {
            assertThat(n.linkedVersion()).as("node %d after phase 1", n.id()).isEqualTo(TO);
            assertThat(n.isRunning()).isTrue();
            Map<String, String> config = ServerProperties.read(n.configFile());
            pins.forEach((k, v) -> assertThat(config).as("node %d's config after phase 1", n.id()).containsEntry(k, v));
            assertThat(config).containsEntry(IBP, "2.8");
            assertThat(config).containsEntry("broker.id", Integer.toString(n.id()));
            assertThat(lastStartBanner(n)).as("node %d's last start", n.id()).contains("Kafka version: " + TO);
        }
    }

    private void assertAfterPhase2(AdminClusterReader reader, SnapshotGatherer gatherer) throws Exception {
        for (LocalKafkaNode n : cluster.nodes()) {
            assertThat(n.linkedVersion()).isEqualTo(TO);
            assertThat(ServerProperties.read(n.configFile())).as("node %d's config after phase 2", n.id())
                    .doesNotContainKeys(IBP, LMF).containsEntry("broker.id", Integer.toString(n.id()));
            assertThat(ServerProperties.read(n.installDir(FROM).resolve("config/server.properties")))
                    .as("the old version's config is left as it was (for a rollback)").doesNotContainKeys(IBP, LMF);
        }
        ClusterStatus status = reader.status();
        assertThat(status.mode()).isEqualTo(ClusterMode.ZOOKEEPER);
        assertThat(status.brokers()).extracting(BrokerState::id).containsExactly(1, 2, 3);
        assertThat(status.brokers()).allMatch(BrokerState::alive);
        assertThat(status.underReplicated()).isEmpty();
        assertThat(status.offline()).isEmpty();
        SnapshotGatherer.Gathered after = gatherer.gather("legacy");
        assertThat(after.versions()).isEqualTo(Map.of(1, TO, 2, TO, 3, TO));
        assertThat(after.snapshot().nodes()).allSatisfy(n -> assertThat(n.interBrokerProtocol()).isEmpty());
        assertThat(new UpgradePlanner(VersionCatalogueLoader.loadDefault()).plan(after.snapshot(), TO).isEmpty())
                .as("re-planning the finished upgrade finds nothing to do").isTrue();
    }

    /**
     * In ZooKeeper mode {@code createTopics} returns once the controller wrote the topic; each broker learns it
     * from the controller's UpdateMetadata a moment later, so a broker asked at once may not list it yet.
     */
    private static SnapshotGatherer.Gathered awaitTopicGathered(SnapshotGatherer gatherer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SnapshotGatherer.Gathered g = gatherer.gather("legacy");
        while (g.snapshot().topics().stream().noneMatch(t -> t.name().equals(TOPIC)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            g = gatherer.gather("legacy");
        }
        return g;
    }

    private static void awaitNoUnderReplicated(AdminClusterReader reader) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ClusterStatus s = reader.status();
        while (!s.underReplicated().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            s = reader.status();
        }
        assertThat(s.underReplicated()).isEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** The sandbox's host config: {@code driver: local, service: process}, root = the node's host root. */
    private static BotConfig.Cluster botCluster(LocalKafkaCluster cluster) {
        Map<Integer, HostConfig> hosts = new TreeMap<>();
        for (LocalKafkaNode n : cluster.nodes()) {
            hosts.put(n.id(), new HostConfig("node-" + n.id(), HostDriver.LOCAL, 22, "kafka",
                    Optional.empty(), HostService.defaultKnownHosts(), n.hostRoot(), "/usr/local", "kafka",
                    "config/server.properties", "2.13", HostService.preset("process")));
        }
        return new BotConfig.Cluster("legacy", cluster.bootstrapServers(), Map.of(), List.of("*"),
                new BotConfig.Approvals(List.of(), List.of(), 1, false, "white_check_mark", "x", Duration.ofHours(1)),
                List.of(), List.of(), hosts);
    }

    private Map<Integer, Long> pids() {
        Map<Integer, Long> out = new TreeMap<>();
        cluster.nodes().forEach(n -> out.put(n.id(), n.isRunning() ? n.pid() : -1));
        return out;
    }

    /** How many times the broker logged the end of its startup ({@code [KafkaServer id=N] started}). */
    private static long startsLogged(LocalKafkaNode n) throws IOException {
        Matcher m = STARTED.matcher(Files.readString(n.logFile()));
        long count = 0;
        while (m.find()) if (m.group(1).equals(Integer.toString(n.id()))) count++;
        return count;
    }

    /** The broker log from its last "Kafka version:" banner on (the latest start). */
    private static String lastStartBanner(LocalKafkaNode n) throws IOException {
        String log = Files.readString(n.logFile());
        int at = log.lastIndexOf("Kafka version: ");
        return at < 0 ? "" : log.substring(at, Math.min(log.length(), at + 40));
    }

    private static Map<Long, Integer> consumeAll(String bootstrap) {
        Map<Long, Integer> seen = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            List<TopicPartition> tps = consumer.partitionsFor(TOPIC, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    seen.merge(Long.parseLong(r.key()), 1, Integer::sum);
                }
            }
            assertThat(tps).as("read to the end offsets %s", end).allMatch(tp -> consumer.position(tp) >= end.get(tp));
        }
        return seen;
    }

    private static void report(HopPlan hop, int activeController, StepTimes times, Traffic traffic, long runMs,
                               List<Long> lost, long duplicates) {
        System.out.printf("TIMING run (both phases, with the pause between them) %d ms%n", runMs);
        for (Phase phase : hop.phases()) {
            System.out.printf("TIMING %s (%s): %d ms%n", phase.key(), phase.kind(),
                    ms(times.end(phase) - times.start(phase)));
            for (int id : phase.nodeOrder()) {
                if (!phase.restartsNodes()) continue;
                List<UpgradeStep> steps = phase.steps().stream().filter(s -> s.node().equals(Optional.of(id))).toList();
                long from = times.startedAt(steps.get(0).key());
                long to = times.doneAt(steps.get(steps.size() - 1).key());
                StringBuilder parts = new StringBuilder();
                for (UpgradeStep s : steps) {
                    parts.append(' ').append(s.kind().slug()).append('=').append(times.took(s.key())).append("ms");
                }
                System.out.printf("TIMING   broker %d: %d ms (%s), longest produce stall %d ms;%s%n", id, ms(to - from),
                        id == activeController ? "the active controller" : "broker",
                        ms(traffic.longestGap(from, to)), parts);
            }
        }
        System.out.printf("TRAFFIC sent %d, acknowledged %d, failed %d (%s), consumed distinct %d, lost %d%s, "
                        + "duplicates %d, longest produce stall %d ms%n", traffic.sent(), traffic.acked().size(),
                traffic.failed(), traffic.firstError(), traffic.acked().size() - lost.size(), lost.size(),
                lost.isEmpty() ? "" : " e.g. " + lost.subList(0, Math.min(10, lost.size())), duplicates,
                ms(traffic.longestGap(Long.MIN_VALUE, Long.MAX_VALUE)));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** Start and end of every step, in {@link System#nanoTime()}, recorded by the runner's listener. */
    private static final class StepTimes implements UpgradeRunner.Listener {
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        private final Map<String, Long> done = new ConcurrentHashMap<>();
        private final Map<String, Long> took = new ConcurrentHashMap<>();
        private java.util.function.Consumer<String> onDone = k -> { };

        void onDone(java.util.function.Consumer<String> action) {
            onDone = action;
        }

        @Override
        public void stepStarted(UpgradeStep step) {
            started.put(step.key(), System.nanoTime());
        }

        @Override
        public void stepDone(UpgradeStep step, Duration d) {
            done.put(step.key(), System.nanoTime());
            took.put(step.key(), d.toMillis());
            onDone.accept(step.key());
        }

        @Override
        public void waiting(UpgradeStep step, String why) {
            System.out.printf("WAITING %s: %s%n", step.key(), why);
        }

        long startedAt(String key) {
            return started.get(key);
        }

        long doneAt(String key) {
            return done.get(key);
        }

        long took(String key) {
            return took.get(key);
        }

        long start(Phase p) {
            return startedAt(p.steps().get(0).key());
        }

        long end(Phase p) {
            return doneAt(p.steps().get(p.steps().size() - 1).key());
        }
    }

    /**
     * An idempotent {@code acks=all} producer sending numbered messages (the key is the number) at {@code RATE}
     * per second from its own thread; remembers which were acknowledged and when.
     */
    private static final class Traffic implements AutoCloseable {
        private final KafkaProducer<String, String> producer;
        private final Thread thread;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final Map<Long, Boolean> acked = new ConcurrentHashMap<>();
        private final ConcurrentLinkedQueue<Long> ackTimes = new ConcurrentLinkedQueue<>();
        private volatile String firstError = "none";
        private volatile boolean closed;

        private Traffic(String bootstrap) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 5,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
            thread = new Thread(this::loop, "zk-it-producer");
            thread.setDaemon(true);
        }

        static Traffic start(String bootstrap) {
            Traffic t = new Traffic(bootstrap);
            t.thread.start();
            return t;
        }

        private void loop() {
            long t0 = System.nanoTime();
            while (running.get()) {
                long due = (System.nanoTime() - t0) * RATE / 1_000_000_000L;
                while (sent.get() < due && running.get()) {
                    long seq = sent.getAndIncrement();
                    producer.send(new ProducerRecord<>(TOPIC, Long.toString(seq), "message " + seq), (md, e) -> {
                        if (e == null) {
                            acked.put(seq, Boolean.TRUE);
                            ackTimes.add(System.nanoTime());
                        } else if (failed.getAndIncrement() == 0) {
                            firstError = e.toString();
                        }
                    });
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Stops sending and waits until every message sent is acknowledged or failed. */
        void stopAndFlush() throws InterruptedException {
            running.set(false);
            thread.join(10_000);
            producer.flush();
        }

        long sent() {
            return sent.get();
        }

        long failed() {
            return failed.get();
        }

        String firstError() {
            return firstError;
        }

        java.util.Set<Long> acked() {
            return acked.keySet();
        }

        long ackedBetween(long from, long to) {
            return ackTimes.stream().filter(t -> t >= from && t <= to).count();
        }

        /** The longest time without an acknowledgement, among the gaps that overlap {@code [from, to]}. */
        long longestGap(long from, long to) {
            List<Long> times = new ArrayList<>(ackTimes);
            times.sort(null);
            long longest = 0;
            for (int i = 1; i < times.size(); i++) {
                long a = times.get(i - 1);
                long b = times.get(i);
                if (a < to && b > from) longest = Math.max(longest, b - a);
            }
            return longest;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            running.set(false);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.close(Duration.ofSeconds(10));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var walk = Files.walk(root)) { // does not follow the links into the distribution cache
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
