package dev.kafkachatops.e2e;

import dev.kafkachatops.adapter.host.EmbeddedSshServer;
import dev.kafkachatops.adapter.host.SshSandboxHosts;
import dev.kafkachatops.config.HostService;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.sim.SimMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.kafkachatops.e2e.UpgradeRollFixture.TO;
import static dev.kafkachatops.e2e.UpgradeRollFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: an SSH connection dropped in the middle of a step of a rolling upgrade (3 combined KRaft nodes of real
 * processes, each reached over SSH through an embedded MINA server, the bot in chat). The second stop command of the
 * roll takes a few seconds; while it runs the server closes every session without a goodbye. The run must halt at
 * that step with Retry / Roll back / Abort and say in the channel what happened; Retry must finish the roll with no
 * node started twice, no acknowledged message lost, and the plan message ending done.
 */
@Tag("slow")
class SshDropDuringUpgradeIT {
    private UpgradeFaultRig rig;
    private EmbeddedSshServer ssh;
    private ChatBotHarness chat;

    @AfterEach
    void stop() throws Exception {
        if (chat != null) chat.close();
        if (ssh != null) ssh.close();
        if (rig != null) rig.close();
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void aDroppedConnectionHaltsTheStepWithRetryAndRetryFinishesTheRoll() throws Exception {
        rig = UpgradeFaultRig.start("ssh-drop-");
        KeyPair key = EmbeddedSshServer.newKey("EdDSA");
        Path keyFile = EmbeddedSshServer.writePrivateKey(rig.dir, "id_ed25519", key);
        ssh = EmbeddedSshServer.start(rig.dir, "EdDSA", key.getPublic());
        Path knownHosts = ssh.writeKnownHosts(ssh.knownHostsLine());
        Path hostLog = Files.createDirectories(rig.dir.resolve("host-log"));
        Path commands = hostLog.resolve("commands.log");
        String log = "echo $(date +%s%N) ";
        String stop = log + "stop {config} >> " + commands + "; n=$(cat " + hostLog + "/stops 2>/dev/null || echo 0); "
                + "n=$((n+1)); echo $n > " + hostLog + "/stops; if [ $n -eq 2 ]; then touch " + hostLog
                + "/stopping; sleep 4; fi; " + HostService.preset("process").stop();
        chat = ChatBotHarness.with(BotYaml.dataDir(rig.dir.resolve("data")).cluster(BotYaml.Cluster.named("test",
                        rig.cluster.bootstrapServers()).approvers("U0BOB").requiredApprovals(1)
                        .window("* * * * * ?", "1h")
                        .sshHosts(rig.cluster, ssh.port(), keyFile, knownHosts,
                                n -> log + "start {config} >> " + commands + "; " + SshSandboxHosts.startCommand(n))
                        .hostCommands(stop, null)))
                .connectWithin(Duration.ofSeconds(20)).start();
        rig.startLoad();
        chat.command("alice", "upgrade " + TO);
        SimMessage plan = chat.awaitPlan(TO);
        String id = ChatBotHarness.operationId(plan);
        Instant approved = Instant.now();
        chat.approve("bob", plan);

        Await.until("the second stop command of the roll running", Duration.ofMinutes(2),
                () -> Files.exists(hostLog.resolve("stopping")));
        int dropped = ssh.dropSessions();
        Instant droppedAt = Instant.now();
        SimMessage choices = chat.await("the choices in the thread", Duration.ofMinutes(2),
                m -> m.ts().equals(plan.ts()) && m.replies().stream().anyMatch(r -> String.valueOf(r.blocks())
                        .contains("op_retry"))).replies().stream()
                .filter(r -> String.valueOf(r.blocks()).contains("op_retry")).findFirst().orElseThrow();
        Instant haltedAt = Instant.now();
        assertThat(chat.operation(id).state()).isEqualTo(OpState.HALTED);
        assertThat(String.valueOf(choices.blocks())).contains("op_retry", "op_rollback", "op_abort");
        String told = choices.text();
        assertThat(told).as("the channel says what happened").contains("SSH");

        chat.action("bob", choices, "op_retry", id);
        SimMessage done = chat.awaitPlanState(plan, "— done", Duration.ofMinutes(4));
        Instant doneAt = ChatBotHarness.currentVersionAt(done);
        ProduceConsumeProbe.Result r = rig.probe.stopAndVerify(Duration.ofSeconds(90));

        List<String[]> lines = Files.readAllLines(commands).stream().map(l -> l.split(" ", 3)).toList();
        Map<String, Long> perKind = lines.stream().collect(Collectors.groupingBy(l -> l[1] + " " + nodeOf(l[2]),
                TreeMap::new, Collectors.counting()));
        System.out.printf("FAULT ssh-drop: %d SSH sessions closed by the server %s after approval while a stop command "
                        + "ran; the run halted %s later, the thread said \"%s\"; Retry -> done %s later; host "
                        + "commands %s; SSH sessions opened in all %d; %s%n", dropped,
                seconds(Duration.between(approved, droppedAt)), seconds(Duration.between(droppedAt, haltedAt)), told,
                seconds(Duration.between(haltedAt, doneAt)), perKind, ssh.sessionsCreated(), r.summary());

        assertThat(dropped).isPositive();
        for (int n : rig.ids()) {
            assertThat(perKind.get("start " + n)).as("node " + n + " started once").isEqualTo(1L);
        }
        assertThat(r.lost()).as("acknowledged messages lost; " + r.summary()).isZero();
        assertThat(r.acked()).isPositive();
        assertThat(UpgradeFaultRig.nodeEntries(done)).as("one thread entry per node")
                .containsExactlyInAnyOrderElementsOf(rig.ids());
        assertThat(done.fullText()).contains("*Done*");
        assertThat(chat.operation(id).state()).isEqualTo(OpState.DONE);
        UpgradeRollFixture.EndState state = UpgradeRollFixture.endState(rig.admin, rig.hosts(), rig.ids());
        state.assertHealthyOn(UpgradeRollFixture.all(rig.ids(), TO));
    }

    /** The node id in a node's config path ({@code .../node-2/usr/local/kafka/config/server.properties}). */
    private static int nodeOf(String config) {
        return Integer.parseInt(config.replaceAll(".*/node-(\\d+)/.*", "$1"));
    }
}
