package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.CATALOGUE;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.combined;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.node;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.planner;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.split;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.stops;
import static org.assertj.core.api.Assertions.assertThat;

/** KRaft mode: controllers first with the active one last, then brokers, then metadata.version finalized. */
class UpgradePlannerKraftTest {

    @Test
    void threeCombinedNodesRollAsControllersThenFinalize() {
        UpgradePlan p = planner().plan(combined(3, "3.9.1", 2, 21, "4.1.1").build(), "4.1.1");
        HopPlan hop = p.hops().get(0);
        assertThat(hop.phases()).extracting(Phase::kind)
                .containsExactly(Phase.Kind.PREPARE, Phase.Kind.ROLL_CONTROLLERS, Phase.Kind.FINALIZE);
        Phase roll = hop.phase(Phase.Kind.ROLL_CONTROLLERS).orElseThrow();
        assertThat(stops(roll)).containsExactly(1, 3, 2);
        assertThat(roll.title()).isEqualTo("Roll controllers 1, 3 and 2 onto 4.1.1 (the active controller last)");
        assertThat(roll.steps()).filteredOn(s -> s.kind() == StepKind.ELECT_LEADERS).hasSize(3);
        assertThat(roll.steps()).filteredOn(s -> s.kind() == StepKind.WRITE_CONFIG)
                .allSatisfy(s -> assertThat(s.set()).isEmpty());
        UpgradeStep finalize = hop.phase(Phase.Kind.FINALIZE).orElseThrow().steps().get(0);
        assertThat(finalize.key()).isEqualTo("hop1/phase3/finalize-metadata");
        assertThat(finalize.feature()).contains(new UpgradeStep.FeatureLevel("metadata.version", 27));
        assertThat(finalize.text()).contains("4.1-IV1 (level 27)").contains("--feature metadata.version=27");
        assertThat(p.estimated()).isEqualTo(Duration.ofSeconds(3 * (11 + 1 + 1) + 2));
        assertThat(p.findings()).extracting(Finding::reason).contains(Finding.Reason.OTHER_FEATURES_UNCHANGED,
                Finding.Reason.NO_WAY_BACK, Finding.Reason.ACKS_ONE);
        assertThat(p.blocked()).isFalse();
    }

    @Test
    void controllersBeforeBrokersAndControllersElectNoLeaders() {
        UpgradePlan p = planner().plan(split(3, 3, "3.9.1", 1, 21, "4.1.2").build(), "4.1");
        HopPlan hop = p.hops().get(0);
        assertThat(hop.phases()).extracting(Phase::kind).containsExactly(Phase.Kind.PREPARE,
                Phase.Kind.ROLL_CONTROLLERS, Phase.Kind.ROLL_BROKERS, Phase.Kind.FINALIZE);
        Phase controllers = hop.phase(Phase.Kind.ROLL_CONTROLLERS).orElseThrow();
        assertThat(stops(controllers)).containsExactly(2, 3, 1);
        assertThat(controllers.steps()).noneMatch(s -> s.kind() == StepKind.ELECT_LEADERS);
        assertThat(controllers.steps()).filteredOn(s -> s.kind() == StepKind.HEALTH_GATE).first()
                .satisfies(s -> assertThat(s.text()).contains("controller 2 is back in the quorum and caught up"));
        assertThat(controllers.steps().get(0).key()).isEqualTo("hop1/phase1/controller-2/safety-gate");
        Phase brokers = hop.phase(Phase.Kind.ROLL_BROKERS).orElseThrow();
        assertThat(stops(brokers)).containsExactly(101, 102, 103);
        assertThat(brokers.steps().get(0).key()).isEqualTo("hop1/phase2/broker-101/safety-gate");
        assertThat(hop.restartOrder()).containsExactly(2, 3, 1, 101, 102, 103);
    }

    @Test
    void aMajorStepFinalizesEachHop() {
        UpgradePlan p = planner().plan(combined(3, "3.7.2", 1, 19, "3.9.2", "4.1.1").build(), "4.1.1");
        assertThat(p.route()).isEqualTo("3.7.2 → 3.9.2 → 4.1.1");
        assertThat(p.steps()).filteredOn(s -> s.kind() == StepKind.FINALIZE_METADATA)
                .extracting(s -> s.feature().orElseThrow().level()).containsExactly(21, 27);
    }

    @Test
    void anInterruptedRollContinuesWithTheNodesLeftThenFinalizes() {
        var s = UpgradeSnapshot.builder("sandbox", ClusterMode.KRAFT).activeController(3).metadataLevel(21)
                .node(node(1, NodeRole.COMBINED, "4.1.1")).node(node(2, NodeRole.COMBINED, "4.1.1"))
                .node(node(3, NodeRole.COMBINED, "3.9.1", "4.1.1")).build();
        UpgradePlan p = planner().plan(s, "4.1.1");
        HopPlan hop = p.hops().get(0);
        assertThat(stops(hop.phase(Phase.Kind.ROLL_CONTROLLERS).orElseThrow())).containsExactly(3);
        assertThat(hop.phase(Phase.Kind.FINALIZE)).isPresent();
        assertThat(hop.note()).contains("nodes 1 and 2 already run 4.1.1: hop 1 (3.9.1 → 4.1.1) continues with node 3");
        assertThat(p.findings()).filteredOn(f -> f.reason() == Finding.Reason.INTERRUPTED_UPGRADE).hasSize(1);
        assertThat(p.findings()).extracting(Finding::reason).doesNotContain(Finding.Reason.MIXED_VERSIONS);
    }

    @Test
    void rolledButNotFinalizedLeavesOnlyTheFinalizeStep() {
        UpgradePlan p = planner().plan(combined(3, "4.1.1", 1, 21).build(), "4.1.1");
        HopPlan hop = p.hops().get(0);
        assertThat(hop.phases()).extracting(Phase::kind).containsExactly(Phase.Kind.PREPARE, Phase.Kind.FINALIZE);
        assertThat(hop.note()).contains("every node already runs 4.1.1 but metadata.version is 3.9-IV0 (level 21): "
                + "only the finalize step is left");
        assertThat(p.steps()).noneMatch(st -> st.kind() == StepKind.STOP);
    }

    @Test
    void aFinishedClusterHasNothingToDoAndAPatchNeedsNoFinalize() {
        assertThat(planner().plan(combined(3, "4.1.1", 1, 27).build(), "4.1.1").isEmpty()).isTrue();
        UpgradePlan patch = planner().plan(combined(3, "4.1.1", 1, 27, "4.1.2").build(), "4.1.2");
        assertThat(patch.hops().get(0).phases()).extracting(Phase::kind)
                .containsExactly(Phase.Kind.PREPARE, Phase.Kind.ROLL_CONTROLLERS);
    }

    @Test
    void mixedVersionsThatNoHopExplainsAreNoted() {
        var s = UpgradeSnapshot.builder("sandbox", ClusterMode.KRAFT).activeController(1).metadataLevel(19)
                .node(node(1, NodeRole.COMBINED, "3.7.2", "3.9.2", "4.1.1"))
                .node(node(2, NodeRole.COMBINED, "3.8.1", "3.9.2", "4.1.1"))
                .node(node(3, NodeRole.COMBINED, "3.8.1", "3.9.2", "4.1.1")).build();
        UpgradePlan p = planner().plan(s, "4.1.1");
        assertThat(p.findings()).filteredOn(f -> f.reason() == Finding.Reason.MIXED_VERSIONS).singleElement()
                .satisfies(f -> assertThat(f.detail()).isEqualTo("3.7.2 on node 1; 3.8.1 on nodes 2 and 3: every node "
                        + "is brought to 3.9.2 first"));
        assertThat(p.hops().get(0).steps()).filteredOn(st -> st.kind() == StepKind.STOP && st.node().equals(Optional.of(2)))
                .singleElement().satisfies(st -> assertThat(st.from()).contains(UpgradeFixtures.v("3.8.1")));
    }

    @Test
    void theRestartEstimateIsAParameter() {
        var fast = new UpgradePlanner(CATALOGUE, UpgradeEstimates.DEFAULT.withRestart(Duration.ofSeconds(5)));
        assertThat(fast.plan(combined(3, "3.9.1", 2, 21, "4.1.1").build(), "4.1.1").estimated())
                .isEqualTo(Duration.ofSeconds(3 * (5 + 1 + 1) + 2));
    }

    @Test
    void installsFromTheMirrorWhenConfigured() {
        UpgradePlan p = planner().plan(combined(3, "3.9.1", 2, 21).installSource("https://mirror.example/kafka")
                .build(), "4.1.1");
        Phase prepare = p.hops().get(0).phase(Phase.Kind.PREPARE).orElseThrow();
        assertThat(prepare.steps()).extracting(UpgradeStep::key).containsExactly("hop1/prepare/preflight",
                "hop1/prepare/combined-1/install", "hop1/prepare/combined-2/install", "hop1/prepare/combined-3/install");
        assertThat(prepare.title()).isEqualTo("Check the cluster and install 4.1.1 where it is missing");
        assertThat(p.blocked()).isFalse();
        assertThat(p.findings()).extracting(Finding::reason).contains(Finding.Reason.INSTALL_FROM_MIRROR);
    }
}
