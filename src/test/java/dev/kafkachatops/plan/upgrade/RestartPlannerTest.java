package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.combined;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.node;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.split;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.stops;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.zookeeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rolling restart's planner: what is restarted, in which order, with which steps; refusals in one line. */
class RestartPlannerTest {
    private static final List<StepKind> BROKER = List.of(StepKind.SAFETY_GATE, StepKind.STOP, StepKind.START,
            StepKind.HEALTH_GATE, StepKind.ELECT_LEADERS);
    private static final List<StepKind> CONTROLLER = List.of(StepKind.SAFETY_GATE, StepKind.STOP, StepKind.START,
            StepKind.HEALTH_GATE);
    private final RestartPlanner planner = new RestartPlanner();
    /** Controllers 1-3 (2 active), brokers 101-103, on 3.9.1. */
    private final UpgradeSnapshot prod = split(3, 3, "3.9.1", 2, 21).build();

    private RestartPlan plan(UpgradeSnapshot s, List<Integer> brokers, boolean controllers) {
        return planner.plan(s, brokers, controllers, Optional.of("rotate certs"));
    }

    @Test
    void noSelectionRestartsEveryNodeControllersFirstTheActiveLastThenTheBrokers() {
        RestartPlan p = plan(prod, List.of(), false);
        assertThat(p.phases()).extracting(Phase::kind).containsExactly(Phase.Kind.PREPARE,
                Phase.Kind.ROLL_CONTROLLERS, Phase.Kind.ROLL_BROKERS);
        assertThat(stops(p.phases().get(1))).containsExactly(1, 3, 2);
        assertThat(stops(p.phases().get(2))).containsExactly(101, 102, 103);
        assertThat(p.restartOrder()).containsExactly(1, 3, 2, 101, 102, 103);
        assertThat(p.phases().get(1).title()).isEqualTo("Restart controllers 1, 3 and 2 (the active controller last)");
        assertThat(p.phases().get(2).title()).isEqualTo("Restart brokers 101, 102 and 103");
        assertThat(p.scope()).isEqualTo("every node");
        assertThat(p.reason()).contains("rotate certs");
        assertThat(p.steps().get(0).kind()).isEqualTo(StepKind.PREFLIGHT);
    }

    @Test
    void eachNodeGetsTheUpgradeProcedureWithoutTheVersionChange() {
        RestartPlan p = plan(prod, List.of(), false);
        for (int n : p.restartOrder()) {
            List<UpgradeStep> steps = p.steps().stream().filter(s -> s.node().equals(Optional.of(n))).toList();
            assertThat(steps).extracting(UpgradeStep::kind).as("node " + n).isEqualTo(n > 100 ? BROKER : CONTROLLER);
            assertThat(steps).allSatisfy(s -> assertThat(s.to()).isEqualTo(s.from()).contains(UpgradeFixtures.v("3.9.1")));
        }
        assertThat(p.steps()).extracting(UpgradeStep::kind).doesNotContain(StepKind.RELINK, StepKind.WRITE_CONFIG,
                StepKind.INSTALL, StepKind.FINALIZE_METADATA);
        assertThat(p.steps()).extracting(UpgradeStep::key).contains("hop1/phase1/controller-2/stop",
                "hop1/phase2/broker-101/elect-leaders", "hop1/prepare/preflight");
        assertThat(p.estimated()).isEqualTo(UpgradeEstimates.DEFAULT.restart().plusSeconds(1).multipliedBy(6)
                .plus(UpgradeEstimates.DEFAULT.leaderElection().multipliedBy(3)));
    }

    @Test
    void controllersAloneOrBrokersAloneOrBoth() {
        assertThat(plan(prod, List.of(), true).restartOrder()).containsExactly(1, 3, 2);
        assertThat(plan(prod, List.of(), true).scope()).isEqualTo("the controllers");
        RestartPlan two = plan(prod, List.of(103, 101), false);
        assertThat(two.restartOrder()).containsExactly(101, 103);
        assertThat(two.phases()).extracting(Phase::kind).containsExactly(Phase.Kind.PREPARE, Phase.Kind.ROLL_BROKERS);
        assertThat(two.scope()).isEqualTo("brokers 103 and 101");
        assertThat(plan(prod, List.of(102), true).restartOrder()).containsExactly(1, 3, 2, 102);
        assertThat(plan(prod, List.of(102), true).scope()).isEqualTo("the controllers and broker 102");
    }

    @Test
    void aCombinedNodeListedAsABrokerRestartsWithTheControllers() {
        RestartPlan p = plan(combined(3, "3.9.1", 2, 21).build(), List.of(2, 1), false);
        assertThat(p.phases()).extracting(Phase::kind).containsExactly(Phase.Kind.PREPARE, Phase.Kind.ROLL_CONTROLLERS);
        assertThat(p.restartOrder()).containsExactly(1, 2);
        assertThat(p.steps()).extracting(UpgradeStep::key).contains("hop1/phase1/combined-1/elect-leaders");
    }

    @Test
    void zooKeeperRestartsItsBrokersWithTheActiveControllerLast() {
        RestartPlan p = plan(zookeeper(4, "3.6.2", 2).build(), List.of(), false);
        assertThat(p.mode()).isEqualTo(ClusterMode.ZOOKEEPER);
        assertThat(p.restartOrder()).containsExactly(1, 3, 4, 2);
        assertThatThrownBy(() -> plan(zookeeper(4, "3.6.2", 2).build(), List.of(), true))
                .isInstanceOf(RestartRefused.class).hasMessageContaining("has no KRaft controllers");
    }

    @Test
    void refusesWhatItCannotRestartInOneLine() {
        assertThatThrownBy(() -> plan(prod, List.of(101, 7), false)).isInstanceOf(RestartRefused.class)
                .hasMessage("broker 7 is not in prod (its brokers: 101, 102, 103)");
        assertThatThrownBy(() -> plan(prod, List.of(1), false)).isInstanceOf(RestartRefused.class)
                .hasMessage("node 1 of prod is a controller, not a broker: restart the controllers with "
                        + "`restart controllers`");
        UpgradeSnapshot down = split(3, 0, "3.9.1", 2, 21).node(node(101, NodeRole.BROKER, "3.9.1"))
                .node(node(102, NodeRole.BROKER, "3.9.1").withAlive(false)).build();
        assertThatThrownBy(() -> plan(down, List.of(), false)).isInstanceOf(RestartRefused.class)
                .hasMessageStartingWith("node 102 of prod is not running");
        assertThat(plan(down, List.of(101), false).restartOrder()).as("the down node left out").containsExactly(101);
    }

    @Test
    void aNodeOfUnknownVersionIsRestartedAllTheSame() {
        UpgradeSnapshot s = split(3, 0, "3.9.1", 2, 21)
                .node(node(101, NodeRole.BROKER, "3.9.1").withVersion(Optional.empty())).build();
        RestartPlan p = plan(s, List.of(101), false);
        assertThat(p.steps().stream().filter(st -> st.node().isPresent())).allSatisfy(st -> {
            assertThat(st.from()).isEmpty();
            assertThat(st.to()).isEmpty();
        });
    }

    /** Any KRaft cluster and selection: each selected node once, controllers first, the active one last among them. */
    @Property(tries = 300)
    void orderProperties(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int controllers,
                         @ForAll @IntRange(min = 0, max = 8) int brokers) {
        Random r = new Random(seed);
        int active = 1 + r.nextInt(controllers);
        UpgradeSnapshot s = split(controllers, brokers, "4.1.1", active, 27).build();
        List<Integer> listed = new ArrayList<>();
        for (int b = 101; b <= 100 + brokers; b++) if (r.nextBoolean()) listed.add(b);
        boolean withControllers = r.nextBoolean();
        RestartPlan p = plan(s, listed, withControllers);
        Set<Integer> expected = new TreeSet<>(listed);
        if (withControllers || listed.isEmpty()) for (int c = 1; c <= controllers; c++) expected.add(c);
        if (!withControllers && listed.isEmpty()) for (int b = 101; b <= 100 + brokers; b++) expected.add(b);
        List<Integer> order = p.restartOrder();
        assertThat(order).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        List<Integer> cs = order.stream().filter(n -> n <= controllers).toList();
        assertThat(order.subList(0, cs.size())).as("controllers first").isEqualTo(cs);
        if (!cs.isEmpty()) assertThat(cs.get(cs.size() - 1)).as("the active controller last").isEqualTo(active);
        assertThat(p.steps().stream().filter(st -> st.kind() == StepKind.STOP).count()).isEqualTo(expected.size());
        assertThat(plan(s, listed, withControllers)).as("same input, same plan").isEqualTo(p);
    }
}
