package dev.kafkachatops.e2e;

import dev.kafkachatops.adapter.store.jdbc.Database;
import dev.kafkachatops.adapter.store.jdbc.JdbcOperationStore;
import dev.kafkachatops.config.HostService;
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
 * Issue 14: the bot (the packaged jar, its own JVM) killed with SIGKILL between a node's stop and its start during a
 * rolling upgrade on real brokers. The hosts' service commands are the {@code process} preset's, each call written
 * to a command log first; the second start command of the roll blocks while the bot that ran it lives (an honest
 * hook: the node has been stopped, relinked and configured, and its broker is down), the test kills the bot, and
 * the blocked command gives up when its parent is gone. The next bot process must resume from the checkpoints:
 * start that node, gate it and roll the rest; no node stopped or started twice, zero acknowledged messages lost,
 * and the channel shows the restart and the end.
 */
@Tag("slow")
class KillMidNodeUpgradeIT {
    private UpgradeFaultRig rig;
    private ChatBotHarness chat;

    @AfterEach
    void stop() throws Exception {
        if (chat != null) chat.close();
        if (rig != null) rig.close();
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theNextBotStartsTheStoppedNodeAndRollsOnWithoutRepeatingAStep() throws Exception {
        rig = UpgradeFaultRig.start("kill-mid-node-");
        Path hostLog = Files.createDirectories(rig.dir.resolve("host-log"));
        Path commands = hostLog.resolve("commands.log");
        String log = "echo $(date +%s%N) ";
        String stop = log + "stop {root} >> " + commands + "; " + HostService.preset("process").stop();
        String start = log + "called {root} >> " + commands + "; n=$(cat " + hostLog + "/starts 2>/dev/null || "
                + "echo 0); n=$((n+1)); echo $n > " + hostLog + "/starts; if [ $n -eq 2 ]; then touch " + hostLog
                + "/blocked; while kill -0 $PPID 2>/dev/null; do sleep 0.1; done; " + log + "abandoned {root} >> "
                + commands + "; exit 1; fi; " + log + "start {root} >> " + commands + "; "
                + HostService.preset("process").start();
        Path data = rig.dir.resolve("data");
        chat = ChatBotHarness.with(BotYaml.dataDir(data).cluster(BotYaml.Cluster.named("test",
                        rig.cluster.bootstrapServers()).approvers("U0BOB").requiredApprovals(1)
                        .window("* * * * * ?", "1h").localHosts(rig.cluster).hostCommands(stop, start)))
                .launcher(BotProcess.jar(rig.dir)).start();
        rig.startLoad();
        chat.command("alice", "upgrade " + TO);
        SimMessage plan = chat.awaitPlan(TO);
        String id = ChatBotHarness.operationId(plan);
        chat.approve("bob", plan);

        Await.until("the second start command of the roll running", Duration.ofMinutes(3),
                () -> Files.exists(hostLog.resolve("blocked")));
        List<String[]> before = lines(commands);
        String blockedRoot = before.get(before.size() - 1)[2];
        int node = nodeOf(blockedRoot);
        assertThat(before.get(before.size() - 1)[1]).isEqualTo("called");
        assertThat(rig.hosts().apply(node).isProcessRunning()).as("node " + node + " is down").isFalse();
        assertThat(rig.hosts().apply(node).detectInstall().linkedVersion()).as("node " + node + " relinked")
                .contains(TO);
        Instant killedAt = Instant.now();
        chat.killBot(); // SIGKILL: no shutdown hook, nothing cleaned up
        Await.until("the orphaned start command gave up", Duration.ofSeconds(10),
                () -> lines(commands).stream().anyMatch(l -> l[1].equals("abandoned")));
        assertThat(chat.current(plan).text()).doesNotEndWith("— done");

        chat.startBot();
        chat.await("the run resumed", Duration.ofSeconds(120), m -> m.ts().equals(plan.ts())
                && m.replies().stream().anyMatch(r -> r.text().contains("resuming from its checkpoints")));
        Instant resumed = Instant.now();
        SimMessage done = chat.await("the plan message done", Duration.ofMinutes(3), m -> m.ts().equals(plan.ts())
                && m.text().endsWith("— done") && m.replies().stream()
                .anyMatch(r -> r.text().contains("raise metadata.version")));
        ProduceConsumeProbe.Result r = rig.probe.stopAndVerify(Duration.ofSeconds(90));
        chat.stopBot();

        List<String[]> all = lines(commands);
        Map<String, Long> perKind = all.stream().collect(Collectors.groupingBy(l -> l[1] + " " + nodeOf(l[2]),
                TreeMap::new, Collectors.counting()));
        long stoppedAt = at(all, "stop", blockedRoot);
        long startedAt = at(all, "start", blockedRoot);
        System.out.printf("FAULT kill-mid-node: bot SIGKILLed between node %d's stop and start; the next bot "
                        + "resumed %s after the kill (new JVM included); node %d down %s in all; host commands %s; "
                        + "%s%n", node, seconds(Duration.between(killedAt, resumed)), node,
                seconds(Duration.ofNanos(startedAt - stoppedAt)), perKind, r.summary());
        System.out.println("FAULT kill-mid-node thread: " + done.replies().stream().map(SimMessage::text).toList());

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
                .singleElement().asString().contains("after the run resumed").doesNotContain("in 0.0 s");
        assertThat(done.fullText()).contains("*Done*");
        UpgradeRollFixture.EndState state = UpgradeRollFixture.endState(rig.admin, rig.hosts(), rig.ids());
        state.assertHealthyOn(UpgradeRollFixture.all(rig.ids(), TO));
        try (Database db = Database.open(Database.defaultH2Url(data), Optional.empty(), Optional.empty())) {
            var store = new JdbcOperationStore(db);
            assertThat(store.find(id).orElseThrow().state()).isEqualTo(OpState.DONE);
            var events = store.history(Optional.empty(), Optional.of(id), 100).stream().map(e -> e.event()).toList();
            assertThat(events).containsOnlyOnce(AuditEvent.STARTED, AuditEvent.RESUMED, AuditEvent.FINISHED);
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
