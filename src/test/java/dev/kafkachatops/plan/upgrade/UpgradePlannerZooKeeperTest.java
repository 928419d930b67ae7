package dev.kafkachatops.plan.upgrade;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.planner;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.stops;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.zookeeper;
import static dev.kafkachatops.plan.upgrade.UpgradeSnapshot.IBP;
import static dev.kafkachatops.plan.upgrade.UpgradeSnapshot.LMF;
import static org.assertj.core.api.Assertions.assertThat;

/** ZooKeeper mode: a pinned roll, then the pins removed and a second roll; brokers by id, the controller last. */
class UpgradePlannerZooKeeperTest {

    @Test
    void twoPhasesPinTheOldProtocolThenRemoveIt() {
        UpgradePlan p = planner().plan(zookeeper(3, "2.8.2", 2, "3.9.1").build(), "3.9.1");
        assertThat(p.hops()).singleElement().satisfies(h -> {
            assertThat(h.from().toString()).isEqualTo("2.8.2");
            assertThat(h.upgradeNotes().toString()).isEqualTo("https://kafka.apache.org/39/documentation.html#upgrade");
            assertThat(h.phases()).extracting(Phase::kind)
                    .containsExactly(Phase.Kind.PREPARE, Phase.Kind.ROLL_BINARIES, Phase.Kind.REMOVE_PINS);
        });
        HopPlan hop = p.hops().get(0);
        Phase roll = hop.phase(Phase.Kind.ROLL_BINARIES).orElseThrow();
        Phase unpin = hop.phase(Phase.Kind.REMOVE_PINS).orElseThrow();
        assertThat(stops(roll)).containsExactly(1, 3, 2);
        assertThat(stops(unpin)).containsExactly(1, 3, 2);
        assertThat(roll.title()).isEqualTo("Roll brokers 1, 3 and 2 onto 3.9.1 with " + IBP + "=2.8 and " + LMF
                + "=2.8 pinned");
        assertThat(roll.steps()).filteredOn(s -> s.kind() == StepKind.WRITE_CONFIG).hasSize(3)
                .allSatisfy(s -> assertThat(s.set()).isEqualTo(Map.of(IBP, "2.8", LMF, "2.8")));
        assertThat(unpin.steps()).filteredOn(s -> s.kind() == StepKind.WRITE_CONFIG).hasSize(3)
                .allSatisfy(s -> {
                    assertThat(s.remove()).containsExactly(IBP, LMF);
                    assertThat(s.set()).isEmpty();
                });
        assertThat(unpin.steps()).noneMatch(s -> s.kind() == StepKind.RELINK);
        assertThat(unpin.title()).endsWith(IBP + " becomes 3.9");
    }

    @Test
    void eachBrokerFollowsTheGuidesStepsWithStableKeys() {
        UpgradePlan p = planner().plan(zookeeper(3, "2.8.2", 2, "3.9.1").build(), "3.9.1");
        List<UpgradeStep> broker1 = p.hops().get(0).phase(Phase.Kind.ROLL_BINARIES).orElseThrow().steps().stream()
                .filter(s -> s.node().equals(Optional.of(1))).toList();
        assertThat(broker1).extracting(UpgradeStep::key).containsExactly(
                "hop1/phase1/broker-1/safety-gate", "hop1/phase1/broker-1/stop", "hop1/phase1/broker-1/relink",
                "hop1/phase1/broker-1/write-config", "hop1/phase1/broker-1/start", "hop1/phase1/broker-1/health-gate",
                "hop1/phase1/broker-1/elect-leaders");
        assertThat(broker1).allSatisfy(s -> {
            assertThat(s.from()).contains(UpgradeFixtures.v("2.8.2"));
            assertThat(s.to()).contains(UpgradeFixtures.v("3.9.1"));
        });
        assertThat(broker1.get(3).text()).isEqualTo("copy broker 1's config into the 3.9.1 install (backup first, "
                + "atomic write), setting " + IBP + "=2.8, " + LMF + "=2.8");
        assertThat(p.steps().get(0).key()).isEqualTo("hop1/prepare/preflight");
        assertThat(planner().plan(zookeeper(3, "2.8.2", 2, "3.9.1").build(), "3.9.1")).isEqualTo(p);
    }

    @Test
    void fromThreeXOnlyTheProtocolIsPinned() {
        UpgradePlan p = planner().plan(zookeeper(3, "3.5.2", 1, "3.9.2").build(), "3.9");
        UpgradeStep write = p.steps().stream().filter(s -> s.kind() == StepKind.WRITE_CONFIG).findFirst().orElseThrow();
        assertThat(write.set()).isEqualTo(Map.of(IBP, "3.5"));
    }

    @Test
    void aPatchUpgradeNeedsNoPinsAndOnePhase() {
        UpgradePlan p = planner().plan(zookeeper(3, "3.9.1", 3, "3.9.2").build(), "3.9.2");
        assertThat(p.hops().get(0).phases()).extracting(Phase::kind)
                .containsExactly(Phase.Kind.PREPARE, Phase.Kind.ROLL_BINARIES);
        assertThat(p.steps()).allSatisfy(s -> assertThat(s.set()).isEmpty());
        assertThat(p.findings()).extracting(Finding::reason).doesNotContain(Finding.Reason.NO_WAY_BACK);
    }

    @Test
    void aMajorStepFromAnOlderMinorGoesThroughTheNewestMinorFirst() {
        UpgradePlan p = planner().plan(zookeeper(3, "2.6.3", 1, "2.8.2", "3.9.1").build(), "3.9.1");
        assertThat(p.route()).isEqualTo("2.6.3 → 2.8.2 → 3.9.1");
        assertThat(p.hops().get(0).steps()).filteredOn(s -> s.kind() == StepKind.WRITE_CONFIG && !s.set().isEmpty())
                .allSatisfy(s -> assertThat(s.set()).isEqualTo(Map.of(IBP, "2.6", LMF, "2.6")));
        assertThat(p.hops().get(1).steps()).filteredOn(s -> s.kind() == StepKind.WRITE_CONFIG && !s.set().isEmpty())
                .allSatisfy(s -> assertThat(s.set()).isEqualTo(Map.of(IBP, "2.8", LMF, "2.8")));
        assertThat(p.hops().get(1).steps()).allSatisfy(s -> assertThat(s.key()).startsWith("hop2/"));
        assertThat(p.hops().get(1).from().toString()).isEqualTo("2.8.2");
    }

    @Test
    void aProtocolAlreadyPinnedLowerStaysThePin() {
        var b = UpgradeSnapshot.builder("legacy", dev.kafkachatops.domain.ClusterMode.ZOOKEEPER).activeController(1);
        for (int i = 1; i <= 3; i++) {
            b.node(UpgradeFixtures.node(i, NodeRole.BROKER, "2.8.2", "3.9.1")
                    .withPins(Optional.of("2.7-IV2"), Optional.of("0.10.2")));
        }
        UpgradePlan p = planner().plan(b.build(), "3.9.1");
        assertThat(p.steps()).filteredOn(st -> !st.set().isEmpty())
                .allSatisfy(st -> assertThat(st.set()).isEqualTo(Map.of(IBP, "2.7-IV2", LMF, "0.10.2")));
    }

    @Test
    void anUpgradeInterruptedInPhase1ContinuesWithTheBrokersLeft() {
        var b = UpgradeSnapshot.builder("legacy", dev.kafkachatops.domain.ClusterMode.ZOOKEEPER).activeController(2);
        b.node(UpgradeFixtures.node(1, NodeRole.BROKER, "3.9.1").withPins(Optional.of("2.8"), Optional.of("2.8")));
        b.node(UpgradeFixtures.node(2, NodeRole.BROKER, "2.8.2", "3.9.1"));
        b.node(UpgradeFixtures.node(3, NodeRole.BROKER, "2.8.2", "3.9.1"));
        UpgradePlan p = planner().plan(b.build(), "3.9.1");
        HopPlan hop = p.hops().get(0);
        assertThat(stops(hop.phase(Phase.Kind.ROLL_BINARIES).orElseThrow())).containsExactly(3, 2);
        assertThat(stops(hop.phase(Phase.Kind.REMOVE_PINS).orElseThrow())).containsExactly(1, 3, 2);
        assertThat(hop.note()).contains("broker 1 already runs 3.9.1: hop 1 (2.8.2 → 3.9.1) continues with brokers 2 "
                + "and 3");
        assertThat(p.findings()).anySatisfy(f -> assertThat(f.reason()).isEqualTo(Finding.Reason.INTERRUPTED_UPGRADE));
        assertThat(p.runningLabel()).isEqualTo("2.8.2/3.9.1");
        assertThat(p.route()).isEqualTo("2.8.2/3.9.1");
    }

    @Test
    void anUpgradeInterruptedBetweenThePhasesOnlyRemovesThePinsLeft() {
        var b = UpgradeSnapshot.builder("legacy", dev.kafkachatops.domain.ClusterMode.ZOOKEEPER).activeController(2);
        b.node(UpgradeFixtures.node(1, NodeRole.BROKER, "3.9.1"));
        b.node(UpgradeFixtures.node(2, NodeRole.BROKER, "3.9.1").withPins(Optional.of("2.8"), Optional.of("2.8")));
        b.node(UpgradeFixtures.node(3, NodeRole.BROKER, "3.9.1").withPins(Optional.of("2.8"), Optional.of("2.8")));
        UpgradePlan p = planner().plan(b.build(), "3.9.1");
        HopPlan hop = p.hops().get(0);
        assertThat(hop.phases()).extracting(Phase::kind).containsExactly(Phase.Kind.PREPARE, Phase.Kind.REMOVE_PINS);
        assertThat(stops(hop.phase(Phase.Kind.REMOVE_PINS).orElseThrow())).containsExactly(3, 2);
        assertThat(hop.note()).contains("every broker already runs 3.9.1 but brokers 2 and 3 still have " + IBP
                + "=2.8 and " + LMF + "=2.8 pinned: only phase 2 (remove the pins) is left");
    }

    @Test
    void aFinishedClusterHasNothingToDo() {
        UpgradePlan p = planner().plan(zookeeper(3, "3.9.1", 1).build(), "3.9.1");
        assertThat(p.isEmpty()).isTrue();
        assertThat(p.findings()).isEmpty();
        assertThat(UpgradePlanText.summary(p)).isEqualTo("legacy: nothing to do, every node runs 3.9.1");
        var pinnedAtTarget = UpgradeSnapshot.builder("legacy", dev.kafkachatops.domain.ClusterMode.ZOOKEEPER)
                .node(UpgradeFixtures.node(1, NodeRole.BROKER, "3.9.1").withPins(Optional.of("3.9"), Optional.empty()))
                .build();
        assertThat(planner().plan(pinnedAtTarget, "3.9.1").isEmpty()).isTrue();
    }
}
