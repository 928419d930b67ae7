package dev.kafkachatops.e2e;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigException;
import dev.kafkachatops.config.HostService;
import dev.kafkachatops.config.VersionCatalogueLoader;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.version.MetadataLevel;
import dev.kafkachatops.domain.version.MinorVersion;
import dev.kafkachatops.localkafka.KafkaDistributions;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.localkafka.LocalKafkaNode;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.run.RunControl;
import dev.kafkachatops.run.upgrade.UpgradeRunner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared setup and checks of the rolling-upgrade tests on real brokers (issue 5): a 3-node combined KRaft cluster
 * on {@link #FROM} with {@link #TO} installed beside it and the topic {@link #TOPIC} (RF 3,
 * {@code min.insync.replicas=2}, {@link #PARTITIONS} partitions); the host config of a sandbox node; the end state
 * after a roll; per-node timings and the summary lines the tests print.
 */
public final class UpgradeRollFixture {
    public static final String FROM = "3.9.1";
    /** The newest 4.x release that runs here (see SandboxCommand.UPGRADE_VERSION). */
    public static final String TO = "4.4.0";
    public static final String TOPIC = "rolled";
    public static final int PARTITIONS = 6;
    /** Messages a second the probe produces during a roll. */
    public static final int RATE = 500;
    static final KafkaDistributions DISTS = new KafkaDistributions();

    private UpgradeRollFixture() {
    }

    /**
     * Starts the cluster and creates the topic. Automatic leader rebalancing is off, so balanced leaders after a
     * roll are the roll's own doing (preferred leader elections), not the controller's periodic check.
     */
    public static LocalKafkaCluster startCluster(Path dir) throws IOException, InterruptedException {
        LocalKafkaCluster cluster = LocalKafkaCluster.builder().baseDir(dir).version(FROM).nodes(3).extraInstall(TO)
                .distributions(DISTS).brokerProperties(Map.of("auto.leader.rebalance.enable", "false"))
                .deleteOnClose(true).start();
        try (Admin admin = admin(cluster)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
            Await.until("every partition of " + TOPIC + " has a leader and 3 in-sync replicas", Duration.ofSeconds(30),
                    () -> describe(admin).values().stream().allMatch(t -> t.partitions().stream()
                            .allMatch(p -> p.leader() != null && p.isr().size() == 3)));
        } catch (Exception e) {
            cluster.close();
            throw new IOException("creating " + TOPIC + " failed: " + e, e);
        }
        return cluster;
    }

    /**
     * Reads every file of a version's cached distribution once, so the first start of that version in the first
     * roll does not pay for cold disk reads that the later rolls would not (a fair side-by-side comparison).
     */
    public static void warmPageCache(String version) throws IOException {
        try (var files = Files.walk(DISTS.ensure(version))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        }
    }

    /** The finalized {@code metadata.version} level of {@link #TO}'s line, from the version catalogue. */
    public static int targetMetadataLevel() throws ConfigException {
        return VersionCatalogueLoader.loadDefault().line(MinorVersion.parse("4.4")).orElseThrow()
                .metadataVersion().map(MetadataLevel::level).orElseThrow();
    }

    public static Admin admin(LocalKafkaCluster cluster) {
        return Admin.create(cluster.clientProperties(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500)));
    }

    /** A sandbox node as the bot's config describes it: driver local, service process, below the node's root. */
    public static HostConfig localHost(LocalKafkaNode node) {
        return new HostConfig("node-" + node.id(), HostDriver.LOCAL, 22, "kafka", Optional.empty(),
                HostService.defaultKnownHosts(), node.hostRoot(), "/usr/local", "kafka", "config/server.properties",
                HostService.DEFAULT_SCALA, HostService.preset("process"));
    }

    /** A cluster entry of the bot's config with these hosts (approver: bob; no window needed to call the runner). */
    public static BotConfig.Cluster clusterConfig(String name, LocalKafkaCluster cluster,
                                                  Map<Integer, HostConfig> hosts) {
        return new BotConfig.Cluster(name, cluster.bootstrapServers(), Map.of(), List.of("*"),
                new BotConfig.Approvals(List.of("U0BOB"), List.of(), 1, false, "white_check_mark", "x",
                        Duration.ofHours(1)), List.of(), List.of(), hosts);
    }

    /** The order the planner rolls combined nodes in: ascending ids, the active controller last. */
    public static List<Integer> rollOrder(Admin admin, Collection<Integer> ids) throws Exception {
        int leader = admin.describeMetadataQuorum().quorumInfo().get(15, TimeUnit.SECONDS).leaderId();
        List<Integer> order = new ArrayList<>(new TreeSet<>(ids));
        if (order.remove(Integer.valueOf(leader))) order.add(leader);
        return order;
    }

    static Map<String, TopicDescription> describe(Admin admin) throws Exception {
        Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(15, TimeUnit.SECONDS);
        return admin.describeTopics(names).allTopicNames().get(15, TimeUnit.SECONDS);
    }

    /** Partitions whose in-sync replicas are fewer than their replicas. */
    public static int underReplicated(Admin admin) throws Exception {
        return (int) describe(admin).values().stream().flatMap(t -> t.partitions().stream())
                .filter(p -> p.isr().size() < p.replicas().size()).count();
    }

    public static int finalizedMetadataLevel(Admin admin) throws Exception {
        FinalizedVersionRange r = admin.describeFeatures().featureMetadata().get(15, TimeUnit.SECONDS)
                .finalizedFeatures().get(MetadataLevel.FEATURE);
        return r == null ? -1 : r.maxVersionLevel();
    }

    /** The cluster and its hosts after a roll, as read through the Admin API and the host drivers. */
    public record EndState(Map<Integer, Optional<String>> versions, Map<Integer, Boolean> running,
                           int metadataLevel, int underReplicated, int offline, Set<Integer> brokers,
                           List<String> notOnPreferredLeader) {

        /** Every node runs {@code version}, all registered; nothing under-replicated or offline. */
        public void assertHealthyOn(Map<Integer, String> expectedVersions) {
            Map<Integer, Optional<String>> expected = new TreeMap<>();
            expectedVersions.forEach((n, v) -> expected.put(n, Optional.of(v)));
            assertThat(versions).as("the version each host's kafka link points at (jars agreeing)")
                    .isEqualTo(expected);
            assertThat(running.values()).as("every broker process runs").containsOnly(true);
            assertThat(brokers).as("brokers registered and unfenced").isEqualTo(expectedVersions.keySet());
            assertThat(underReplicated).as("under-replicated partitions").isZero();
            assertThat(offline).as("offline partitions").isZero();
        }

        public void assertLeadersBalanced() {
            assertThat(notOnPreferredLeader).as("partitions not led by their preferred replica").isEmpty();
        }
    }

    public static EndState endState(Admin admin, IntFunction<BrokerHost> hosts, Collection<Integer> ids)
            throws Exception {
        Map<Integer, Optional<String>> versions = new TreeMap<>();
        Map<Integer, Boolean> running = new TreeMap<>();
        for (int id : ids) {
            BrokerHost h = hosts.apply(id);
            versions.put(id, h.detectInstall().version());
            running.put(id, h.isProcessRunning());
        }
        Map<String, TopicDescription> topics = describe(admin);
        int urp = 0;
        int offline = 0;
        List<String> notPreferred = new ArrayList<>();
        for (TopicDescription t : topics.values()) {
            for (TopicPartitionInfo p : t.partitions()) {
                if (p.isr().size() < p.replicas().size()) urp++;
                if (p.leader() == null || p.leader().id() < 0) offline++;
                else if (p.leader().id() != p.replicas().get(0).id()) {
                    notPreferred.add(t.name() + "-" + p.partition() + " led by " + p.leader().id() + ", preferred "
                            + p.replicas().get(0).id());
                }
            }
        }
        Set<Integer> brokers = admin.describeCluster().nodes().get(15, TimeUnit.SECONDS).stream().map(Node::id)
                .collect(Collectors.toCollection(TreeSet::new));
        return new EndState(versions, running, finalizedMetadataLevel(admin), urp, offline, brokers, notPreferred);
    }

    /** One node's roll: from the check before its stop to its healthy (and re-elected) end. */
    public record NodeRoll(int node, Instant from, Instant to) {
        public Duration took() {
            return Duration.between(from, to);
        }
    }

    /** Time spent per kind of step (summed over the nodes), for the overhead breakdown. */
    public static final class StepTimes {
        private final Map<String, Duration> byKind = new LinkedHashMap<>();

        public synchronized void add(String kind, Duration d) {
            byKind.merge(kind, d, Duration::plus);
        }

        public synchronized Map<String, Duration> asMap() {
            return new LinkedHashMap<>(byKind);
        }

        @Override
        public synchronized String toString() {
            return byKind.entrySet().stream().map(e -> e.getKey() + " " + seconds(e.getValue()))
                    .collect(Collectors.joining(", "));
        }
    }

    /**
     * The bot's step timings from its checkpoints: each DONE checkpoint carries {@code took N ms} and the instant it
     * was written. Returns the per-node rolls (from the start of the node's safety gate to its last step).
     */
    public static List<NodeRoll> nodeRolls(List<Checkpoint> checkpoints, List<Integer> order, StepTimes times) {
        Map<Integer, Instant> from = new TreeMap<>();
        Map<Integer, Instant> to = new TreeMap<>();
        for (Checkpoint c : checkpoints) {
            if (c.status() != Checkpoint.Status.DONE || !c.detail().startsWith("took ")) continue;
            Duration took = Duration.ofMillis(Long.parseLong(c.detail().replaceAll("\\D", "")));
            String[] parts = c.step().split("/");
            String kind = parts[parts.length - 1];
            times.add(kind, took);
            if (parts.length < 2 || !parts[parts.length - 2].matches("[a-z]+-\\d+")) continue;
            int node = Integer.parseInt(parts[parts.length - 2].replaceAll("\\D", ""));
            Instant started = c.at().minus(took);
            from.merge(node, started, (a, b) -> a.isBefore(b) ? a : b);
            to.merge(node, c.at(), (a, b) -> a.isAfter(b) ? a : b);
        }
        // in the order the nodes actually rolled (the runner may put the node that became active controller last)
        return order.stream().filter(from::containsKey).map(n -> new NodeRoll(n, from.get(n), to.get(n)))
                .sorted(java.util.Comparator.comparing(NodeRoll::from)).toList();
    }

    /** A listener that records node rolls and step times as {@link UpgradeRunner} reports them. */
    public static final class RecordingListener implements UpgradeRunner.Listener {
        private final Clock clock;
        private final Map<Integer, Instant> from = new ConcurrentHashMap<>();
        private final Map<Integer, Instant> to = new ConcurrentHashMap<>();
        private final List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        public final StepTimes times = new StepTimes();

        public RecordingListener(Clock clock) {
            this.clock = clock;
        }

        @Override
        public void stepStarted(UpgradeStep step) {
            step.node().ifPresent(n -> {
                if (from.putIfAbsent(n, clock.instant()) == null) order.add(n);
            });
        }

        @Override
        public void stepDone(UpgradeStep step, Duration took) {
            times.add(step.kind().slug(), took);
            step.node().ifPresent(n -> to.put(n, clock.instant()));
        }

        public List<NodeRoll> rolls() {
            return order.stream().map(n -> new NodeRoll(n, from.get(n), to.get(n))).toList();
        }
    }

    /** The run's step log in memory (the tests that call the runner directly). */
    public static RunControl memoryControl() {
        return new dev.kafkachatops.run.MemoryRunControl("run", Clock.systemUTC());
    }

    /**
     * One summary line per roll: total, and per node its roll time, the longest gap between acknowledgements that
     * began while it was being rolled (until the next node's start) and the longest send-to-ack wait of a message
     * sent then; then the message counts.
     */
    public static String summary(String label, Duration total, List<NodeRoll> rolls, Instant end,
                                 ProduceConsumeProbe probe, ProduceConsumeProbe.Result r) {
        StringBuilder sb = new StringBuilder("ROLL ").append(label).append(": total ").append(seconds(total));
        for (int i = 0; i < rolls.size(); i++) {
            NodeRoll n = rolls.get(i);
            Instant until = i + 1 < rolls.size() ? rolls.get(i + 1).from() : end;
            sb.append(" | node ").append(n.node()).append(' ').append(seconds(n.took()))
                    .append(", stall ").append(probe.stallBetween(n.from(), until).length().toMillis()).append(" ms")
                    .append(", max send->ack ").append(probe.latencyBetween(n.from(), until).length().toMillis())
                    .append(" ms");
        }
        return sb.append(" | messages sent ").append(r.sent()).append(" / acked ").append(r.acked())
                .append(" / lost ").append(r.lost()).append(" (failed ").append(r.failed()).append(", duplicates ")
                .append(r.duplicates()).append(")").toString();
    }

    public static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** Stops what a test left running under {@code dir} and deletes it. */
    public static void cleanUp(LocalKafkaCluster cluster, Path dir) throws IOException {
        if (cluster != null) cluster.close();
        if (dir == null || !Files.exists(dir)) return;
        LocalKafkaCluster.killLeftovers(dir);
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    /** {@code ids -> version} for every id. */
    public static Map<Integer, String> all(Collection<Integer> ids, String version) {
        Map<Integer, String> out = new TreeMap<>();
        ids.forEach(id -> out.put(id, version));
        return out;
    }

    public static List<Integer> ids(LocalKafkaCluster cluster) {
        return cluster.nodes().stream().map(LocalKafkaNode::id).toList();
    }
}
