package dev.kafkachatops.e2e;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.adapter.host.BrokerHosts;
import dev.kafkachatops.adapter.kafka.AdminClusterReader;
import dev.kafkachatops.adapter.kafka.AdminUpgrade;
import dev.kafkachatops.config.VersionCatalogueLoader;
import dev.kafkachatops.plan.upgrade.Finding;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradePlanner;
import dev.kafkachatops.plan.upgrade.UpgradeSnapshot;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.run.upgrade.UpgradePayload;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.version.MetadataLevel;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.localkafka.LocalKafkaNode;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.run.upgrade.UpgradeRunner;
import dev.kafkachatops.sim.SimMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kafkachatops.e2e.UpgradeRollFixture.FROM;
import static dev.kafkachatops.e2e.UpgradeRollFixture.TO;
import static dev.kafkachatops.e2e.UpgradeRollFixture.TOPIC;
import static dev.kafkachatops.e2e.UpgradeRollFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5 on real brokers: a 3-node combined KRaft cluster of separate processes rolled from Kafka 3.9.1 to 4.4.0
 * under an idempotent {@code acks=all} producer (500 msg/s, topic RF 3, {@code min.insync.replicas=2}), each test
 * on a fresh cluster:
 * <ol>
 *   <li>the bar to beat: the operations guide's manual procedure, scripted (stop, relink, copy the config, start,
 *       wait for no under-replicated partitions; then finalize {@code metadata.version}), timed;</li>
 *   <li>the bot, through chat: {@code /kafka upgrade 4.4.0}, approval by reaction, the run in an always-open
 *       window, the checklist and a thread entry per node; timed the same way, and compared; before it, on the same
 *       cluster, issue 12's preflight: a host whose Java is 11 blocks the plan and nothing stops, and a node whose
 *       config has keys 4.0 renamed or removed is fixed by the config-copy step, the thread saying what changed;</li>
 *   <li>failure injection: the target version's start fails on the second node of the roll order (a corrupt
 *       Kafka jar in its 4.4.0 install: the JVM exits at once), the run halts with the choices, an approver clicks
 *       "Roll back the node" and the node is back on 3.9.1, the cluster healthy.</li>
 * </ol>
 * Every roll asserts zero acknowledged messages lost and prints one {@code ROLL} summary line; timings are
 * reported, never asserted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeRollIT {
    private static final Clock CLOCK = Clock.systemUTC();
    /** The manual roll's total, for the bot/manual ratio (when both run in one go). */
    private static volatile Duration manualTotal;
    private static int targetLevel;

    private Path dir;
    private LocalKafkaCluster cluster;
    private Admin admin;
    private BrokerHosts brokerHosts;
    private ProduceConsumeProbe probe;
    private ChatBotHarness chat;

    @BeforeAll
    static void warmUp() throws Exception {
        targetLevel = UpgradeRollFixture.targetMetadataLevel();
        UpgradeRollFixture.warmPageCache(FROM);
        UpgradeRollFixture.warmPageCache(TO);
    }

    @BeforeEach
    void startCluster() throws Exception {
        dir = Files.createTempDirectory("upgrade-roll-");
        cluster = UpgradeRollFixture.startCluster(dir.resolve("cluster"));
        admin = UpgradeRollFixture.admin(cluster);
        brokerHosts = new BrokerHosts(CLOCK);
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (probe != null) probe.close();
        if (chat != null) chat.close();
        if (brokerHosts != null) brokerHosts.close();
        if (admin != null) admin.close(Duration.ofSeconds(5));
        UpgradeRollFixture.cleanUp(cluster, dir);
    }

    /** The test's own view of each node's host, through the same local-shell driver the bot uses. */
    private IntFunction<BrokerHost> hosts() {
        Map<Integer, HostConfig> config = new TreeMap<>();
        cluster.nodes().forEach(n -> config.put(n.id(), UpgradeRollFixture.localHost(n)));
        BotConfig.Cluster c = UpgradeRollFixture.clusterConfig("test", cluster, config);
        return id -> brokerHosts.forBroker(c, id);
    }

    private List<Integer> ids() {
        return UpgradeRollFixture.ids(cluster);
    }

    private void startLoad() throws InterruptedException {
        probe = ProduceConsumeProbe.start(cluster.bootstrapServers(), TOPIC, UpgradeRollFixture.RATE);
        probe.awaitAcked(1000, Duration.ofSeconds(60));
    }

    /**
     * The bot in chat (bob approves; the window is always open, so an approved plan starts at once), the load
     * flowing, alice asking for the upgrade to {@code TO}: its plan, awaiting approval.
     */
    private SimMessage requestUpgrade() throws Exception {
        chat = ChatBotHarness.with(BotYaml.dataDir(dir).cluster(BotYaml.Cluster.named("test",
                        cluster.bootstrapServers()).approvers("U0BOB").requiredApprovals(1)
                        .window("* * * * * ?", "1h").localHosts(cluster)))
                .connectWithin(Duration.ofSeconds(20)).start();
        startLoad();
        chat.command("alice", "upgrade " + TO);
        return chat.awaitPlan(TO);
    }

    @Test
    @Order(1)
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theManualProcedureScripted() throws Exception {
        IntFunction<BrokerHost> hosts = hosts();
        List<Integer> order = UpgradeRollFixture.rollOrder(admin, ids());
        startLoad();

        var times = new UpgradeRollFixture.StepTimes();
        List<UpgradeRollFixture.NodeRoll> rolls = new ArrayList<>();
        Instant t0 = Instant.now();
        for (int id : order) {
            BrokerHost host = hosts.apply(id);
            Instant from = Instant.now();
            timed(times, "stop", host::stopBroker);
            timed(times, "relink", () -> host.relink(TO));
            timed(times, "write-config", () -> host.writeConfig(FROM, TO, Map.of(), Set.of()));
            timed(times, "start", host::startBroker);
            timed(times, "wait-no-urp", () -> awaitBackWithNoUnderReplicated(id));
            rolls.add(new UpgradeRollFixture.NodeRoll(id, from, Instant.now()));
        }
        timed(times, "finalize", () -> {
            admin.updateFeatures(Map.of(MetadataLevel.FEATURE, new FeatureUpdate((short) targetLevel,
                    FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
            Await.until("metadata.version finalized at " + targetLevel, Duration.ofSeconds(60),
                    () -> UpgradeRollFixture.finalizedMetadataLevel(admin) >= targetLevel);
        });
        Instant end = Instant.now();
        manualTotal = Duration.between(t0, end);

        ProduceConsumeProbe.Result r = probe.stopAndVerify(Duration.ofSeconds(90));
        System.out.println(UpgradeRollFixture.summary("manual", manualTotal, rolls, end, probe, r));
        System.out.println("ROLL manual steps: " + times);
        UpgradeRollFixture.EndState state = UpgradeRollFixture.endState(admin, hosts, ids());
        System.out.println("ROLL manual leaders not on their preferred replica afterwards (no re-balancing in the "
                + "manual procedure): " + state.notOnPreferredLeader());
        state.assertHealthyOn(UpgradeRollFixture.all(ids(), TO));
        assertThat(state.metadataLevel()).isEqualTo(targetLevel);
        assertThat(r.lost()).as("acknowledged messages lost; " + r.summary()).isZero();
        assertThat(r.acked()).isPositive();
    }

    /** The guide's wait after a start: the broker registered again and no partition under-replicated. */
    private void awaitBackWithNoUnderReplicated(int id) throws Exception {
        Duration poll = UpgradeRunner.Options.defaults().poll();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            try {
                boolean registered = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream()
                        .map(Node::id).anyMatch(n -> n == id);
                if (registered && UpgradeRollFixture.underReplicated(admin) == 0) return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // the cluster may answer slowly while a node restarts: keep polling
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node " + id + " not back with no under-replicated partitions; log:\n"
                        + cluster.node(id).logTail(30));
            }
            Thread.sleep(poll.toMillis());
        }
    }

    /**
     * Issue 12 on the same cluster before its roll: the gatherer reads each host's Java through the host driver; one
     * host's {@code javaHome} holds a {@code java} that says it is 11.0.22, the others run the JVM of their broker
     * process. The plan to 4.x is blocked and nothing stops.
     */
    private void anOldJavaOnOneHostBlocksThePlanAndNothingStops() throws Exception {
        int old = ids().get(0);
        LocalKafkaNode node = cluster.node(old);
        Path bin = Files.createDirectories(node.hostRoot().resolve("opt/jdk11/bin"));
        Files.writeString(bin.resolve("java"), "#!/bin/sh\necho 'openjdk version \"11.0.22\" 2024-01-16' >&2\n");
        Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<Integer, HostConfig> config = new TreeMap<>();
        cluster.nodes().forEach(n -> config.put(n.id(), UpgradeRollFixture.localHost(n)));
        config.put(old, config.get(old).withJavaHome("/opt/jdk11"));
        BotConfig.Cluster c = UpgradeRollFixture.clusterConfig("test", cluster, config);
        SnapshotGatherer gatherer = new SnapshotGatherer(new AdminClusterReader("test", cluster.bootstrapServers(),
                admin, Duration.ofSeconds(15), CLOCK), new AdminUpgrade("test", admin, Duration.ofSeconds(15), CLOCK),
                id -> Optional.of(brokerHosts.forBroker(c, id)));
        SnapshotGatherer.Gathered g = gatherer.gather("test");
        UpgradePlan plan = new UpgradePlanner(VersionCatalogueLoader.loadDefault()).plan(g.snapshot(), TO);

        Finding blocker = plan.findings(Finding.Severity.BLOCKER).stream().filter(f -> f.reason()
                == Finding.Reason.JAVA_TOO_OLD).findFirst().orElseThrow(() -> new AssertionError(plan.findings()));
        System.out.println("PREFLIGHT java finding as posted: " + blocker.text());
        assertThat(plan.blocked()).isTrue();
        assertThat(blocker.detail()).startsWith("combined " + old + " (node-" + old + ") runs Java 11.0.22 ("
                + node.hostRoot().resolve("opt/jdk11/bin/java") + "): Kafka 4.4 brokers need Java 17 or newer");
        for (UpgradeSnapshot.Node n : g.snapshot().nodes()) {
            if (n.id() == old) continue;
            assertThat(n.java()).as("node " + n.id() + ": the JVM of its running broker").isPresent()
                    .get().matches(j -> j.major() >= 17 && j.path().endsWith("/java"), "Java 17+");
        }
        UpgradeRollFixture.EndState state = UpgradeRollFixture.endState(admin, hosts(), ids());
        state.assertHealthyOn(UpgradeRollFixture.all(ids(), FROM));
    }

    /**
     * A 3.9 config with keys 4.0 renamed and removed, on the second node: what the copy step must fix; and a key no
     * Kafka defines, which the bot's check against 4.4.0's own ConfigDef reports.
     */
    private Path addRemovedConfigs(int id) throws Exception {
        Path file = cluster.node(id).installDir(FROM).resolve("config").resolve("server.properties");
        Files.writeString(file, "delegation.token.master.key=preflight-secret-0123456789\n"
                + "log.message.format.version=3.0\npreflight.plugin.setting=x\n", StandardOpenOption.APPEND);
        return file;
    }

    @Test
    @Order(2)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theBotThroughChatWithApprovalAndGates() throws Exception {
        anOldJavaOnOneHostBlocksThePlanAndNothingStops();
        int renamedOn = ids().get(1);
        Path oldConfig = addRemovedConfigs(renamedOn);
        SimMessage plan = requestUpgrade();
        String renamedFinding = "combined " + renamedOn + " (node-" + renamedOn + "): delegation.token.master.key → "
                + "delegation.token.secret.key, log.message.format.version removed. The config-copy step renames or "
                + "drops them";
        System.out.println("PREFLIGHT plan as posted: " + plan.fullText());
        assertThat(plan.fullText()).contains(renamedFinding).contains("Release notes")
                .contains("*Config keys the target does not know*: combined " + renamedOn + " (node-" + renamedOn
                        + "): preflight.plugin.setting: Kafka " + TO + " does not define them")
                .doesNotContain("Configs not checked").doesNotContain("preflight-secret");
        String id = ChatBotHarness.operationId(plan);
        List<Integer> order = rollOrder(id);
        Instant approved = Instant.now();
        chat.approve("bob", plan);
        SimMessage done = chat.awaitPlanState(plan, "— done", Duration.ofMinutes(4));
        Instant doneAt = ChatBotHarness.currentVersionAt(done);
        Duration total = Duration.between(approved, doneAt);

        ProduceConsumeProbe.Result r = probe.stopAndVerify(Duration.ofSeconds(90));
        var times = new UpgradeRollFixture.StepTimes();
        List<UpgradeRollFixture.NodeRoll> rolls = UpgradeRollFixture.nodeRolls(chat.checkpoints(id), order, times);
        Instant started = chat.audited(id, AuditEvent.STARTED);
        Instant finished = chat.audited(id, AuditEvent.FINISHED);
        System.out.println(UpgradeRollFixture.summary("bot", total, rolls, finished, probe, r));
        System.out.println("ROLL bot steps: " + times);
        System.out.println(overhead(times.asMap(), Duration.between(approved, started),
                Duration.between(started, finished), Duration.between(finished, doneAt), total));

        UpgradeRollFixture.EndState state = UpgradeRollFixture.endState(admin, hosts(), ids());
        state.assertHealthyOn(UpgradeRollFixture.all(ids(), TO));
        state.assertLeadersBalanced();
        assertThat(state.metadataLevel()).isEqualTo(targetLevel);
        assertThat(r.lost()).as("acknowledged messages lost; " + r.summary()).isZero();
        assertThat(r.acked()).isPositive();
        assertThat(done.fullText()).contains("*Done*");
        // the thread: one entry per node, in the order they rolled, each with its time; then the finalize step
        List<Integer> entries = new ArrayList<>();
        Pattern nodeEntry = Pattern.compile("Node (\\d+) runs " + Pattern.quote(TO)
                + ": stopped, switched, restarted and healthy in (\\d+\\.\\d) s");
        for (SimMessage reply : done.replies()) {
            Matcher m = nodeEntry.matcher(reply.text());
            if (m.find()) entries.add(Integer.parseInt(m.group(1)));
        }
        assertThat(entries).containsExactlyInAnyOrderElementsOf(order)
                .isEqualTo(rolls.stream().map(UpgradeRollFixture.NodeRoll::node).toList());
        assertThat(done.replies()).anyMatch(m -> m.text().contains("raise metadata.version to 4.4-IV2"));
        // the renamed and removed keys: the thread says what the copy step did, the broker runs 4.4.0 with it
        SimMessage copied = done.replies().stream().filter(m -> m.text().startsWith(":pencil2:")).findFirst()
                .orElseThrow(() -> new AssertionError("no config line in the thread"));
        System.out.println("PREFLIGHT config finding as posted: " + renamedFinding + " ...");
        System.out.println("PREFLIGHT config-copy thread line as posted: " + copied.text());
        Path newConfig = cluster.node(renamedOn).installDir(TO).resolve("config").resolve("server.properties");
        assertThat(copied.text()).isEqualTo(":pencil2: Node " + renamedOn + "'s config for " + TO + " (" + newConfig
                + "): delegation.token.master.key → delegation.token.secret.key, log.message.format.version dropped");
        String written = Files.readString(newConfig);
        assertThat(written).contains("delegation.token.secret.key=preflight-secret-0123456789")
                .doesNotContain("delegation.token.master.key").doesNotContain("log.message.format.version");
        assertThat(Files.readString(oldConfig)).as("the old version's file is left as it was")
                .contains("delegation.token.master.key=preflight-secret-0123456789");
        assertThat(done.replies()).noneMatch(m -> m.text().contains("preflight-secret"));
    }

    @Test
    @Order(3)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aFailedStartOnTheSecondNodeHaltsAndThatNodeIsRolledBackOnRequest() throws Exception {
        int levelBefore = UpgradeRollFixture.finalizedMetadataLevel(admin);
        SimMessage plan = requestUpgrade();
        String id = ChatBotHarness.operationId(plan);
        List<Integer> order = rollOrder(id);
        int first = order.get(0);
        int second = order.get(1);
        LocalKafkaNode broken = cluster.node(second);
        Path jar = broken.installDir(TO).resolve("libs").resolve("kafka_2.13-" + TO + ".jar");
        Files.delete(jar); // a link into the distribution cache: replaced, the cache is untouched
        Files.writeString(jar, "a truncated download\n"); // the JVM cannot load kafka.Kafka and exits at once

        chat.approve("bob", plan);
        SimMessage halted = chat.await("plan " + id + " halted", Duration.ofMinutes(3),
                m -> m.ts().equals(plan.ts()) && m.fullText().contains("halted"));
        SimMessage choices = chat.await("the choices in the thread", Duration.ofSeconds(30),
                m -> m.ts().equals(plan.ts()) && m.replies().stream().anyMatch(r -> String.valueOf(r.blocks())
                        .contains("op_rollback"))).replies().stream()
                .filter(r -> String.valueOf(r.blocks()).contains("op_rollback")).findFirst().orElseThrow();
        assertThat(choices.text()).contains(id + " halted").contains("node " + second);
        assertThat(String.valueOf(choices.blocks())).contains("op_retry", "op_rollback", "op_abort");
        assertThat(halted.text()).endsWith("— halted");
        IntFunction<BrokerHost> hosts = hosts();
        assertThat(hosts.apply(first).detectInstall().linkedVersion()).as("the first node was upgraded").contains(TO);
        assertThat(hosts.apply(second).isProcessRunning()).as("the broken node is down").isFalse();

        chat.action("bob", choices, "op_rollback", id);
        SimMessage ended = chat.awaitPlanState(plan, "— cancelled", Duration.ofMinutes(3));
        assertThat(ended.fullText()).contains("node " + second + " was rolled back to " + FROM + " and is healthy");
        assertThat(ended.replies()).anyMatch(m -> m.text().contains("Rolling node " + second + " back to " + FROM));

        ProduceConsumeProbe.Result r = probe.stopAndVerify(Duration.ofSeconds(90));
        Map<Integer, String> expected = UpgradeRollFixture.all(ids(), FROM);
        expected.put(first, TO);
        UpgradeRollFixture.EndState state = UpgradeRollFixture.endState(admin, hosts, ids());
        System.out.println("ROLL failure injection: halted at node " + second + ", rolled back; versions "
                + state.versions() + "; " + r.summary());
        state.assertHealthyOn(expected);
        assertThat(state.metadataLevel()).as("metadata.version not finalized").isEqualTo(levelBefore);
        assertThat(r.lost()).as("acknowledged messages lost; " + r.summary()).isZero();
        assertThat(Files.readString(broken.outFile())).as("why the broken node did not start")
                .contains("Could not find or load main class kafka.Kafka");
    }

    /** The work the manual procedure does too: what is left of the bot's time is its own overhead. */
    private static final Set<String> COMMON_WORK = Set.of("stop", "relink", "write-config", "start", "health-gate",
            "finalize-metadata");

    /**
     * The bot's own overhead, by what it consists of: the bot's total minus the work the manual procedure does as
     * well (the health gate counts as the manual wait for no under-replicated partitions: both wait for the same
     * broker to start and catch up). Load on this shared machine swings both rolls, so the overhead measured by
     * its parts is the steadier figure; the side-by-side ratio is printed too when the manual roll ran first.
     */
    private static String overhead(Map<String, Duration> steps, Duration approvalToStart, Duration run,
                                   Duration endToMessage, Duration total) {
        Duration inSteps = steps.values().stream().reduce(Duration.ZERO, Duration::plus);
        Duration betweenSteps = run.minus(inSteps);
        Duration common = steps.entrySet().stream().filter(e -> COMMON_WORK.contains(e.getKey()))
                .map(Map.Entry::getValue).reduce(Duration.ZERO, Duration::plus);
        Duration own = total.minus(common);
        StringBuilder sb = new StringBuilder("ROLL bot overhead: ").append(seconds(own)).append(" = approval -> run ")
                .append("start ").append(seconds(approvalToStart));
        steps.forEach((kind, d) -> {
            if (!COMMON_WORK.contains(kind)) sb.append(" + ").append(kind).append(' ').append(seconds(d));
        });
        sb.append(" + between steps (checkpoints, progress) ").append(seconds(betweenSteps))
                .append(" + run end -> plan message done ").append(seconds(endToMessage));
        Duration manual = manualTotal;
        if (manual != null) {
            sb.append(String.format(java.util.Locale.ROOT, "; side by side: bot %s / manual %s = %.2f; manual + "
                    + "the bot's own overhead = %.2f x manual", seconds(total), seconds(manual),
                    total.toMillis() / (double) manual.toMillis(), manual.plus(own).toMillis()
                            / (double) manual.toMillis()));
        }
        return sb.toString();
    }

    /** The nodes in the order the stored plan rolls them. */
    private List<Integer> rollOrder(String id) {
        return PlanCodec.readVerified(chat.operation(id), UpgradePayload.class).plan().steps().stream()
                .filter(s -> s.kind() == StepKind.SAFETY_GATE).map(UpgradeStep::node)
                .map(Optional::orElseThrow).toList();
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void timed(UpgradeRollFixture.StepTimes times, String kind, Action action) throws Exception {
        long t0 = System.nanoTime();
        action.run();
        times.add(kind, Duration.ofNanos(System.nanoTime() - t0));
    }
}
