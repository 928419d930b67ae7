package dev.kafkachatops.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.Target;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The plan message as Slack receives it. */
class PlanViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sandbox's shape: racks a, b, c and a new broker 4 in rack a; RF 3 on brokers 1-3. */
    static ReassignmentPlan sandboxPlan() {
        List<List<Integer>> replicas = new ArrayList<>();
        for (int p = 0; p < 12; p++) replicas.add(List.of(1 + p % 3, 1 + (p + 1) % 3, 1 + (p + 2) % 3));
        ClusterAssignment c = ClusterAssignment.builder().broker(1, "a").broker(2, "b").broker(3, "c").broker(4, "a")
                .topic("orders", replicas).build();
        return RebalancePlanner.plan(c, "orders", Target.allAlive(), OptionalLong.of(2_000_000));
    }

    @Test
    void planMessageCarriesTheNumbersTheButtonsAndExplainsTheRackRule() throws Exception {
        ReassignmentPlan plan = sandboxPlan();
        JsonNode b = JSON.readTree(RunViews.json(PlanView.render("R1", "sandbox", plan, "U0ALICE", Optional.empty(),
                true)));
        assertThat(b.get(0).path("text").path("text").asText())
                .isEqualTo(":clipboard: Plan R1: rebalance orders onto brokers 1, 2, 3, 4");
        String fields = b.get(1).path("fields").toString();
        assertThat(fields).contains("*Replica moves*\\n" + plan.replicaMoves() + " (minimum possible: "
                + plan.lowerBound() + ")").contains("*Throttle*\\n2.0 MB/s").contains("<@U0ALICE>");
        assertThat(b.get(2).path("text").path("text").asText()).contains("BROKER").contains("0 → 6")
                .contains("Counts differ by 6 because no two replicas of a partition may share a rack");
        JsonNode actions = b.get(b.size() - 1);
        assertThat(actions.path("type").asText()).isEqualTo("actions");
        // approval is by reaction: the only button cancels the plan (with a confirmation)
        assertThat(actions.path("elements")).hasSize(1);
        assertThat(actions.path("elements").get(0).path("action_id").asText()).isEqualTo(PlanView.DISCARD_ACTION);
        assertThat(actions.path("elements").get(0).path("value").asText()).isEqualTo("R1");
        assertThat(actions.path("elements").get(0).path("confirm").path("title").path("text").asText())
                .isEqualTo("Cancel plan R1?");
    }

    @Test
    void onlyAThrottledPlanSaysThrottled() throws Exception {
        ReassignmentPlan throttled = sandboxPlan();
        String with = JSON.readTree(RunViews.json(PlanView.render("R1", "sandbox", throttled, "U0ALICE",
                Optional.empty(), true))).toString();
        assertThat(with).contains("(at most 5 per broker), throttled at 2.0 MB/s, with the throttles removed");
        ReassignmentPlan free = RebalancePlanner.plan(ClusterAssignment.builder().broker(1, "a").broker(2, "b")
                .broker(3, "c").broker(4, "a").topic("orders", List.of(List.of(1, 2, 3), List.of(2, 3, 1),
                        List.of(3, 1, 2), List.of(1, 3, 2))).build(), "orders", Target.allAlive(),
                OptionalLong.empty());
        String without = JSON.readTree(RunViews.json(PlanView.render("R2", "sandbox", free, "U0ALICE",
                Optional.empty(), true))).toString();
        assertThat(without).contains("*Throttle*\\nnone").contains("not throttled: nothing limits the copy rate")
                .doesNotContain("throttled,").doesNotContain("throttled at");
    }

    @Test
    void aConfirmedPlanHasNoButtonsAndShowsItsState() throws Exception {
        JsonNode b = JSON.readTree(RunViews.json(PlanView.render("R1", "sandbox", sandboxPlan(), "U0ALICE",
                Optional.of("Confirmed by <@U0BOB>"), false)));
        assertThat(b.toString()).doesNotContain("\"actions\"").contains("Confirmed by <@U0BOB>");
    }
}
