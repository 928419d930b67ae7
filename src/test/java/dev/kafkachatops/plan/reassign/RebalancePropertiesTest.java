package dev.kafkachatops.plan.reassign;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;

import static dev.kafkachatops.plan.reassign.Checks.after;
import static dev.kafkachatops.plan.reassign.Checks.spread;
import static org.assertj.core.api.Assertions.assertThat;

/** Properties over generated clusters: 3-10 target brokers, no racks or 2-4 racks, RF 1-4, up to 80 partitions. */
class RebalancePropertiesTest {

    record Case(long seed, int brokers, int racks, int drained, int rf, int parts, boolean sizes) {
        ClusterAssignment cluster() {
            return Clusters.random(new Random(seed), brokers, racks, drained, rf, parts, sizes);
        }

        Target target() {
            return Clusters.target(drained, brokers);
        }

        ReassignmentPlan plan(ClusterAssignment c) {
            return RebalancePlanner.plan(c, "t", target(), OptionalLong.of(10_000_000));
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(3, 10),
                Arbitraries.of(0, 0, 2, 3, 4), Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 80), Arbitraries.of(true, false))
                .as((seed, n, racks, drained, rf, parts, sizes) -> new Case(seed, n, racks > n ? 0 : racks, drained,
                        Math.min(rf, n), parts, sizes));
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.MIXIN)
    void replicationFactorKeptReplicasDistinctMovesAtTheLowerBound(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        Checks.wellFormed(c, k.plan(c));
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.MIXIN)
    void racksSpreadAsEvenlyAsPossible(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        ReassignmentPlan p = k.plan(c);
        if (k.racks() == 0) return;
        Map<String, Integer> rackSizes = new TreeMap<>();
        p.targetBrokers().forEach(b -> rackSizes.merge(c.broker(b).orElseThrow().rack().orElseThrow(), 1, Integer::sum));
        after(c, p).forEach((tp, replicas) -> {
            Map<String, Integer> counts = new TreeMap<>();
            rackSizes.keySet().forEach(r -> counts.put(r, 0));
            replicas.forEach(b -> counts.merge(c.broker(b).orElseThrow().rack().orElseThrow(), 1, Integer::sum));
            assertThat(squares(counts.values())).as(tp + " " + counts)
                    .isEqualTo(squares(evenest(replicas.size(), new ArrayList<>(rackSizes.values()))));
        });
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.MIXIN)
    void replicaCountsWithinOneInsideEachRackAndEverywhereWhenRacksAreEqual(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        ReassignmentPlan p = k.plan(c);
        Map<Integer, Integer> counts = Checks.replicas(c, p);
        Map<String, Map<Integer, Integer>> byRack = new TreeMap<>();
        counts.forEach((b, n) -> byRack.computeIfAbsent(c.broker(b).orElseThrow().rack().orElse(""),
                x -> new TreeMap<>()).put(b, n));
        byRack.values().forEach(m -> assertThat(spread(m)).as(byRack.toString()).isLessThanOrEqualTo(1));
        boolean equalRacks = byRack.values().stream().mapToInt(Map::size).distinct().count() == 1;
        if (equalRacks) assertThat(spread(counts)).as(counts.toString()).isLessThanOrEqualTo(1);
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.MIXIN)
    void preferredLeadersWithinOne(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        ReassignmentPlan p = k.plan(c);
        assertThat(spread(Checks.leaders(c, p))).isLessThanOrEqualTo(1);
        assertThat(p.risks()).extracting(Risk::reason).doesNotContain(Risk.Reason.LEADERS_UNBALANCED);
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.MIXIN)
    void planningTheAppliedPlanAgainMovesNothing(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        ReassignmentPlan p = k.plan(c);
        assertThat(k.plan(c.apply(p)).moves()).isEmpty();
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.MIXIN)
    void sameInputSamePlan(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        assertThat(k.plan(k.cluster())).isEqualTo(k.plan(c));
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.MIXIN)
    void jsonRoundTripsThePlan(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        ReassignmentPlan p = k.plan(c);
        if (p.isEmpty()) return;
        assertThat(ReassignmentJson.parseAssignment(ReassignmentJson.toMoveJson(p)))
                .isEqualTo(p.moves().stream().map(m -> new PartitionReplicas(m.tp(), m.to())).toList());
        assertThat(ReassignmentJson.parseAssignment(ReassignmentJson.rollbackJson(p)))
                .isEqualTo(p.moves().stream().map(m -> new PartitionReplicas(m.tp(), m.from())).toList());
    }

    /** Rack counts of least sum of squares: each replica to the emptiest rack that still has a free broker. */
    static List<Integer> evenest(int replicas, List<Integer> rackSizes) {
        List<Integer> counts = new ArrayList<>(rackSizes.stream().map(x -> 0).toList());
        for (int i = 0; i < replicas; i++) {
            int best = -1;
            for (int r = 0; r < counts.size(); r++) {
                if (counts.get(r) < rackSizes.get(r) && (best < 0 || counts.get(r) < counts.get(best))) best = r;
            }
            counts.set(best, counts.get(best) + 1);
        }
        return counts;
    }

    private static long squares(java.util.Collection<Integer> v) {
        return v.stream().mapToLong(x -> (long) x * x).sum();
    }
}
