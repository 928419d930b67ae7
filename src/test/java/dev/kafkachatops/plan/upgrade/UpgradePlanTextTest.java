package dev.kafkachatops.plan.upgrade;

import org.junit.jupiter.api.Test;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.combined;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.planner;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.zookeeper;
import static org.assertj.core.api.Assertions.assertThat;

/** The plan as plain text for the terminal. */
class UpgradePlanTextTest {

    @Test
    void summaryAndRenderShowRouteOrderAndFindings() {
        UpgradePlan p = planner().plan(zookeeper(3, "2.8.2", 2, "3.9.1").build(), "3.9.1");
        assertThat(UpgradePlanText.summary(p))
                .isEqualTo("legacy: 2.8.2 → 3.9.1 (ZooKeeper), 1 hop, 3 nodes, 40 steps, about 1m 18s");
        String text = UpgradePlanText.render(p);
        assertThat(text).contains("Warnings:\n  - Producers with acks=1 can lose messages: ")
                .contains("Hop 1: 2.8.2 -> 3.9.1   upgrade notes: https://kafka.apache.org/39/documentation.html#upgrade")
                .contains("  Prepare: Check the cluster (1 step)\n")
                .contains("  Phase 1: Roll brokers 1, 3 and 2 onto 3.9.1 with inter.broker.protocol.version=2.8 and "
                        + "log.message.format.version=2.8 pinned (21 steps)\n    order: 1 -> 3 -> 2\n")
                .contains("  Phase 2: Remove the pins and roll brokers 1, 3 and 2 again: inter.broker.protocol.version "
                        + "becomes 3.9 (18 steps)\n")
                .doesNotContain("Blockers");
    }

    @Test
    void stepsListEveryKeyInOrder() {
        UpgradePlan p = planner().plan(combined(3, "3.9.1", 2, 21, "4.1.1").build(), "4.1.1");
        String steps = UpgradePlanText.steps(p);
        assertThat(steps.lines()).hasSize(p.steps().size());
        assertThat(steps.lines().findFirst().orElseThrow()).startsWith("  1. hop1/prepare/preflight");
        assertThat(steps).contains("hop1/phase1/combined-2/elect-leaders").contains("hop1/phase3/finalize-metadata");
    }

    @Test
    void blockedPlansSayWhy() {
        UpgradePlan p = planner().plan(combined(3, "3.9.1", 2, 21).offline(1).build(), "4.1.1");
        assertThat(UpgradePlanText.summary(p)).endsWith(", BLOCKED by 2 blockers");
        assertThat(UpgradePlanText.render(p)).contains("Blockers (the plan cannot run):\n  - Offline partitions now: ");
    }
}
