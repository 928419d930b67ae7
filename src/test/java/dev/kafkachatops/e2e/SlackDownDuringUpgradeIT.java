package dev.kafkachatops.e2e;

import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.run.upgrade.UpgradePayload;
import dev.kafkachatops.sim.SimApiCall;
import dev.kafkachatops.sim.SimMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static dev.kafkachatops.e2e.UpgradeRollFixture.TO;
import static dev.kafkachatops.e2e.UpgradeRollFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: Slack down for 2 minutes in the middle of a rolling upgrade on real brokers. Once the first node's stop
 * is done, every Web API method answers HTTP 500 and Socket Mode connections are dropped and refused, through the
 * simulator's faults API; the roll must go on and finish in the meantime (the store says DONE before Slack is
 * back), lose no acknowledged message, and every thread entry and the checklist's end must arrive after Slack is
 * back: in order, once each, the plan message ending "— done".
 */
@Tag("slow")
class SlackDownDuringUpgradeIT {
    private static final Duration OUTAGE = Duration.ofSeconds(120);
    private UpgradeFaultRig rig;
    private ChatBotHarness chat;

    @AfterEach
    void stop() throws Exception {
        if (chat != null) chat.close();
        if (rig != null) rig.close();
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void theRollGoesOnWhileSlackIsDownAndTheChannelCatchesUpAfterwards() throws Exception {
        rig = UpgradeFaultRig.start("slack-down-");
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
        Instant approved = Instant.now();
        chat.approve("bob", plan);

        Await.until("the first node's stop done", Duration.ofMinutes(2), () -> chat.checkpoints(id).stream()
                .anyMatch(c -> c.step().endsWith("/stop") && c.status() == Checkpoint.Status.DONE));
        UpgradeFaultRig.fault(chat.sim, "{\"method\":\"*\",\"status\":500}");
        UpgradeFaultRig.fault(chat.sim, "{\"socket\":\"refuse\",\"seconds\":" + OUTAGE.toSeconds() + "}");
        Instant down = Instant.now();

        Await.until("the run DONE in the store while Slack is down", OUTAGE.minusSeconds(5),
                () -> chat.operation(id).state() == OpState.DONE);
        Instant finished = Instant.now();
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), down.plus(OUTAGE)).toMillis()));
        UpgradeFaultRig.clearFaults(chat.sim);
        Instant up = Instant.now();

        SimMessage done = chat.await("the plan message done, once Slack is back", Duration.ofMinutes(3),
                m -> m.ts().equals(plan.ts()) && m.text().endsWith("— done")
                        && m.replies().stream().anyMatch(r -> r.text().contains("raise metadata.version")));
        Instant caughtUp = Instant.now();
        ProduceConsumeProbe.Result r = rig.probe.stopAndVerify(Duration.ofSeconds(90));

        List<SimApiCall> calls = chat.sim.apiCalls();
        long failed = calls.stream().filter(c -> c.status() == 500).count();
        long deliveredDuringOutage = calls.stream().filter(c -> c.status() == 200 && c.method().startsWith("chat.")
                && c.at().isAfter(down.plusSeconds(1)) && c.at().isBefore(up)).count();
        List<String> thread = done.replies().stream().map(SimMessage::text).toList();
        List<SimMessage> afterOutage = done.replies().stream()
                .filter(m -> ChatBotHarness.currentVersionAt(m).isAfter(up.minusMillis(1))).toList();
        System.out.printf("FAULT slack-down: outage %s (all methods 500, socket refused) from %s after approval; "
                        + "run DONE %s into the outage (%s after approval); Slack answered 500 to %d calls; thread "
                        + "caught up %s after Slack was back (%d of %d entries posted after); %s%n",
                seconds(OUTAGE), seconds(Duration.between(approved, down)), seconds(Duration.between(down, finished)),
                seconds(Duration.between(approved, finished)), failed, seconds(Duration.between(up, caughtUp)),
                afterOutage.size(), thread.size(), r.summary());

        assertThat(r.lost()).as("acknowledged messages lost; " + r.summary()).isZero();
        assertThat(r.acked()).isPositive();
        assertThat(failed).as("the outage hit the bot").isPositive();
        assertThat(deliveredDuringOutage).as("chat calls Slack took during the outage").isZero();
        assertThat(UpgradeFaultRig.nodeEntries(done)).as("one entry per node, in the roll's order").isEqualTo(order);
        assertThat(afterOutage.stream().map(SimMessage::text)).as("the entries of the nodes rolled during the outage")
                .anyMatch(t -> t.contains("Node " + order.get(order.size() - 1) + " runs " + TO))
                .anyMatch(t -> t.contains("raise metadata.version"));
        assertThat(thread).as("every thread entry once").doesNotHaveDuplicates();
        assertThat(thread.indexOf(thread.stream().filter(t -> t.contains("raise metadata.version")).findFirst()
                .orElseThrow())).as("finalize after the nodes").isGreaterThan(thread.indexOf(thread.stream()
                .filter(t -> t.contains("Node " + order.get(order.size() - 1) + " runs")).findFirst().orElseThrow()));
        assertThat(done.fullText()).contains("*Done*");
        assertThat(chat.operation(id).state()).isEqualTo(OpState.DONE);
        assertThat(chat.history(id, 50).stream().map(AuditEntry::event)).contains(AuditEvent.FINISHED)
                .doesNotContain(AuditEvent.FAILED);
        UpgradeRollFixture.EndState state = UpgradeRollFixture.endState(rig.admin, rig.hosts(), rig.ids());
        state.assertHealthyOn(UpgradeRollFixture.all(rig.ids(), TO));
    }
}
