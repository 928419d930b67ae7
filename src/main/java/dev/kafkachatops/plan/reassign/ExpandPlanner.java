package dev.kafkachatops.plan.reassign;

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
 *   <li>That topic is planned again on the snapshot as it will be once the earlier topics have moved (their
 *       replicas and disk use applied), so its tie-breaks see where the earlier topics put their data; the plan is
 *       queued if it still moves something, and the snapshot moves on.</li>
 * </ol>
 * Each topic's plan stays minimal for that topic: the queue orders and tie-breaks, it never moves more.
 */
public final class ExpandPlanner {
    private static final double MIN_BYTES = 1_000_000;

    private ExpandPlanner() {
    }

    public static List<ReassignmentPlan> plan(ClusterAssignment cluster, Target target, OptionalLong throttle) {
        List<Integer> targets = target.resolve(cluster);
        Map<String, int[]> delta = new TreeMap<>();
        Map<String, Long> bytes = new HashMap<>();
        List<Integer> ids = cluster.brokerIds();
        for (String topic : cluster.topics()) {
            ReassignmentPlan p = RebalancePlanner.plan(cluster, topic, target, throttle);
            if (p.isEmpty()) continue;
            delta.put(topic, delta(p, ids));
            bytes.put(topic, p.bytesToCopy());
        }
        List<ReassignmentPlan> queue = new ArrayList<>();
        ClusterAssignment state = cluster;
        while (!delta.isEmpty()) {
            int[] counts = counts(state, ids);
            String best = null;
            double bestScore = 0;
            for (var e : delta.entrySet()) {
                double gain = imbalance(counts, ids, targets) - imbalance(add(counts, e.getValue()), ids, targets);
                double score = gain / Math.max(MIN_BYTES, bytes.get(e.getKey()));
                if (best == null || score > bestScore) {
                    best = e.getKey();
                    bestScore = score;
                }
            }
            delta.remove(best);
            ReassignmentPlan p = RebalancePlanner.plan(state, best, target, throttle);
            if (p.isEmpty()) continue;
            queue.add(p);
            state = state.apply(p);
        }
        return List.copyOf(queue);
    }

    static double imbalance(int[] counts, List<Integer> ids, List<Integer> targets) {
        long total = 0;
        for (int c : counts) total += c;
        double share = (double) total / targets.size();
        double sum = 0;
        for (int i = 0; i < counts.length; i++) {
            double d = counts[i] - (targets.contains(ids.get(i)) ? share : 0);
            sum += d * d;
        }
        return sum;
    }

    private static int[] counts(ClusterAssignment state, List<Integer> ids) {
        Map<Integer, Integer> per = state.replicasPerBroker();
        return ids.stream().mapToInt(per::get).toArray();
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
