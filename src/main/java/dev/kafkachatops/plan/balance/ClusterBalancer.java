package dev.kafkachatops.plan.balance;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.BrokerInfo;
import dev.kafkachatops.plan.reassign.BrokerLoad;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.LeaderSolver;
import dev.kafkachatops.plan.reassign.PartitionInfo;
import dev.kafkachatops.plan.reassign.PlanAssembler;
import dev.kafkachatops.plan.reassign.PlanningException;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.ReplicaOrder;
import dev.kafkachatops.plan.reassign.Target;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Plans the whole cluster at once ({@code rebalance --all}, {@code expand}, {@code decommission}); execution stays
 * one topic at a time, so the result is one plan per topic.
 *
 * <ol>
 *   <li>Resolve the {@link Target} brokers ({@link Topology}): racks for all or none, no replication factor above
 *       the number of targets or beyond what the racks can hold.</li>
 *   <li>Counts: a minimum-cost flow over (topic, rack, broker) ({@link CountSolver}) picks how many replicas of
 *       each topic each broker holds: each topic within 1 per broker, every broker within 1 cluster-wide, each rack
 *       inside what the rack rule allows, with the fewest replica moves; its dual bound certifies that minimum.
 *       With racks of unequal size the rule forces racks' totals apart, so first a flow over (topic, rack)
 *       ({@link RackShares}) gives each rack its share of every topic under the lowest cap on the fullest broker
 *       the rule allows, keeping replicas in their rack; then a flow per rack ({@link GroupCounts}) splits each
 *       share evenly over the rack's brokers (within 1 inside the rack, per topic and in all), with the fewest moves
 *       for those shares.</li>
 *   <li>Placement: per topic, a second flow ({@link Placement}) chooses which partitions sit where under those
 *       counts and the rack rule, keeping every replica it can and moving the smaller partitions first. Where a
 *       topic's placement needs more moves than its counts promised (replicas leaving a drained broker that cannot
 *       land where their partition already is), its arriving extras are priced higher and the counts solved again
 *       ({@link Repricing}).</li>
 *   <li>Disk (sizes known): while the fullest broker holds more than
 *       {@code max(1.05 x mean, mean + the largest partition)} (the rack's mean, inside the rack, when racks are
 *       unequal), swap a larger replica on it with a smaller one on a
 *       lighter broker, keeping every count ({@link DiskSwaps}).</li>
 *   <li>Bytes (sizes known, every broker within its limit): the counts were chosen by moves alone, so where the
 *       plan copies a partition off a broker that keeps a smaller one, the two trade places: the same brokers
 *       change the same counts, no move is added, fewer bytes are copied, and no broker passes its limit or
 *       {@code maxDiskUse} of its capacity ({@link MoveSwaps}). It runs after the disk swaps, which choose by bytes
 *       per broker and could add moves to undo its exchanges.</li>
 *   <li>Leaders: one flow over all partitions ({@link LeaderSolver}) puts the preferred leaders within 1 per
 *       broker cluster-wide, changing as few first replicas as it can.</li>
 *   <li>Lists: kept replicas keep their slots, new ones take the freed slots, the leader goes first
 *       ({@link ReplicaOrder}); each topic's moves become a {@link ReassignmentPlan}.</li>
 * </ol>
 * The cost is reported against {@link Bounds} (the "minimum possible": the larger of the cluster-wide and
 * the per-topic surplus) and against the count flow's exact minimum. Same input, same plan (every choice breaks
 * ties by index); planning the result again moves nothing, because the current counts, replicas and leaders are
 * then the only zero-cost solutions, the disk limit holds or no swap helps, and an exchange needs a replica that
 * moves.
 */
public final class ClusterBalancer {
    /** {@code rebalance.maxDiskUse} when a cluster's configuration does not set it. */
    public static final double DEFAULT_MAX_DISK_USE = 0.85;

    private ClusterBalancer() {
    }

    /** Sizes count as known when any partition has a non-zero size. */
    public static ClusterPlan plan(ClusterAssignment cluster, Target target, OptionalLong throttle) {
        return plan(cluster, target, throttle, DEFAULT_MAX_DISK_USE);
    }

    /** Sizes count as known when any partition has a non-zero size. */
    public static ClusterPlan plan(ClusterAssignment cluster, Target target, OptionalLong throttle,
                                   double maxDiskUse) {
        boolean sizes = cluster.partitions().stream().anyMatch(p -> p.sizeBytes() > 0);
        return plan(cluster, target, throttle, sizes, maxDiskUse);
    }

    public static ClusterPlan plan(ClusterAssignment cluster, Target target, OptionalLong throttle,
                                   boolean sizesKnown) {
        return plan(cluster, target, throttle, sizesKnown, DEFAULT_MAX_DISK_USE);
    }

    /**
     * @param maxDiskUse the highest share of a broker's log-dir capacity the plan may fill, at any step and at the
     *                   end, where the broker reports its capacity (criterion 6)
     * @throws PlanningException for bad targets, or when the disks cannot hold the plan ({@link ExecutionOrder})
     */
    public static ClusterPlan plan(ClusterAssignment cluster, Target target, OptionalLong throttle,
                                   boolean sizesKnown, double maxDiskUse) {
        throttle.ifPresent(t -> {
            if (t <= 0) throw new PlanningException("The throttle must be positive, got " + t + " B/s");
        });
        List<Integer> targets = target.resolve(cluster);
        Topology topo = new Topology(cluster, targets);
        Topics topics = new Topics(cluster, topo);
        long evenLimit = sizesKnown && topo.equal ? diskLimit(cluster, targets.size()) : 0;
        Solved solved = Solved.of(topo, topics, evenLimit);
        Bounds bounds = solved.bounds();
        Repricing.Result counts = solved.counts();
        int[][][] sets = counts.sets();
        OptionalLong limit = OptionalLong.empty();
        if (sizesKnown) {
            long[] limits = topo.equal ? filled(topo.brokers(), evenLimit) : groupLimits(topo, topics, sets);
            if (DiskSwaps.improve(topo, topics, sets, counts.counts(), limits)) {
                MoveSwaps.improve(topo, topics, sets, counts.counts(), ceilings(cluster, topo, limits, maxDiskUse));
            }
            limit = OptionalLong.of(Arrays.stream(limits).max().orElse(0));
        }
        LeaderSolver.Result leaders = leaders(topo, topics, sets);
        List<ReassignmentPlan> plans = new ArrayList<>();
        Map<TopicPartitionRef, List<Integer>> after = new HashMap<>();
        int first = 0;
        Map<Integer, Long> bytes = cluster.bytesPerBroker();
        for (int t = 0; t < topics.count(); t++) {
            Map<TopicPartitionRef, List<Integer>> proposed = lists(topo, topics, t, sets[t], leaders.leader(), first);
            first += sets[t].length;
            after.putAll(proposed);
            ClusterAssignment view = new ClusterAssignment(cluster.brokers(), topics.partitions.get(t), Map.of());
            ReassignmentPlan p = PlanAssembler.assemble(view, topics.names.get(t), targets, proposed,
                    bounds.perTopic().get(t), throttle, leaders.balanced(), bytes);
            if (!p.isEmpty()) plans.add(p);
        }
        plans = ExecutionOrder.order(cluster, plans, maxDiskUse);
        int moves = plans.stream().mapToInt(ReassignmentPlan::replicaMoves).sum();
        long copied = plans.stream().mapToLong(ReassignmentPlan::bytesToCopy).sum();
        Map<Integer, Long> capacity = new TreeMap<>();
        cluster.brokers().forEach(b -> b.capacityBytes().ifPresent(c -> capacity.put(b.id(), c)));
        return new ClusterPlan(targets, plans, loads(cluster, after), moves, copied, bounds, counts.lowerBound(),
                limit, leaders.balanced(), capacity, maxDiskUse, topo.equal ? Map.of() : topo.rackBrokers);
    }

    /** The bounds, the planned counts and placement: cluster-wide with racks of equal size, rack by rack otherwise. */
    private record Solved(Bounds bounds, Repricing.Result counts) {
        static Solved of(Topology topo, Topics topics, long evenLimit) {
            if (topo.equal) return new Solved(Bounds.of(topo, topics, evenLimit), Repricing.solve(topo, topics));
            RackShares.Shares shares = RackShares.solve(topo, topics);
            RackShares.Caps caps = RackShares.caps(topo, topics, shares.cap());
            CountSolver.Counts counts = GroupCounts.solve(topo, topics, shares.perGroup());
            int[][][] sets = new int[topics.count()][][];
            for (int t = 0; t < topics.count(); t++) sets[t] = Placement.place(topo, topics, t, counts.counts()[t]);
            return new Solved(Bounds.of(topo, topics, caps.cluster(), caps.topic(), 0),
                    new Repricing.Result(counts.counts(), sets, counts.lowerBound()));
        }
    }

    /** {@code max(1.05 x mean, mean + the largest partition)} over the target brokers. */
    static long diskLimit(ClusterAssignment cluster, int targets) {
        long total = 0;
        long largest = 0;
        for (PartitionInfo p : cluster.partitions()) {
            total += p.sizeBytes() * p.replicationFactor();
            largest = Math.max(largest, p.sizeBytes());
        }
        double mean = (double) total / targets;
        return (long) Math.floor(Math.max(1.05 * mean, mean + largest));
    }

    private static long[] filled(int n, long value) {
        long[] out = new long[n];
        Arrays.fill(out, value);
        return out;
    }

    /** Per target broker, the lower of its disk limit and {@code maxDiskUse} of its capacity where it reports one. */
    private static long[] ceilings(ClusterAssignment cluster, Topology topo, long[] limits, double maxDiskUse) {
        long[] out = limits.clone();
        for (int b = 0; b < out.length; b++) {
            OptionalLong capacity = cluster.broker(topo.ids[b]).map(BrokerInfo::capacityBytes)
                    .orElse(OptionalLong.empty());
            if (capacity.isPresent()) out[b] = Math.min(out[b], (long) (maxDiskUse * capacity.getAsLong()));
        }
        return out;
    }

    /** Per broker, the limit of its rack: {@code max(1.05 x the rack's mean, mean + the largest partition)}. */
    static long[] groupLimits(Topology topo, Topics topics, int[][][] sets) {
        long[] bytes = new long[topo.groups()];
        long largest = 0;
        for (int t = 0; t < sets.length; t++) {
            for (int p = 0; p < sets[t].length; p++) {
                largest = Math.max(largest, topics.size(t, p));
                for (int b : sets[t][p]) bytes[topo.groupOf[b]] += topics.size(t, p);
            }
        }
        long[] out = new long[topo.brokers()];
        for (int b = 0; b < out.length; b++) {
            double mean = (double) bytes[topo.groupOf[b]] / topo.groupBrokers[topo.groupOf[b]].length;
            out[b] = (long) Math.floor(Math.max(1.05 * mean, mean + largest));
        }
        return out;
    }

    private static LeaderSolver.Result leaders(Topology topo, Topics topics, int[][][] sets) {
        List<int[]> all = new ArrayList<>();
        List<int[]> current = new ArrayList<>();
        List<Integer> preferred = new ArrayList<>();
        for (int t = 0; t < topics.count(); t++) {
            for (int p = 0; p < sets[t].length; p++) {
                all.add(sets[t][p]);
                current.add(topics.current[t][p]);
                preferred.add(topo.indexOf(topics.partitions.get(t).get(p).replicas().get(0)));
            }
        }
        int[] rank = new int[topo.brokers()];
        for (int b = 0; b < rank.length; b++) rank[b] = b;
        return LeaderSolver.solve(topo.brokers(), all.toArray(int[][]::new),
                preferred.stream().mapToInt(Integer::intValue).toArray(), current.toArray(int[][]::new), rank);
    }

    private static Map<TopicPartitionRef, List<Integer>> lists(Topology topo, Topics topics, int t, int[][] sets,
                                                               int[] leader, int first) {
        Map<TopicPartitionRef, List<Integer>> out = new HashMap<>();
        for (int p = 0; p < sets.length; p++) {
            PartitionInfo info = topics.partitions.get(t).get(p);
            List<Integer> chosen = new ArrayList<>();
            for (int b : sets[p]) chosen.add(topo.ids[b]);
            out.put(info.tp(), ReplicaOrder.list(info.replicas(), chosen, topo.ids[leader[first + p]]));
        }
        return out;
    }

    private static Map<Integer, BrokerLoad> loads(ClusterAssignment before, Map<TopicPartitionRef, List<Integer>> to) {
        ClusterAssignment after = before.withReplicas(to);
        Map<Integer, Integer> replicas = before.replicasPerBroker();
        Map<Integer, Integer> replicasAfter = after.replicasPerBroker();
        Map<Integer, Integer> leaders = before.preferredLeadersPerBroker();
        Map<Integer, Integer> leadersAfter = after.preferredLeadersPerBroker();
        Map<Integer, Long> bytes = before.bytesPerBroker();
        Map<Integer, Long> bytesAfter = after.bytesPerBroker();
        Map<Integer, BrokerLoad> out = new TreeMap<>();
        for (int b : before.brokerIds()) {
            out.put(b, new BrokerLoad(replicas.get(b), replicasAfter.get(b), leaders.get(b), leadersAfter.get(b),
                    bytes.get(b), bytesAfter.get(b)));
        }
        return out;
    }
}
