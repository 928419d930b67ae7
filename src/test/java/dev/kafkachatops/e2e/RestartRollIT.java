package dev.kafkachatops.e2e;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.adapter.host.BrokerHosts;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.localkafka.LocalKafkaNode;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.run.upgrade.RestartPayload;
import dev.kafkachatops.sim.SimMessage;
import org.apache.kafka.clients.admin.Admin;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kafkachatops.e2e.UpgradeRollFixture.FROM;
import static dev.kafkachatops.e2e.UpgradeRollFixture.TOPIC;
import static dev.kafkachatops.e2e.UpgradeRollFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's rolling restart on real brokers: {@link UpgradeRollFixture}'s 3-node combined KRaft cluster (separate
 * processes on {@value UpgradeRollFixture#FROM}, topic RF 3, {@code min.insync.replicas=2}) under the idempotent
 * {@code acks=all} probe at 500 msg/s. Through chat: a restart of an unknown broker is refused in one line and stores
 * nothing; {@code /kafka restart reason="..."} is planned (every node, the active controller last), approved by
 * reaction and run in an always-open window. Asserted: every node's process started exactly once more (its log's
 * startup lines, and a new pid), no version or metadata.version change, the cluster healthy with leaders back on
 * their preferred replicas, zero acknowledged messages lost, the checklist finished, a thread entry per node in the
 * order they restarted, the reason in the plan and the thread, the audit log. Timings are printed, never asserted.
 */
class RestartRollIT {
    private static final Clock CLOCK = Clock.systemUTC();
    private static final String REASON = "rotate certs (CHG-42)";

    private Path dir;
    private LocalKafkaCluster cluster;
    private Admin admin;
    private BrokerHosts brokerHosts;
    private ProduceConsumeProbe probe;
    private ChatBotHarness chat;

    @BeforeEach
    void startCluster() throws Exception {
        dir = Files.createTempDirectory("restart-roll-");
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

    private IntFunction<BrokerHost> hosts() {
        Map<Integer, HostConfig> config = new TreeMap<>();
        cluster.nodes().forEach(n -> config.put(n.id(), UpgradeRollFixture.localHost(n)));
        BotConfig.Cluster c = UpgradeRollFixture.clusterConfig("test", cluster, config);
        return id -> brokerHosts.forBroker(c, id);
    }

    /** How often the node's log says its startup finished: once per process start. */
    private static int startsLogged(LocalKafkaNode node) throws IOException {
        Matcher m = Pattern.compile("Kafka Server started").matcher(Files.readString(node.logFile()));
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aRestartThroughChatRestartsEveryNodeOnceWithNothingLost() throws Exception {
        List<Integer> ids = UpgradeRollFixture.ids(cluster);
        int levelBefore = UpgradeRollFixture.finalizedMetadataLevel(admin);
        chat = ChatBotHarness.with(BotYaml.dataDir(dir).cluster(BotYaml.Cluster.named("test",
                        cluster.bootstrapServers()).approvers("U0BOB").requiredApprovals(1)
                        .window("* * * * * ?", "1h").localHosts(cluster)))
                .connectWithin(Duration.ofSeconds(20)).start();

        // bad input: one line, to the requester only, nothing stored
        chat.command("alice", "restart brokers=7");
        SimMessage refused = chat.await("the refusal", Duration.ofSeconds(30), m -> m.ephemeral()
                && m.text().contains("broker 7"));
        assertThat(refused.text()).isEqualTo(":x: broker 7 is not in test (its brokers: 1, 2, 3); nothing was "
                + "changed.");
        assertThat(chat.store().list(Optional.empty(), java.util.EnumSet.allOf(
                dev.kafkachatops.domain.ops.OpState.class))).isEmpty();

        probe = ProduceConsumeProbe.start(cluster.bootstrapServers(), TOPIC, UpgradeRollFixture.RATE);
        probe.awaitAcked(1000, Duration.ofSeconds(60));
        Map<Integer, Integer> startsBefore = new TreeMap<>();
        Map<Integer, Long> pidsBefore = new TreeMap<>();
        for (LocalKafkaNode n : cluster.nodes()) {
            startsBefore.put(n.id(), startsLogged(n));
            pidsBefore.put(n.id(), n.pid());
        }

        chat.command("alice", "restart reason=\"" + REASON + "\"");
        SimMessage plan = chat.await("the restart plan", Duration.ofSeconds(60), m -> m.bot() && !m.ephemeral()
                && m.text().matches("Plan R\\d+: restart reason=\"" + Pattern.quote(REASON)
                + "\" — awaiting approval"));
        String id = ChatBotHarness.operationId(plan);
        assertThat(chat.operation(id).kind()).isEqualTo(OpKind.RESTART);
        assertThat(plan.fullText()).contains("Restart test: every node", REASON, "order: ");
        List<Integer> order = PlanCodec.readVerified(chat.operation(id), RestartPayload.class).plan().steps()
                .stream().filter(s -> s.kind() == StepKind.SAFETY_GATE).map(UpgradeStep::node)
                .map(Optional::orElseThrow).toList();
        assertThat(order).containsExactlyElementsOf(UpgradeRollFixture.rollOrder(admin, ids));

        Instant approved = Instant.now();
        chat.approve("bob", plan);
        SimMessage done = chat.awaitPlanState(plan, "— done", Duration.ofMinutes(3));
        Duration total = Duration.between(approved, ChatBotHarness.currentVersionAt(done));
        ProduceConsumeProbe.Result r = probe.stopAndVerify(Duration.ofSeconds(90));

        var times = new UpgradeRollFixture.StepTimes();
        List<UpgradeRollFixture.NodeRoll> rolls = UpgradeRollFixture.nodeRolls(chat.checkpoints(id), order, times);
        System.out.println(UpgradeRollFixture.summary("restart", total, rolls,
                chat.audited(id, AuditEvent.FINISHED), probe, r));
        System.out.println("ROLL restart steps: " + times);

        for (LocalKafkaNode n : cluster.nodes()) {
            assertThat(startsLogged(n)).as("process starts of node " + n.id()).isEqualTo(startsBefore.get(n.id()) + 1);
            assertThat(n.pid()).as("pid of node " + n.id()).isNotEqualTo(pidsBefore.get(n.id()));
        }
        assertThat(chat.checkpoints(id).stream().filter(c -> c.step().endsWith("/start")).count())
                .as("start steps").isEqualTo(ids.size());
        UpgradeRollFixture.EndState state = UpgradeRollFixture.endState(admin, hosts(), ids);
        state.assertHealthyOn(UpgradeRollFixture.all(ids, FROM));
        state.assertLeadersBalanced();
        assertThat(state.metadataLevel()).as("metadata.version untouched").isEqualTo(levelBefore);
        assertThat(r.lost()).as("acknowledged messages lost; " + r.summary()).isZero();
        assertThat(r.acked()).isPositive();

        assertThat(done.fullText()).contains("*Done*");
        assertThat(done.replies()).anyMatch(m -> m.text().contains("Reason: " + REASON));
        List<Integer> entries = new ArrayList<>();
        Pattern nodeEntry = Pattern.compile("Node (\\d+) restarted and healthy in (\\d+\\.\\d) s");
        for (SimMessage reply : done.replies()) {
            Matcher m = nodeEntry.matcher(reply.text());
            if (m.find()) entries.add(Integer.parseInt(m.group(1)));
        }
        assertThat(entries).isEqualTo(rolls.stream().map(UpgradeRollFixture.NodeRoll::node).toList())
                .containsExactlyInAnyOrderElementsOf(ids);
        SimMessage checklist = chat.await("the finished checklist", Duration.ofSeconds(30), m -> m.bot()
                && m.text().startsWith(":arrows_counterclockwise: " + id + ": restart test, every node")
                && m.text().contains("finished"));
        assertThat(checklist.fullText()).doesNotContain(":white_small_square:", ":arrow_forward:");
        assertThat(chat.history(id, 100)).extracting(AuditEntry::event).contains(AuditEvent.REQUESTED,
                AuditEvent.APPROVED, AuditEvent.STARTED, AuditEvent.FINISHED);
        System.out.println("ROLL restart: " + ids.size() + " nodes in " + seconds(total) + " from approval to done");
    }
}
