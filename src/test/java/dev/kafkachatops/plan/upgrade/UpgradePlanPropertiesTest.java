package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.domain.version.ReleaseLine;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.CATALOGUE;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.planner;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties over generated clusters: ZooKeeper (1-6 brokers, 2.0-3.9) and KRaft (controllers, combined nodes and
 * brokers, 3.3-4.4), some nodes already on the first hop's target (an interrupted upgrade), any active controller.
 */
class UpgradePlanPropertiesTest {
    private static final List<StepKind> ROLL = List.of(StepKind.SAFETY_GATE, StepKind.STOP, StepKind.RELINK,
            StepKind.WRITE_CONFIG, StepKind.START, StepKind.HEALTH_GATE, StepKind.ELECT_LEADERS);
    private static final List<StepKind> UNPIN = List.of(StepKind.SAFETY_GATE, StepKind.STOP, StepKind.WRITE_CONFIG,
            StepKind.START, StepKind.HEALTH_GATE, StepKind.ELECT_LEADERS);

    record Case(UpgradeSnapshot snapshot, KafkaVersion target) {
    }

    static Case generate(long seed) {
        Random r = new Random(seed);
        boolean kraft = r.nextBoolean();
        List<KafkaVersion> pool = CATALOGUE.versions().stream().filter(v -> CATALOGUE.lineOf(v).map(l -> kraft
                ? l.kraft() == ReleaseLine.KraftSupport.PRODUCTION || l.kraft() == ReleaseLine.KraftSupport.ONLY
                : l.zookeeper()).orElse(false)).toList();
        KafkaVersion from = pool.get(r.nextInt(pool.size()));
        List<KafkaVersion> later = pool.stream().filter(v -> !v.isOlderThan(from)).toList();
        KafkaVersion target = later.get(r.nextInt(later.size()));
        KafkaVersion firstStop = UpgradePath.between(CATALOGUE, from, target).hops().stream().findFirst()
                .map(UpgradePath.Hop::to).orElse(target);
        var b = UpgradeSnapshot.builder("gen", kraft ? ClusterMode.KRAFT : ClusterMode.ZOOKEEPER);
        List<NodeRole> roles = roles(r, kraft);
        Set<KafkaVersion> all = new TreeSet<>(CATALOGUE.versions());
        List<Integer> controllers = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            KafkaVersion v = r.nextInt(4) == 0 ? firstStop : from;
            b.node(UpgradeSnapshot.Node.of(i + 1, roles.get(i), "h" + (i + 1), v).withInstalled(all));
            if (!kraft || roles.get(i).isController()) controllers.add(i + 1);
        }
        if (r.nextInt(5) > 0) b.activeController(controllers.get(r.nextInt(controllers.size())));
        if (kraft) b.metadataLevel(CATALOGUE.lineOf(from).orElseThrow().metadataVersion().orElseThrow().level());
        return new Case(b.build(), target);
    }

    private static List<NodeRole> roles(Random r, boolean kraft) {
        List<NodeRole> roles = new ArrayList<>();
        if (!kraft) {
            for (int i = 0, n = 1 + r.nextInt(6); i < n; i++) roles.add(NodeRole.BROKER);
            return roles;
        }
        int controllers = r.nextInt(4), combined = controllers == 0 ? 1 + r.nextInt(3) : r.nextInt(2);
        for (int i = 0; i < controllers; i++) roles.add(NodeRole.CONTROLLER);
        for (int i = 0; i < combined; i++) roles.add(NodeRole.COMBINED);
        for (int i = 0, n = r.nextInt(5); i < n; i++) roles.add(NodeRole.BROKER);
        java.util.Collections.shuffle(roles, r);
        return roles;
    }

    @Property(tries = 300)
    void everyNodeRestartsAtMostOncePerPhaseAndOncePerKraftHop(@ForAll long seed) {
        Case c = generate(seed);
        UpgradePlan p = planner().plan(c.snapshot(), c.target());
        for (HopPlan h : p.hops()) {
            for (Phase ph : h.phases()) {
                List<Integer> stops = UpgradeFixtures.stops(ph);
                assertThat(stops).doesNotHaveDuplicates();
            }
            if (c.snapshot().mode() == ClusterMode.KRAFT) assertThat(h.restartOrder()).doesNotHaveDuplicates();
        }
    }

    @Property(tries = 300)
    void controllersFirstActiveControllerLast(@ForAll long seed) {
        Case c = generate(seed);
        UpgradePlan p = planner().plan(c.snapshot(), c.target());
        OptionalInt active = c.snapshot().activeController();
        for (HopPlan h : p.hops()) {
            for (Phase ph : h.phases()) {
                List<Integer> order = UpgradeFixtures.stops(ph);
                if (active.isPresent() && order.contains(active.getAsInt())) {
                    assertThat(order.get(order.size() - 1)).isEqualTo(active.getAsInt());
                }
                if (ph.kind() == Phase.Kind.ROLL_CONTROLLERS) {
                    assertThat(order).allMatch(id -> role(c, id).isController());
                }
                if (ph.kind() == Phase.Kind.ROLL_BROKERS) assertThat(order).allMatch(id -> role(c, id) == NodeRole.BROKER);
            }
            assertThat(h.phases()).extracting(Phase::kind).isSorted();
        }
    }

    @Property(tries = 300)
    void eachNodeFollowsTheGuidesStepsInOrder(@ForAll long seed) {
        Case c = generate(seed);
        for (HopPlan h : planner().plan(c.snapshot(), c.target()).hops()) {
            for (Phase ph : h.phases()) {
                if (!ph.restartsNodes()) continue;
                for (int id : ph.nodeOrder()) {
                    List<StepKind> kinds = ph.steps().stream().filter(s -> s.node().equals(Optional.of(id)))
                            .map(UpgradeStep::kind).toList();
                    List<StepKind> expected = ph.kind() == Phase.Kind.REMOVE_PINS ? UNPIN : ROLL;
                    assertThat(kinds).isEqualTo(role(c, id).isBroker() ? expected
                            : expected.subList(0, expected.size() - 1));
                }
            }
        }
    }

    @Property(tries = 300)
    void samePlanForTheSameInputAndNothingLeftAfterApplyingIt(@ForAll long seed) {
        Case c = generate(seed);
        UpgradePlan p = planner().plan(c.snapshot(), c.target());
        assertThat(planner().plan(c.snapshot(), c.target())).isEqualTo(p);
        UpgradeSnapshot done = apply(c.snapshot(), p);
        assertThat(done.runningVersions()).containsExactly(c.target());
        assertThat(planner().plan(done, c.target()).isEmpty()).as(UpgradePlanText.render(p)).isTrue();
    }

    private static NodeRole role(Case c, int id) {
        return c.snapshot().node(id).orElseThrow().role();
    }

    /** What the cluster looks like after every step of the plan ran as described. */
    static UpgradeSnapshot apply(UpgradeSnapshot s, UpgradePlan p) {
        Map<Integer, UpgradeSnapshot.Node> nodes = new HashMap<>();
        s.nodes().forEach(n -> nodes.put(n.id(), n));
        OptionalInt level = s.finalizedMetadataLevel();
        for (UpgradeStep step : p.steps()) {
            switch (step.kind()) {
                case START -> nodes.computeIfPresent(step.node().orElseThrow(), (k, n) -> n.withVersion(step.to()));
                case WRITE_CONFIG -> nodes.computeIfPresent(step.node().orElseThrow(), (k, n) -> config(n, step));
                case FINALIZE_METADATA -> level = OptionalInt.of(step.feature().orElseThrow().level());
                default -> { }
            }
        }
        return new UpgradeSnapshot(s.cluster(), s.mode(), List.copyOf(nodes.values()), s.activeController(), level,
                0, 0, s.topics(), s.installSource());
    }

    private static UpgradeSnapshot.Node config(UpgradeSnapshot.Node n, UpgradeStep step) {
        Set<String> removed = new HashSet<>(step.remove());
        Optional<String> ibp = removed.contains(UpgradeSnapshot.IBP) ? Optional.empty()
                : Optional.ofNullable(step.set().get(UpgradeSnapshot.IBP)).or(n::interBrokerProtocol);
        Optional<String> lmf = removed.contains(UpgradeSnapshot.LMF) ? Optional.empty()
                : Optional.ofNullable(step.set().get(UpgradeSnapshot.LMF)).or(n::logMessageFormat);
        return n.withPins(ibp, lmf);
    }
}
