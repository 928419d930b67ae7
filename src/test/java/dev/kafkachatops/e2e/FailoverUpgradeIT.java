package dev.kafkachatops.e2e;

import dev.kafkachatops.adapter.store.jdbc.Database;
import dev.kafkachatops.adapter.store.jdbc.JdbcOperationStore;
import dev.kafkachatops.config.HostService;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.sim.SimMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.kafkachatops.e2e.UpgradeRollFixture.TO;
import static dev.kafkachatops.e2e.UpgradeRollFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, high availability: two bot instances (the packaged jar, each its own JVM and data folder) on one
 * PostgreSQL database as a Quartz cluster run a rolling upgrade of real broker processes; the instance executing it
 * is killed with SIGKILL between a node's stop and its start. As in {@link KillMidNodeUpgradeIT}, the hosts' service
 * commands write each call to a command log and the roll's second start command blocks while the process that ran
 * it lives (it writes that process's id, which names the executing instance) and gives up once it is gone. The
 * other instance must take the run over within 30 s of the kill, start the stopped node, gate it and roll the rest:
 * no node stopped or started twice, zero acknowledged messages lost, and nothing posted twice.
 */
@Tag("slow")
class FailoverUpgradeIT {
    private UpgradeFaultRig rig;
    private BotPair bots;

    @AfterEach
    void stop() throws Exception {
        try {
            if (bots != null) bots.close();
        } finally {
            if (rig != null) rig.close();
        }
    }

    @Test
    @Timeout(value = 7, unit = TimeUnit.MINUTES)
    void theOtherInstanceStartsTheStoppedNodeAndRollsOnWithin30s() throws Exception {
        Instant begin = Instant.now();
        rig = UpgradeFaultRig.start("failover-upgrade-");
        Path hostLog = Files.createDirectories(rig.dir.resolve("host-log"));
        Path commands = hostLog.resolve("commands.log");
        String log = "echo $(date +%s%N) ";
        String stop = log + "stop {root} >> " + commands + "; " + HostService.preset("process").stop();
        String start = log + "called {root} >> " + commands + "; n=$(cat " + hostLog + "/starts 2>/dev/null || "
                + "echo 0); n=$((n+1)); echo $n > " + hostLog + "/starts; if [ $n -eq 2 ]; then echo $PPID > "
                + hostLog + "/blocked.tmp; mv " + hostLog + "/blocked.tmp " + hostLog + "/blocked; while kill -0 $PPID "
                + "2>/dev/null; do sleep 0.1; done; " + log + "abandoned {root} >> " + commands + "; exit 1; fi; "
                + log + "start {root} >> " + commands + "; " + HostService.preset("process").start();
        bots = BotPair.start(rig.dir, schema -> BotYaml.dataDir(rig.dir.resolve("data-a"))
                .database(schema.url(), schema.user().orElseThrow()).clusterCheckin("2s")
                .cluster(BotYaml.Cluster.named("test", rig.cluster.bootstrapServers()).approvers("U0BOB")
                        .requiredApprovals(1).window("* * * * * ?", "1h").localHosts(rig.cluster)
                        .hostCommands(stop, start)));
        ChatBotHarness chat = bots.chat;
        rig.startLoad();
        chat.command("alice", "upgrade " + TO);
        SimMessage plan = chat.awaitPlan(TO);
        String id = ChatBotHarness.operationId(plan);
        Instant approved = Instant.now();
        chat.approve("bob", plan);

        Await.until("the second start command of the roll running", Duration.ofMinutes(3),
                () -> Files.exists(hostLog.resolve("blocked")));
        long runnerPid = Long.parseLong(Files.readString(hostLog.resolve("blocked")).trim());
        BotProcess executing = bots.executing(id, Duration.ofSeconds(5));
        assertThat(executing.pid()).as("the instance that fired the run runs its host commands").isEqualTo(runnerPid);
        List<String[]> before = lines(commands);
        String blockedRoot = before.get(before.size() - 1)[2];
        int node = nodeOf(blockedRoot);
        assertThat(before.get(before.size() - 1)[1]).isEqualTo("called");
        assertThat(rig.hosts().apply(node).isProcessRunning()).as("node " + node + " is down").isFalse();
        assertThat(rig.hosts().apply(node).detectInstall().linkedVersion()).as("node " + node + " relinked")
                .contains(TO);
        String runningOn = bots.name(executing);
        Instant killedAt = bots.kill(executing); // SIGKILL: no shutdown hook, nothing cleaned up
        BotProcess survivor = bots.survivor();
        Await.until("the orphaned start command gave up", Duration.ofSeconds(20),
                () -> lines(commands).stream().anyMatch(l -> l[1].equals("abandoned")));
        assertThat(chat.current(plan).text()).doesNotEndWith("— done");

        chat.await("the run resumed", Duration.ofSeconds(90), m -> m.ts().equals(plan.ts())
                && m.replies().stream().anyMatch(r -> r.text().contains("resuming from its checkpoints")));
        Instant resumed = bots.audited(id, AuditEvent.RESUMED);
        assertThat(BotPair.logOf(survivor)).as("the survivor's scheduler recovered the job")
                .contains("operation " + id + " fired (recovering after a restart)");
        SimMessage done = chat.await("the plan message done", Duration.ofMinutes(3), m -> m.ts().equals(plan.ts())
                && m.text().endsWith("— done") && m.replies().stream()
                .anyMatch(r -> r.text().contains("raise metadata.version")));
        Instant doneAt = ChatBotHarness.currentVersionAt(done);
        ProduceConsumeProbe.Result r = rig.probe.stopAndVerify(Duration.ofSeconds(90));
        Thread.sleep(2000); // a message posted twice would show now
        Map<String, Long> twice = bots.postedTwice();
        bots.stopAll();

        List<String[]> all = lines(commands);
        Map<String, Long> perKind = all.stream().collect(Collectors.groupingBy(l -> l[1] + " " + nodeOf(l[2]),
                TreeMap::new, Collectors.counting()));
        long stoppedAt = at(all, "stop", blockedRoot);
        long startedAt = at(all, "start", blockedRoot);
        Duration takeover = Duration.between(killedAt, resumed);
        System.out.printf("HA upgrade: ran on %s, killed between node %d's stop and start (%s after approval); %s "
                        + "resumed it %s after the kill (Quartz check-in interval 2 s); node %d down %s in all; done "
                        + "%s after approval; host commands %s; %s; test %s%n", runningOn, node,
                seconds(Duration.between(approved, killedAt)), bots.name(survivor), seconds(takeover), node,
                seconds(Duration.ofNanos(startedAt - stoppedAt)), seconds(Duration.between(approved, doneAt)), perKind,
                r.summary(), seconds(Duration.between(begin, Instant.now())));
        System.out.println("HA upgrade thread: " + done.replies().stream().map(SimMessage::text).toList());

        assertThat(takeover).as("kill to the other instance's resume").isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(twice).as("texts the bot posted twice").isEmpty();
        for (int n : rig.ids()) {
            assertThat(perKind.get("stop " + n)).as("node " + n + " stopped once").isEqualTo(1L);
            assertThat(perKind.get("start " + n)).as("node " + n + " started once").isEqualTo(1L);
        }
        assertThat(perKind.get("called " + node)).as("the blocked node's start: the killed try and the resumed one")
                .isEqualTo(2L);
        assertThat(perKind.get("abandoned " + node)).isEqualTo(1L);
        assertThat(r.lost()).as("acknowledged messages lost; " + r.summary()).isZero();
        assertThat(r.acked()).isPositive();
        assertThat(UpgradeFaultRig.nodeEntries(done)).as("one thread entry per node")
                .containsExactlyInAnyOrderElementsOf(rig.ids());
        assertThat(done.replies().stream().map(SimMessage::text).filter(t -> t.contains("Node " + node + " runs")))
                .singleElement().asString().contains("after the run resumed");
        assertThat(done.fullText()).contains("*Done*");
        UpgradeRollFixture.EndState state = UpgradeRollFixture.endState(rig.admin, rig.hosts(), rig.ids());
        state.assertHealthyOn(UpgradeRollFixture.all(rig.ids(), TO));
        try (Database db = bots.database()) {
            var store = new JdbcOperationStore(db);
            assertThat(store.find(id).orElseThrow().state()).isEqualTo(OpState.DONE);
            List<AuditEvent> events = store.history(Optional.empty(), Optional.of(id), 100).stream()
                    .map(AuditEntry::event).toList();
            assertThat(events).containsOnlyOnce(AuditEvent.STARTED, AuditEvent.RESUMED, AuditEvent.FINISHED)
                    .doesNotContain(AuditEvent.FAILED);
            assertThat(store.checkpoints(id)).allSatisfy(c -> assertThat(c.status()).as(c.step())
                    .isIn(Checkpoint.Status.DONE, Checkpoint.Status.SKIPPED));
        }
    }

    /** The command log's lines: nanos, what, the node's root. */
    private static List<String[]> lines(Path commands) throws Exception {
        return Files.readAllLines(commands).stream().map(l -> l.split(" ", 3)).toList();
    }

    private static long at(List<String[]> lines, String what, String root) {
        return lines.stream().filter(l -> l[1].equals(what) && l[2].equals(root)).mapToLong(l -> Long.parseLong(l[0]))
                .findFirst().orElseThrow(() -> new AssertionError("no " + what + " of " + root));
    }

    /** The node id of a node's host root ({@code .../node-2}). */
    private static int nodeOf(String root) {
        return Integer.parseInt(root.replaceAll(".*\\D(\\d+)/?$", "$1"));
    }
}
