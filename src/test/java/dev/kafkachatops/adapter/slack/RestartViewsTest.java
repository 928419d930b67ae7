package dev.kafkachatops.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkachatops.domain.ops.OpEvent;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.upgrade.BatchMode;
import dev.kafkachatops.plan.upgrade.Batching;
import dev.kafkachatops.plan.upgrade.Phase;
import dev.kafkachatops.plan.upgrade.RestartPlan;
import dev.kafkachatops.plan.upgrade.RestartPlanner;
import dev.kafkachatops.plan.upgrade.UpgradeFixtures;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.run.upgrade.RestartPayload;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The restart's plan message, its progress reporter and its halt choices, as Slack gets them. */
class RestartViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Controllers 1-3 (2 active) and brokers 101-102; a reason with Slack markup in it, as only a bug could let in. */
    private final RestartPlan plan = new RestartPlanner().plan(UpgradeFixtures.split(3, 2, "3.9.1", 2, 21).build(),
            List.of(), false, Optional.of("rotate <!channel> & certs"));

    @Test
    void thePlanShowsScopeReasonEscapedOrderAndTheCancelButton() throws Exception {
        String json = RunViews.json(RestartPlanView.render("R7", plan, "U0ALICE", Optional.empty(), true));
        assertThat(BlockKitLimits.check("Plan R7: restart", json)).isEmpty();
        JsonNode b = JSON.readTree(json);
        assertThat(b.get(0).at("/text/text").asText()).isEqualTo(":arrows_counterclockwise: Restart prod: every node");
        assertThat(b.get(1).at("/fields/0/text").asText()).isEqualTo("*Reason*\nrotate &lt;!channel&gt; &amp; certs");
        assertThat(b.toString()).doesNotContain("<!channel>");
        assertThat(json).contains("order: 1 → 3 → 2", "order: 101 → 102", "Restart controllers 1, 3 and 2 (the "
                + "active controller last)", "*Version and config*\\nunchanged", "nothing to roll back");
        assertThat(b.get(b.size() - 1).at("/elements/0/action_id").asText()).isEqualTo(PlanView.DISCARD_ACTION);
        String approved = RunViews.json(RestartPlanView.render("R7", plan, "U0ALICE", Optional.of("Done."), false));
        assertThat(approved).doesNotContain(PlanView.DISCARD_ACTION).doesNotContain("Next:");
    }

    @Test
    void theReporterTellsTheReasonEachNodeAndTheChecklist() {
        var chat = new UpgradeReporterTest.FakeChat();
        var r = new RestartReporter(chat, "C1", "100.1", "R7", plan, Set.of(), Clock.systemUTC(), Optional.empty(),
                ts -> { });
        for (UpgradeStep s : plan.steps()) {
            r.stepStarted(s);
            r.stepDone(s, Duration.ofMillis(5));
        }
        r.close();
        assertThat(chat.calls.get(0)).startsWith("thread :arrows_counterclockwise: Restarting every node of prod")
                .endsWith("Reason: rotate &lt;!channel&gt; &amp; certs");
        assertThat(chat.calls.stream().filter(c -> c.contains("restarted and healthy in")).map(c -> c.replaceAll(
                ".*Node (\\d+) .*", "$1")).toList()).containsExactly("1", "3", "2", "101", "102");
        assertThat(chat.calls).anyMatch(c -> c.startsWith("post :arrows_counterclockwise: R7: restart prod, every node"));
        assertThat(chat.calls.stream().filter(c -> c.startsWith("update ")).reduce((a, c) -> c).orElseThrow())
                .contains(":arrows_counterclockwise: R7: restart prod, every node — 23 of 23 steps", "finished");
        assertThat(r.checklist(null)).doesNotContain(":white_small_square:", ":arrow_forward:");
    }

    @Test
    void threeHundredBrokersStayWithinSlacksLimits() {
        RestartPlan big = new RestartPlanner().plan(UpgradeFixtures.split(5, 300, "3.9.1", 2, 21).build(), List.of(),
                false, Optional.of("x".repeat(100)));
        String json = RunViews.json(RestartPlanView.render("R7", big, "U0ALICE", Optional.of("Approved."), true));
        assertThat(BlockKitLimits.check("Plan R7: restart", json)).isEmpty();
        var r = new RestartReporter(new UpgradeReporterTest.FakeChat(), "C1", "100.1", "R7", big, Set.of(),
                Clock.systemUTC(), Optional.empty(), ts -> { });
        String checklist = r.checklist("start broker 150 again, same version and config…");
        assertThat(checklist).contains("0 of 300 nodes done").hasSizeLessThan(3000);
        r.close();
    }

    @Test
    void threeHundredBrokersInBatchesStayWithinSlacksLimitsAndTheChecklistGroupsByBatch() {
        for (BatchMode mode : List.of(BatchMode.RACK, BatchMode.AUTO)) {
            var b = UpgradeFixtures.split(5, 300, "3.9.1", 2, 21);
            for (int i = 1; i <= 300; i++) b.rack(100 + i, "rack-" + (i % 3));
            RestartPlan big = new RestartPlanner().plan(b.build(), List.of(), false, Optional.of("x".repeat(100)),
                    new Batching(mode, 20));
            assertThat(big.phases().stream().anyMatch(Phase::batched)).isTrue();
            String json = RunViews.json(RestartPlanView.render("R7", big, "U0ALICE", Optional.of("Approved."), true));
            assertThat(BlockKitLimits.check("Plan R7: restart", json)).as(mode.label()).isEmpty();
            assertThat(json).contains("batch by batch");
        }
        var b = UpgradeFixtures.split(3, 6, "3.9.1", 2, 21);
        for (int i = 1; i <= 6; i++) b.rack(100 + i, "rack-" + (i % 3));
        RestartPlan small = new RestartPlanner().plan(b.build(), List.of(), false, Optional.empty(),
                new Batching(BatchMode.RACK, 20));
        var r = new RestartReporter(new UpgradeReporterTest.FakeChat(), "C1", "100.1", "R8", small, Set.of(),
                Clock.systemUTC(), Optional.empty(), ts -> { });
        assertThat(r.checklist(null)).contains("batch 1: :white_small_square: node 101  :white_small_square: node 104"
                + "  | batch 2: :white_small_square: node 102  :white_small_square: node 105");
        r.close();
    }

    @Test
    void aHaltedRestartOffersRetryAndAbortButNoRollBack() throws Exception {
        String payload = PlanCodec.write(new RestartPayload(plan, Map.of(1, NodeRole.CONTROLLER)));
        Instant t0 = Instant.parse("2026-12-07T02:00:00Z");
        Operation op = new Operation("R7", "prod", OpKind.RESTART, "restart", "U0ALICE", "C1", Optional.of("1.1"),
                payload, PlanCodec.hash(payload), "f", OpState.HALTED, t0, t0.plusSeconds(3600), Optional.empty(),
                Optional.empty(), Optional.empty(), 0);
        var sent = new java.util.ArrayList<String>();
        var texts = new java.util.ArrayList<String>();
        ChatNotifier notifier = new ChatNotifier() {
            @Override
            public String post(String channel, Optional<String> threadTs, String text, String blocksJson) {
                texts.add(text);
                sent.add(blocksJson);
                return "1.2";
            }

            @Override
            public void update(String channel, String ts, String text, String blocksJson) {
            }

            @Override
            public void ephemeral(String channel, String user, String text) {
            }

            @Override
            public void upload(String channel, Optional<String> threadTs, String filename, String title,
                               String content) {
            }

            @Override
            public void uploadBytes(String channel, Optional<String> threadTs, String filename, String title,
                                    byte[] content) {
            }
        };
        new SlackOperationChat(notifier).notify(op, new OpEvent.Halted("start broker 101 again: still not healthy"));
        assertThat(texts).singleElement().asString().contains("R7 halted", "*Retry*", "*Abort*",
                "nothing to roll back").doesNotContain("*Roll back*");
        assertThat(sent.get(0)).contains(SlackOperationChat.CHOICE_RETRY, SlackOperationChat.CHOICE_ABORT)
                .doesNotContain(SlackOperationChat.CHOICE_ROLLBACK);
    }
}
