package dev.kafkachatops.e2e;

import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.sim.SimMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.kafkachatops.e2e.UpgradeRollFixture.FROM;
import static dev.kafkachatops.e2e.UpgradeRollFixture.TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's rehearsal gate through chat with the real bot against the simulator, on two real KRaft clusters of
 * broker processes ({@code dev}, development, 3 combined nodes: a lone node never passes the safety gate before its
 * stop; {@code prod}, production with {@code rehearsal: dev}, one node, only planned), both on {@value UpgradeRollFixture#FROM} with {@value UpgradeRollFixture#TO} installed:
 * <ol>
 *   <li>prod's upgrade is blocked (not stored): the hop has not finished on dev;</li>
 *   <li>{@code skip-rehearsal} stores it, needing 2 approvals (one is not enough), audited as OVERRIDDEN;</li>
 *   <li>dev is upgraded through the real workflow (plan, approval, run, done);</li>
 *   <li>prod's upgrade is then stored for approval, saying where and when it was rehearsed.</li>
 * </ol>
 */
class RehearsalGateIT {
    private Path dir;
    private LocalKafkaCluster dev;
    private LocalKafkaCluster prod;
    private ChatBotHarness chat;

    @AfterEach
    void stop() throws Exception {
        if (chat != null) chat.close();
        if (prod != null) prod.close();
        UpgradeRollFixture.cleanUp(dev, dir);
    }

    private static LocalKafkaCluster start(Path dir) throws Exception {
        return LocalKafkaCluster.builder().baseDir(dir).version(FROM).nodes(1).extraInstall(TO)
                .distributions(UpgradeRollFixture.DISTS).deleteOnClose(true).start();
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void blockedThenRehearsedOnDevThenAllowed() throws Exception {
        dir = Files.createTempDirectory("rehearsal-");
        dev = UpgradeRollFixture.startCluster(dir.resolve("dev")); // 3 nodes: one node alone cannot pass the gates
        prod = start(dir.resolve("prod"));
        chat = ChatBotHarness.with(BotYaml.dataDir(dir)
                        .cluster(BotYaml.Cluster.named("dev", dev.bootstrapServers()).approvers("U0BOB", "U0CAROL")
                                .requiredApprovals(1).window("* * * * * ?", "1h").localHosts(dev)
                                .stage("development", null))
                        .cluster(BotYaml.Cluster.named("prod", prod.bootstrapServers()).approvers("U0BOB", "U0CAROL")
                                .requiredApprovals(1).window("* * * * * ?", "1h").localHosts(prod)
                                .stage("production", "dev")))
                .connectWithin(Duration.ofSeconds(20)).start();

        chat.command("alice", "upgrade " + TO + " --cluster prod");
        SimMessage blocked = chat.await("the blocked plan", Duration.ofSeconds(90), m -> m.bot()
                && m.text().equals("Blocked: upgrade " + TO));
        System.out.println("REHEARSAL blocked plan as posted: " + blocked.fullText());
        assertThat(blocked.fullText()).contains("*Not rehearsed*: the hop " + FROM + " → " + TO + " has not finished "
                + "on dev: upgrade dev to " + TO + " first, or ask with `upgrade " + TO + " skip-rehearsal` (needs 2 "
                + "approvals)");
        assertThat(chat.store().list(Optional.of("prod"), EnumSet.allOf(OpState.class))).isEmpty();

        chat.command("alice", "upgrade " + TO + " skip-rehearsal --cluster prod");
        SimMessage skipped = chat.await("the skip-rehearsal plan", Duration.ofSeconds(90), m -> m.bot()
                && !m.ephemeral() && m.text().matches("Plan U\\d+: upgrade " + Pattern.quote(TO)
                + " skip-rehearsal — awaiting approval"));
        System.out.println("REHEARSAL skip-rehearsal plan as posted: " + skipped.fullText());
        assertThat(skipped.fullText()).contains("*Rehearsal skipped*: not rehearsed: the hop " + FROM + " → " + TO
                + " has not finished on dev. Asked with skip-rehearsal, so the plan needs 2 approvals")
                .contains("*Waiting for approval*: 0 of 2");
        String skipId = ChatBotHarness.operationId(skipped);
        chat.approve("bob", skipped);
        Await.until("bob's approval counted", Duration.ofSeconds(30),
                () -> chat.current(skipped).fullText().contains("*Waiting for approval*: 1 of 2"));
        assertThat(chat.operation(skipId).state()).isEqualTo(OpState.AWAITING_APPROVAL);
        List<AuditEntry> skipAudit = chat.store().history(Optional.of("prod"), Optional.of(skipId), 20);
        assertThat(skipAudit).anyMatch(e -> e.event() == AuditEvent.OVERRIDDEN && e.actor().equals("U0ALICE")
                && e.detail().startsWith("skip-rehearsal: not rehearsed: the hop " + FROM + " → " + TO));
        chat.react("alice", skipped, "x"); // the requester withdraws it: the rehearsal comes first
        Await.until("the skip plan withdrawn", Duration.ofSeconds(30),
                () -> chat.operation(skipId).state() == OpState.CANCELLED);

        chat.command("alice", "upgrade " + TO + " --cluster dev");
        SimMessage devPlan = chat.awaitPlan(TO);
        String devId = ChatBotHarness.operationId(devPlan);
        assertThat(devPlan.fullText()).doesNotContain("rehears").doesNotContain("Rehears");
        Instant approved = Instant.now();
        chat.approve("bob", devPlan);
        SimMessage done = chat.awaitPlanState(devPlan, "— done", Duration.ofMinutes(3));
        System.out.println("REHEARSAL dev upgrade " + devId + " done in "
                + UpgradeRollFixture.seconds(Duration.between(approved, ChatBotHarness.currentVersionAt(done))));

        chat.command("alice", "upgrade " + TO + " --cluster prod");
        SimMessage allowed = chat.await("the rehearsed prod plan", Duration.ofSeconds(90), m -> m.bot()
                && !m.ephemeral() && m.text().matches("Plan U\\d+: upgrade " + Pattern.quote(TO)
                + " — awaiting approval") && !m.ts().equals(devPlan.ts()));
        System.out.println("REHEARSAL allowed plan as posted: " + allowed.fullText());
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(allowed.fullText()).containsPattern(Pattern.quote("*Rehearsal*: Rehearsed on dev on " + day + " ("
                + devId + ", ") + "(\\d+ s|\\d+ min)" + Pattern.quote(", 0 halts)"))
                .contains("*Waiting for approval*: 0 of 1").doesNotContain("Not rehearsed");
        Operation stored = chat.operation(ChatBotHarness.operationId(allowed));
        assertThat(stored.cluster()).isEqualTo("prod");
        assertThat(stored.state()).isEqualTo(OpState.AWAITING_APPROVAL);
    }
}
