package dev.kafkachatops.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.combined;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.planner;
import static org.assertj.core.api.Assertions.assertThat;

/** The upgrade plan message as Slack receives it. */
class UpgradePlanViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode render(UpgradePlan p, boolean buttons) throws Exception {
        return JSON.readTree(RunViews.json(UpgradePlanView.render("U7", p, "U0ALICE", Optional.empty(), buttons)));
    }

    /** The sandbox: 3 combined nodes on 3.9.1 with 4.1.1 installed beside it. */
    static UpgradePlan sandbox() {
        return planner().plan(combined(3, "3.9.1", 2, 21, "4.1.1").topic("orders", 3, 2, false)
                .topic("logs", 2, 1, false).build(), "4.1.1");
    }

    @Test
    void carriesTheRouteTheNumbersTheHopsAndTheButtons() throws Exception {
        JsonNode b = render(sandbox(), true);
        assertThat(b.get(0).path("type").asText()).isEqualTo("header");
        assertThat(b.get(0).path("text").path("text").asText()).isEqualTo(":arrow_double_up: Upgrade sandbox 3.9.1 → 4.1.1");
        String fields = b.get(1).path("fields").toString();
        assertThat(fields).contains("*Route*\\n3.9.1 → 4.1.1").contains("*Mode*\\nKRaft").contains("*Hops*\\n1")
                .contains("*Nodes restarted*\\n3").contains("*Steps*\\n23").contains("*Estimated duration*\\n41 s")
                .contains("<@U0ALICE>");
        assertThat(b.get(2).path("text").path("text").asText()).startsWith(":warning: *Warnings*")
                .contains("*Replication factor below 3*: logs (RF 2)").contains("acks=1");
        assertThat(b.get(3).path("text").path("text").asText()).startsWith(":information_source: *Notes*");
        assertThat(b.get(4).path("text").path("text").asText()).startsWith(":books: *Release notes* (read before "
                + "approving)\n• <https://kafka.apache.org/40/documentation.html#upgrade|4.0 upgrade notes>: brokers need "
                + "Java 17 or newer; KRaft only (no ZooKeeper); configs renamed: delegation.token.master.key → "
                + "delegation.token.secret.key").contains("clients older than 2.1 are refused\n• "
                + "<https://kafka.apache.org/41/documentation.html#upgrade|4.1 upgrade notes>: the plan finalizes "
                + "metadata.version to 4.1-IV1 (level 27)");
        String hop = b.get(5).path("text").path("text").asText();
        assertThat(hop).startsWith("*Hop 1: 3.9.1 → 4.1.1*  <https://kafka.apache.org/41/documentation.html#upgrade|upgrade notes>")
                .contains("• *Phase 1*: Roll controllers 1, 3 and 2 onto 4.1.1 (the active controller last) (21 steps)")
                .contains("• *Prepare*: Check the cluster (1 step)")
                .contains("order: 1 → 3 → 2")
                .contains("• *Phase 3*: Finalize metadata.version to 4.1-IV1 (level 27) (1 step)");
        assertThat(b.get(b.size() - 2).path("elements").get(0).path("text").asText()).startsWith("Next: once approved");
        JsonNode actions = b.get(b.size() - 1);
        assertThat(actions.path("type").asText()).isEqualTo("actions");
        // approval is by reaction: the only button cancels the plan
        assertThat(actions.path("elements")).hasSize(1);
        assertThat(actions.path("elements").get(0).path("action_id").asText()).isEqualTo(PlanView.DISCARD_ACTION);
        assertThat(actions.path("elements").get(0).path("value").asText()).isEqualTo("U7");
    }

    @Test
    void blockersComeFirstAndABlockedPlanHasNoRunButton() throws Exception {
        UpgradePlan p = planner().plan(combined(3, "3.9.1", 2, 21).underReplicated(2).build(), "4.1.1");
        JsonNode b = render(p, true);
        assertThat(b.get(2).path("text").path("text").asText()).startsWith(":no_entry: *Blockers: the plan cannot run*")
                .contains("*Under-replicated partitions now*").contains("*Target version not installed*");
        assertThat(b.toString()).doesNotContain("\"actions\"");
        assertThat(b.get(b.size() - 1).path("elements").get(0).path("text").asText())
                .isEqualTo("Next: fix the blockers, then plan again with `upgrade 4.1.1`. Nothing has been changed.");
    }

    @Test
    void aFinishedClusterSaysNothingToDo() throws Exception {
        UpgradePlan p = planner().plan(combined(3, "4.1.1", 1, 27).build(), "4.1.1");
        JsonNode b = render(p, true);
        assertThat(b).hasSize(2);
        assertThat(b.get(1).path("text").path("text").asText()).isEqualTo(":white_check_mark: Every node of sandbox "
                + "runs 4.1.1 and the upgrade is finished: nothing to do.");
    }

    @Test
    void aStateReplacesTheNextLineAndButtonsCanBeLeftOut() throws Exception {
        JsonNode b = JSON.readTree(RunViews.json(UpgradePlanView.render("U7", sandbox(), "U0ALICE",
                Optional.of("Approved by <@U0BOB>"), false)));
        assertThat(b.toString()).doesNotContain("\"actions\"").contains("Approved by <@U0BOB>")
                .doesNotContain("Next: once approved");
        JsonNode waiting = JSON.readTree(RunViews.json(UpgradePlanView.render("U7", sandbox(), "U0ALICE",
                Optional.of("Waiting for approval: 0 of 1"), true)));
        assertThat(waiting.toString()).contains("Next: once approved").contains("\"actions\"");
    }
}
