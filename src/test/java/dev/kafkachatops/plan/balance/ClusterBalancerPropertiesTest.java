package dev.kafkachatops.plan.balance;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.BrokerLoad;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.PartitionInfo;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.Target;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;

import static dev.kafkachatops.plan.balance.Shapes.after;
import static dev.kafkachatops.plan.balance.Shapes.onTargets;
import static dev.kafkachatops.plan.balance.Shapes.spread;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The criteria over random clusters: 2-9 target brokers (no racks, or 2-3 racks of equal or unequal size),
 * a drained broker sometimes (which can leave racks of equal size unequal), 1-10 topics of 1-6 partitions, replication factor 1-3 per topic, the current replicas drawn
 * from a random subset of the brokers (new brokers start empty), sizes sometimes.
 */
class ClusterBalancerPropertiesTest {

    record Case(long seed, int brokers, int racks, boolean drained, int topics, boolean sizes) {
        ClusterAssignment cluster() {
            Random rnd = new Random(seed);
            var b = ClusterAssignment.builder();
            int all = brokers + (drained ? 1 : 0);
            for (int id = 1; id <= all; id++) {
                if (racks == 0) b.brokers(id);
                else b.broker(id, "r" + id % racks);
            }
            int pool = Math.max(3, all - rnd.nextInt(3));
            for (int t = 0; t < topics; t++) {
                int rf = 1 + rnd.nextInt(Math.min(3, brokers));
                int parts = 1 + rnd.nextInt(6);
                for (int p = 0; p < parts; p++) {
                    List<Integer> ids = new ArrayList<>();
                    for (int id = 1; id <= Math.min(pool, all); id++) ids.add(id);
                    Collections.shuffle(ids, rnd);
                    b.partition("t" + t, p, ids.subList(0, rf), sizes ? 1 + rnd.nextInt(1000) : 0);
                }
            }
            return b.build();
        }

        Target target() {
            return drained ? Target.exclude(List.of(brokers + 1)) : Target.allAlive();
        }

        ClusterPlan plan(ClusterAssignment c) {
            return ClusterBalancer.plan(c, target(), OptionalLong.empty());
        }

        /** The target brokers by rack: one group of all when racks are equal or absent. */
        List<List<Integer>> groups() {
            if (racks == 0 || brokers % racks == 0) return List.of(targets());
            List<List<Integer>> out = new ArrayList<>();
            for (int r = 0; r < racks; r++) {
                int rack = r;
                out.add(targets().stream().filter(id -> id % racks == rack).toList());
            }
            return out;
        }

        List<Integer> targets() {
            List<Integer> ids = new ArrayList<>();
            for (int id = 1; id <= brokers; id++) ids.add(id);
            return ids;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(3, 9),
                Arbitraries.of(0, 0, 2, 3), Arbitraries.of(false, true), Arbitraries.integers().between(1, 10),
                Arbitraries.of(false, true), Arbitraries.of(false, true))
                .as((seed, n, racks, drained, topics, sizes, uneven) -> new Case(seed, n,
                        racks > 0 && (n % racks == 0 || uneven) ? racks : 0, drained, topics, sizes));
    }

    @Property(tries = 200)
    void validReplicaListsOnTargetsWithTheRackRule(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        ClusterPlan p = k.plan(c);
        Map<TopicPartitionRef, PartitionInfo> now = new TreeMap<>();
        c.partitions().forEach(x -> now.put(x.tp(), x));
        for (PartitionMove m : p.moves()) assertThat(m.from()).isEqualTo(now.get(m.tp()).replicas());
        int groups = k.racks() == 0 ? p.targetBrokers().size() : k.racks();
        for (PartitionInfo x : after(c, p).partitions()) {
            assertThat(x.replicationFactor()).isEqualTo(now.get(x.tp()).replicationFactor());
            assertThat(new HashSet<>(x.replicas())).hasSize(x.replicationFactor());
            assertThat(p.targetBrokers()).containsAll(x.replicas());
            Map<String, Integer> perRack = new TreeMap<>();
            x.replicas().forEach(b -> perRack.merge(c.broker(b).orElseThrow().rack().orElse("b" + b), 1, Integer::sum));
            int rf = x.replicationFactor();
            assertThat(perRack).as(x.tp() + " " + perRack).hasSize(Math.min(rf, groups));
            assertThat(perRack.values()).allSatisfy(n -> assertThat(n).isBetween(rf / groups, (rf + groups - 1) / groups));
        }
    }

    @Property(tries = 200)
    void replicasWithinOneClusterWideAndPerTopic(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        ClusterPlan p = k.plan(c);
        ClusterAssignment a = after(c, p);
        for (List<Integer> group : k.groups()) {
            assertThat(spread(on(group, a.replicasPerBroker()))).as(group.toString()).isLessThanOrEqualTo(1);
            for (String t : a.topics()) {
                assertThat(spread(on(group, a.replicasPerBroker(t)))).as(t).isLessThanOrEqualTo(1);
            }
        }
        int fullest = onTargets(p, a.replicasPerBroker()).values().stream().mapToInt(Integer::intValue).max()
                .orElseThrow();
        assertThat(fullest).isLessThanOrEqualTo(Shapes.lowestFullest(c, k.groups()));
        p.brokers().forEach((b, l) -> assertThat(l.replicasAfter()).isEqualTo(a.replicasPerBroker().get(b)));
    }

    private static Map<Integer, Integer> on(List<Integer> group, Map<Integer, Integer> counts) {
        Map<Integer, Integer> out = new TreeMap<>();
        group.forEach(b -> out.put(b, counts.getOrDefault(b, 0)));
        return out;
    }

    @Property(tries = 200)
    void leadersWithinOneWhenTheReplicasAllowIt(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        ClusterPlan p = k.plan(c);
        int leaderSpread = spread(onTargets(p, after(c, p).preferredLeadersPerBroker()));
        assertThat(leaderSpread <= 1).isEqualTo(p.leadersBalanced());
        boolean oneRf = c.partitions().stream().map(PartitionInfo::replicationFactor).distinct().count() == 1;
        if (oneRf) assertThat(leaderSpread).isLessThanOrEqualTo(1);
    }

    @Property(tries = 1000)
    void movesAboveTheLowerBoundsAndNearThem(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        ClusterPlan p = k.plan(c);
        assertThat(p.fewestForCounts()).isGreaterThanOrEqualTo(p.lowerBound());
        assertThat((long) p.replicaMoves()).isGreaterThanOrEqualTo(p.fewestForCounts());
        assertThat(p.bytesToCopy()).isGreaterThanOrEqualTo(p.bytesLowerBound());
        if (!k.sizes() && k.racks() == 0) {
            assertThat((long) p.replicaMoves()).isLessThanOrEqualTo(p.fewestForCounts() * 11 / 10 + 1);
        }
        boolean rackShareFixed = c.partitions().stream().allMatch(x -> x.replicationFactor() % k.groups().size() == 0
                && k.groups().stream().allMatch(g -> x.replicas().stream().filter(g::contains).count()
                == x.replicationFactor() / k.groups().size()));
        if (!k.sizes() && k.groups().size() > 1 && rackShareFixed) {
            assertThat((long) p.replicaMoves()).isEqualTo(p.fewestForCounts());
        }
    }

    @Property(tries = 200)
    void diskWithinTheLimitWhenSizesAreKnown(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        ClusterPlan p = k.plan(c);
        assertThat(p.sizesKnown()).isEqualTo(k.sizes());
        if (!k.sizes()) return;
        long largest = c.partitions().stream().mapToLong(PartitionInfo::sizeBytes).max().orElseThrow();
        for (List<Integer> group : k.groups()) {
            double mean = group.stream().mapToLong(b -> p.brokers().get(b).bytesAfter()).sum() / (double) group.size();
            assertThat(group).allSatisfy(b -> assertThat((double) p.brokers().get(b).bytesAfter())
                    .isLessThanOrEqualTo(Math.max(1.05 * mean, mean + largest)));
        }
    }

    /**
     * The plan without sizes is the plan before the disk swaps and the exchanges; when it already fits the disk
     * limits the swaps have nothing to do, and the exchanges may only lower the moves and the bytes.
     */
    @Property(tries = 300)
    void noBytesOrMovesAddedToTheSizeBlindPlanWhenItFitsTheDisks(@ForAll("cases") Case k) {
        if (!k.sizes()) return;
        ClusterAssignment c = k.cluster();
        ClusterPlan blind = ClusterBalancer.plan(c, k.target(), OptionalLong.empty(), false);
        Map<Integer, Long> limits = Shapes.diskLimits(c, blind, k.groups());
        if (!limits.entrySet().stream().allMatch(e -> blind.brokers().get(e.getKey()).bytesAfter() <= e.getValue())) {
            return;
        }
        ClusterPlan p = k.plan(c);
        assertThat(p.replicaMoves()).isLessThanOrEqualTo(blind.replicaMoves());
        assertThat(p.bytesToCopy()).isLessThanOrEqualTo(blind.bytesToCopy());
    }

    /**
     * Within the disk limits, no partition the plan copies off broker x to y could stay on x while a smaller
     * partition of its topic that stays on x goes to y instead, the rack rule kept and x under its limit.
     */
    @Property(tries = 300)
    void noSmallerPartitionCouldMoveInstead(@ForAll("cases") Case k) {
        if (!k.sizes()) return;
        ClusterAssignment c = k.cluster();
        ClusterPlan p = k.plan(c);
        Map<Integer, Long> limits = Shapes.diskLimits(c, p, k.groups());
        if (!limits.entrySet().stream().allMatch(e -> p.brokers().get(e.getKey()).bytesAfter() <= e.getValue())) {
            return;
        }
        ClusterAssignment a = after(c, p);
        Map<TopicPartitionRef, PartitionInfo> before = new TreeMap<>();
        c.partitions().forEach(x -> before.put(x.tp(), x));
        for (PartitionMove m : p.moves()) {
            long size = before.get(m.tp()).sizeBytes();
            for (int x : m.removed()) {
                if (!p.targetBrokers().contains(x)) continue;
                long room = limits.get(x) - p.brokers().get(x).bytesAfter();
                for (int y : m.added()) {
                    if (!sameRackWhenUnequal(k, c, x, y) || !rackRule(k, c, swap(m.to(), y, x))) continue;
                    for (PartitionInfo q : a.partitions()) {
                        boolean instead = q.tp().topic().equals(m.tp().topic()) && q.sizeBytes() < size
                                && size - q.sizeBytes() <= room && q.replicas().contains(x)
                                && before.get(q.tp()).replicas().contains(x) && !q.replicas().contains(y)
                                && rackRule(k, c, swap(q.replicas(), x, y));
                        assertThat(instead).as(q.tp() + " instead of " + m.tp() + " from " + x + " to " + y).isFalse();
                    }
                }
            }
        }
    }

    private static List<Integer> swap(List<Integer> replicas, int out, int in) {
        return replicas.stream().map(b -> b == out ? in : b).toList();
    }

    private static boolean sameRackWhenUnequal(Case k, ClusterAssignment c, int x, int y) {
        return k.groups().size() == 1 || c.broker(x).orElseThrow().rack().equals(c.broker(y).orElseThrow().rack());
    }

    /** Each rack holds between {@code rf / racks} and {@code ceil(rf / racks)} replicas (no racks: none twice). */
    private static boolean rackRule(Case k, ClusterAssignment c, List<Integer> replicas) {
        if (k.racks() == 0) return new HashSet<>(replicas).size() == replicas.size();
        int rf = replicas.size();
        Map<String, Integer> perRack = new TreeMap<>();
        for (int r = 0; r < k.racks(); r++) perRack.put("r" + r, 0);
        replicas.forEach(b -> perRack.merge(c.broker(b).orElseThrow().rack().orElseThrow(), 1, Integer::sum));
        return perRack.values().stream().allMatch(n -> n >= rf / k.racks() && n <= (rf + k.racks() - 1) / k.racks());
    }

    @Property(tries = 200)
    void replanningTheAppliedPlanMovesNothing(@ForAll("cases") Case k) {
        ClusterAssignment c = k.cluster();
        ClusterPlan p = k.plan(c);
        assertThat(k.plan(after(c, p)).moves()).isEmpty();
    }

    @Property(tries = 100)
    void sameInputSamePlanAndEveryTopicAtMostOnce(@ForAll("cases") Case k) {
        ClusterPlan p = k.plan(k.cluster());
        assertThat(k.plan(k.cluster())).isEqualTo(p);
        assertThat(p.topics()).extracting(ReassignmentPlan::topic).doesNotHaveDuplicates();
        if (!p.sizesKnown()) assertThat(p.topics()).extracting(ReassignmentPlan::topic).isSorted();
        assertThat(p.topics()).allSatisfy(t -> assertThat(t.isEmpty()).isFalse());
    }
}
