package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Cluster-wide rebalancing ({@code expand brokers=4,5}, {@code rebalance --all}) as a queue of per-topic plans, to
 * run strictly one topic at a time.
 *
 * <ol>
 *   <li>Plan every topic of the snapshot on its own ({@link RebalancePlanner}); drop the ones with nothing to do.</li>
 *   <li>Cluster imbalance is the sum over brokers of (replicas on the broker - its fair share)^2, where the fair
 *       share is total replicas / target brokers for a target broker and 0 for any other.</li>
 *   <li>Greedy order: next comes the topic whose first-pass plan lowers that imbalance most per byte copied
 *       (counting at least 1 MB per topic, so free moves go first but do not divide by zero); ties by name.</li>
 *   <li>That topic is planned again on the cluster as it will be once the earlier topics have moved (their
 *       replicas, bytes and disk use applied), so its tie-breaks see where the earlier topics put their data; the
 *       plan is queued if it still moves something.</li>
 * </ol>
 * Each topic's plan stays minimal for that topic: the queue orders and tie-breaks, it never moves more.
 */
public final class ExpandPlanner {
    private static final double MIN_BYTES = 1_000_000;

    private ExpandPlanner() {
    }

    public static List<ReassignmentPlan> plan(ClusterAssignment cluster, Target target, OptionalLong throttle) {
        List<Integer> targets = target.resolve(cluster);
        List<Integer> ids = cluster.brokerIds();
        boolean[] isTarget = new boolean[ids.size()];
        for (int i = 0; i < ids.size(); i++) isTarget[i] = targets.contains(ids.get(i));
        Map<String, List<PartitionInfo>> byTopic = new TreeMap<>();
        Map<TopicPartitionRef, Long> sizes = new HashMap<>();
        for (PartitionInfo p : cluster.partitions()) {
            byTopic.computeIfAbsent(p.tp().topic(), t -> new ArrayList<>()).add(p);
            sizes.put(p.tp(), p.sizeBytes());
        }
        ClusterTotals totals = ClusterTotals.of(cluster);
        Map<String, int[]> delta = new TreeMap<>();
        Map<String, Long> bytes = new HashMap<>();
        for (var e : byTopic.entrySet()) {
            ReassignmentPlan p = RebalancePlanner.plan(view(cluster.brokers(), e.getValue(), cluster), e.getKey(),
                    target, throttle, totals);
            if (p.isEmpty()) continue;
            delta.put(e.getKey(), delta(p, ids));
            bytes.put(e.getKey(), p.bytesToCopy());
        }
        List<ReassignmentPlan> queue = new ArrayList<>();
        List<BrokerInfo> brokers = cluster.brokers();
        while (!delta.isEmpty()) {
            int[] counts = ids.stream().mapToInt(b -> totals.replicas().getOrDefault(b, 0)).toArray();
            double now = imbalance(counts, isTarget);
            String best = null;
            double bestScore = 0;
            for (var e : delta.entrySet()) {
                double score = (now - imbalance(add(counts, e.getValue()), isTarget))
                        / Math.max(MIN_BYTES, bytes.get(e.getKey()));
                if (best == null || score > bestScore) {
                    best = e.getKey();
                    bestScore = score;
                }
            }
            delta.remove(best);
            ClusterAssignment view = view(brokers, byTopic.get(best), cluster);
            ReassignmentPlan p = RebalancePlanner.plan(view, best, target, throttle, totals);
            if (p.isEmpty()) continue;
            queue.add(p);
            ClusterAssignment after = view.apply(p);
            brokers = after.brokers();
            byTopic.put(best, after.partitions());
            totals.apply(p, sizes);
        }
        return List.copyOf(queue);
    }

    private static ClusterAssignment view(List<BrokerInfo> brokers, List<PartitionInfo> parts, ClusterAssignment c) {
        return new ClusterAssignment(brokers, parts, c.topicConfigs());
    }

    static double imbalance(int[] counts, boolean[] isTarget) {
        long total = 0;
        int targets = 0;
        for (int i = 0; i < counts.length; i++) {
            total += counts[i];
            if (isTarget[i]) targets++;
        }
        double share = (double) total / targets;
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            double d = counts[i] - (isTarget[i] ? share : 0);
            sum += d * d;
        }
        return sum;
    }

    private static int[] delta(ReassignmentPlan p, List<Integer> ids) {
        int[] d = new int[ids.size()];
        for (PartitionMove m : p.moves()) {
            for (int b : m.added()) d[ids.indexOf(b)]++;
            for (int b : m.removed()) d[ids.indexOf(b)]--;
        }
        return d;
    }

    private static int[] add(int[] a, int[] b) {
        int[] out = a.clone();
        for (int i = 0; i < out.length; i++) out[i] += b[i];
        return out;
    }
}
