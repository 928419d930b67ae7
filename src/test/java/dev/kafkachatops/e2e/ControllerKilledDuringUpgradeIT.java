package dev.kafkachatops.e2e;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.run.upgrade.UpgradePayload;
import dev.kafkachatops.sim.SimMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.kafkachatops.e2e.UpgradeRollFixture.TO;
import static dev.kafkachatops.e2e.UpgradeRollFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: the active controller killed with SIGKILL in the middle of a rolling upgrade (3 combined KRaft nodes of
 * real processes). Once the first node of the roll is stopped, the test kills the active controller (the roll's last
 * node): one voter of three is left, so there is no quorum until the first node is back, and partitions stay
 * under-replicated while the killed node is down. The run must wait at its gate and say why in the channel, go on
 * when the killed node is started again, and end DONE with every node on the new version and no acknowledged
 * message lost.
 */
@Tag("slow")
class ControllerKilledDuringUpgradeIT {
    /** How long the killed controller stays down: longer than a broker session (9 s), so it is fenced. */
    private static final Duration DOWN = Duration.ofSeconds(20);
    private UpgradeFaultRig rig;
    private ChatBotHarness chat;

    @AfterEach
    void stop() throws Exception {
        if (chat != null) chat.close();
        if (rig != null) rig.close();
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theRollWaitsAtItsGateWhileTheControllerIsDownAndGoesOnWhenItIsBack() throws Exception {
        rig = UpgradeFaultRig.start("controller-killed-");
        chat = ChatBotHarness.with(BotYaml.dataDir(rig.dir.resolve("data")).cluster(BotYaml.Cluster.named("test",
                        rig.cluster.bootstrapServers()).approvers("U0BOB").requiredApprovals(1)
                        .window("* * * * * ?", "1h").localHosts(rig.cluster)))
                .connectWithin(Duration.ofSeconds(20)).start();
        rig.startLoad();
        chat.command("alice", "upgrade " + TO);
        SimMessage plan = chat.awaitPlan(TO);
        String id = ChatBotHarness.operationId(plan);
        List<Integer> order = PlanCodec.readVerified(chat.operation(id), UpgradePayload.class).plan().steps()
                .stream().filter(s -> s.kind() == StepKind.SAFETY_GATE).map(UpgradeStep::node)
                .map(Optional::orElseThrow).toList();
        int controller = rig.admin.describeMetadataQuorum().quorumInfo().get(15, TimeUnit.SECONDS).leaderId();
        int first = order.get(0);
        assertThat(controller).as("the active controller rolls last").isEqualTo(order.get(order.size() - 1));
        Instant approved = Instant.now();
        chat.approve("bob", plan);

        Await.until("node " + first + " stopped", Duration.ofMinutes(2), () -> chat.checkpoints(id).stream()
                .anyMatch(c -> c.step().endsWith("-" + first + "/stop") && c.status() == Checkpoint.Status.DONE));
        rig.cluster.node(controller).kill();
        Instant killed = Instant.now();
        // the killed node stays down for DOWN: collect what the checklist says meanwhile
        Set<String> reasons = new LinkedHashSet<>();
        Instant seenWaiting = null;
        while (Instant.now().isBefore(killed.plus(DOWN)) || reasons.isEmpty()) {
            assertThat(Duration.between(killed, Instant.now())).as("no waiting reason shown")
                    .isLessThan(Duration.ofMinutes(2));
            List<String> now = chat.messages().stream().flatMap(ControllerKilledDuringUpgradeIT::texts)
                    .flatMap(String::lines).filter(t -> t.contains("waiting (")).toList();
            if (seenWaiting == null && !now.isEmpty()) seenWaiting = Instant.now();
            now.forEach(t -> reasons.add(t.substring(t.indexOf("waiting ("))));
            Thread.sleep(200);
        }
        assertThat(chat.operation(id).state()).as("the run waits, it does not end").isEqualTo(OpState.RUNNING);
        rig.cluster.node(controller).start();
        Instant restarted = Instant.now();

        SimMessage done = chat.awaitPlanState(plan, "— done", Duration.ofMinutes(4));
        Instant doneAt = ChatBotHarness.currentVersionAt(done);
        int leaderAfter = rig.admin.describeMetadataQuorum().quorumInfo().get(15, TimeUnit.SECONDS).leaderId();
        ProduceConsumeProbe.Result r = rig.probe.stopAndVerify(Duration.ofSeconds(90));
        System.out.printf("FAULT controller-killed: active controller %d SIGKILLed %s after approval while node %d "
                        + "was down for its upgrade; the checklist said %s (first %s after the kill); node %d "
                        + "started again %s after the kill; run done %s after that (%s after approval); active "
                        + "controller now %d; %s%n", controller,
                seconds(Duration.between(approved, killed)), first, reasons,
                seconds(Duration.between(killed, seenWaiting)), controller,
                seconds(Duration.between(killed, restarted)), seconds(Duration.between(restarted, doneAt)),
                seconds(Duration.between(approved, doneAt)), leaderAfter, r.summary());

        assertThat(r.lost()).as("acknowledged messages lost; " + r.summary()).isZero();
        assertThat(r.acked()).isPositive();
        assertThat(UpgradeFaultRig.nodeEntries(done)).as("one thread entry per node")
                .containsExactlyInAnyOrderElementsOf(order);
        assertThat(done.fullText()).contains("*Done*");
        assertThat(chat.operation(id).state()).isEqualTo(OpState.DONE);
        UpgradeRollFixture.EndState state = UpgradeRollFixture.endState(rig.admin, rig.hosts(), rig.ids());
        state.assertHealthyOn(UpgradeRollFixture.all(rig.ids(), TO));
    }

    /** A message's current text (blocks included) and its thread's. */
    private static Stream<String> texts(SimMessage m) {
        return Stream.concat(Stream.of(m.fullText()), m.replies().stream().map(SimMessage::fullText));
    }
}
