package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.run.upgrade.RestartPayload;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans with batches ({@code upgrade.batch}): brokers grouped from the snapshot's racks and partitions, controllers one
 * at a time (the active one last), the ZooKeeper active controller alone and last, a broker that would break
 * {@code min.insync.replicas} alone kept alone, the estimate counting a batch once, and plans stored before batches
 * read as one at a time.
 */
class BatchedPlansTest {
    private static final Batching RACK = new Batching(BatchMode.RACK, 20);
    private static final Batching AUTO = new Batching(BatchMode.AUTO, 20);

    /** Controllers 1..3 (2 active) and brokers 4..9 on racks a, b, c, a, b, c; partitions rack-aware, min ISR 2. */
    static UpgradeSnapshot.Builder racks(String version, String... installed) {
        var b = UpgradeSnapshot.builder("prod", ClusterMode.KRAFT).activeController(2).metadataLevel(21);
        for (int i = 1; i <= 3; i++) b.node(node(i, NodeRole.CONTROLLER, version, installed));
        for (int i = 4; i <= 9; i++) {
            b.node(node(i, NodeRole.BROKER, version, installed));
            b.rack(i, "rack-" + (char) ('a' + (i - 4) % 3));
        }
        List<List<Integer>> placement = List.of(List.of(4, 5, 6), List.of(5, 6, 7), List.of(6, 7, 8),
                List.of(7, 8, 9), List.of(8, 9, 4), List.of(9, 4, 5));
        for (int p = 0; p < placement.size(); p++) b.partition("orders-" + p, placement.get(p), placement.get(p), 2);
        return b;
    }

    private static Phase phase(RestartPlan p, Phase.Kind kind) {
        return p.phases().stream().filter(ph -> ph.kind() == kind).findFirst().orElseThrow();
    }

    @Test
    void byRackTheBrokersOfARackRestartTogetherAndTheControllersOneAtATimeTheActiveLast() {
        RestartPlan plan = new RestartPlanner().plan(racks("3.9.1").build(), List.of(), false, Optional.empty(), RACK);
        Phase controllers = phase(plan, Phase.Kind.ROLL_CONTROLLERS);
        Phase brokers = phase(plan, Phase.Kind.ROLL_BROKERS);
        assertThat(controllers.batches()).isEmpty();
        assertThat(controllers.units()).containsExactly(List.of(1), List.of(3), List.of(2));
        assertThat(brokers.batches()).containsExactly(List.of(4, 7), List.of(5, 8), List.of(6, 9));
        assertThat(brokers.title()).isEqualTo("Restart brokers 4, 5, 6, 7, 8 and 9 in 3 batches (rack, at most 2 "
                + "together)");
        // a batch's members one after the other in the step list; the step keys those of a one-at-a-time plan
        assertThat(UpgradeFixtures.stops(brokers)).containsExactly(4, 7, 5, 8, 6, 9);
        assertThat(brokers.steps()).allMatch(s -> s.key().matches("hop1/phase2/broker-\\d/[a-z-]+"));
        // per node: restart 11 s + health gate 1 s (+ leaders 1 s for a broker); a batch counts once
        assertThat(controllers.estimate()).isEqualTo(Duration.ofSeconds(36));
        assertThat(brokers.estimate()).isEqualTo(Duration.ofSeconds(39));
        assertThat(plan.estimated()).isEqualTo(Duration.ofSeconds(75));
        assertThat(new RestartPlanner().plan(racks("3.9.1").build(), List.of(), false, Optional.empty())
                .estimated()).isEqualTo(Duration.ofSeconds(36 + 6 * 13));
        assertThat(UpgradePlanText.order(brokers, " -> ")).isEqualTo("{4, 7} about 13s -> {5, 8} about 13s -> "
                + "{6, 9} about 13s");
        assertThat(UpgradePlanText.order(controllers, " -> ")).isEqualTo("1 -> 3 -> 2");
    }

    @Test
    void theEstimateOfABatchIsTheOneBenchRollPrintsForIt() {
        RestartPlan plan = new RestartPlanner().plan(racks("3.9.1").build(), List.of(4, 5, 6, 7, 8, 9), false,
                Optional.empty(), RACK);
        Phase brokers = phase(plan, Phase.Kind.ROLL_BROKERS);
        RollBatches.Result modelled = new RollBatches.Result(brokers.batches(), Optional.empty());
        assertThat(brokers.estimate()).isEqualTo(modelled.estimate(UpgradeEstimates.DEFAULT));
        assertThat(plan.estimated()).isEqualTo(modelled.estimate(UpgradeEstimates.DEFAULT));
    }

    @Test
    void autoFindsBrokersThatShareNoPartitionCappedByMaxBatch() {
        RestartPlan plan = new RestartPlanner().plan(racks("3.9.1").build(), List.of(4, 5, 6, 7, 8, 9), false,
                Optional.empty(), AUTO);
        Phase brokers = phase(plan, Phase.Kind.ROLL_BROKERS);
        assertThat(brokers.batches()).hasSize(3).allMatch(b -> b.size() == 2);
        RestartPlan capped = new RestartPlanner().plan(racks("3.9.1").build(), List.of(4, 5, 6, 7, 8, 9), false,
                Optional.empty(), new Batching(BatchMode.AUTO, 1));
        Phase one = phase(capped, Phase.Kind.ROLL_BROKERS);
        assertThat(one.batches()).as("every batch of one: the plain phase").isEmpty();
        assertThat(one.title()).isEqualTo("Restart brokers 4, 5, 6, 7, 8 and 9");
    }

    @Test
    void aBrokerThatWouldBreakMinIsrAloneStaysAloneAndAnUnknownRackMeansOneAtATime() {
        var b = racks("3.9.1");
        b.partition("thin-0", List.of(4, 5, 6), List.of(4, 5), 2); // under-replicated: 4 or 5 stopping breaks it
        Phase brokers = phase(new RestartPlanner().plan(b.build(), List.of(4, 5, 6, 7, 8, 9), false,
                Optional.empty(), RACK), Phase.Kind.ROLL_BROKERS);
        assertThat(brokers.units()).contains(List.of(4), List.of(5)).contains(List.of(6, 9));

        var unknown = UpgradeSnapshot.builder("prod", ClusterMode.KRAFT).activeController(1).metadataLevel(21)
                .node(node(1, NodeRole.CONTROLLER, "3.9.1")).node(node(4, NodeRole.BROKER, "3.9.1"))
                .node(node(5, NodeRole.BROKER, "3.9.1")).rack(4, "rack-a");
        Phase plain = phase(new RestartPlanner().plan(unknown.build(), List.of(4, 5), false, Optional.empty(), RACK),
                Phase.Kind.ROLL_BROKERS);
        assertThat(plain.batches()).isEmpty();
        assertThat(plain.title()).isEqualTo("Restart brokers 4 and 5 (batch rack: the rack of broker 5 is not known: "
                + "one broker at a time)");
    }

    @Test
    void aKraftUpgradeBatchesItsBrokersOnly() {
        UpgradePlan plan = UpgradeFixtures.planner().plan(racks("3.9.1", "4.1.1").build(), "4.1.1", AUTO);
        HopPlan hop = plan.hops().get(0);
        assertThat(hop.phase(Phase.Kind.ROLL_CONTROLLERS).orElseThrow().batches()).isEmpty();
        Phase brokers = hop.phase(Phase.Kind.ROLL_BROKERS).orElseThrow();
        assertThat(brokers.batches()).hasSize(3);
        assertThat(brokers.steps().stream().filter(s -> s.node().equals(Optional.of(4))).map(UpgradeStep::kind))
                .containsExactly(StepKind.SAFETY_GATE, StepKind.STOP, StepKind.RELINK, StepKind.WRITE_CONFIG,
                        StepKind.START, StepKind.HEALTH_GATE, StepKind.ELECT_LEADERS);
        UpgradePlan one = UpgradeFixtures.planner().plan(racks("3.9.1", "4.1.1").build(), "4.1.1");
        assertThat(plan.estimated()).isEqualTo(one.estimated().minus(Duration.ofSeconds(13).multipliedBy(3)));
        assertThat(UpgradePlanText.render(plan)).contains("order: {");
    }

    @Test
    void inZooKeeperModeTheActiveControllerRestartsAloneLastInBothPhases() {
        var b = UpgradeFixtures.zookeeper(6, "2.8.2", 1, "3.9.1");
        for (int i = 1; i <= 6; i++) b.rack(i, "rack-" + (i % 2));
        UpgradePlan plan = UpgradeFixtures.planner().plan(b.build(), "3.9.1", RACK);
        HopPlan hop = plan.hops().get(0);
        for (Phase.Kind kind : List.of(Phase.Kind.ROLL_BINARIES, Phase.Kind.REMOVE_PINS)) {
            Phase ph = hop.phase(kind).orElseThrow();
            assertThat(ph.units()).as(kind.toString()).containsExactly(List.of(2, 4, 6), List.of(3, 5), List.of(1));
        }
    }

    @Test
    void aPlanStoredBeforeBatchesReadsAsOneAtATime() {
        RestartPlan plan = new RestartPlanner().plan(racks("3.9.1").build(), List.of(), false, Optional.empty(), RACK);
        String json = PlanCodec.write(new RestartPayload(plan, Map.of()));
        assertThat(json.contains("\"batches\":[[4,7],[5,8],[6,9]]")).isTrue();
        String old = json.replaceAll("\"batches\":\\[(\\[[0-9,]*\\],?)*\\],?", "");
        assertThat(old.contains("\"batches\"")).as("every batches field removed").isFalse();
        RestartPayload read = PlanCodec.read(old, RestartPayload.class);
        Phase brokers = read.plan().phases().stream().filter(ph -> ph.kind() == Phase.Kind.ROLL_BROKERS)
                .findFirst().orElseThrow();
        assertThat(brokers.batches()).isEmpty();
        assertThat(brokers.batched()).isFalse();
        assertThat(brokers.units()).containsExactly(List.of(4), List.of(7), List.of(5), List.of(8), List.of(6),
                List.of(9));
        assertThat(PlanCodec.read(json, RestartPayload.class).plan()).isEqualTo(plan);
    }
}
