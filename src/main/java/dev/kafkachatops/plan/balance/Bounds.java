package dev.kafkachatops.plan.balance;

import dev.kafkachatops.plan.reassign.PartitionInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lower bounds any plan meeting the balance criteria obeys, computed from the current assignment alone.
 * <ul>
 *   <li>Moves: every replica on a broker outside the target moves, and a target broker above its cap must lose the
 *       replicas over it. Cluster-wide the cap is {@code ceil(R / n)}; per topic it is {@code ceil(R(t) / n)}.
 *       With racks of unequal size the cluster-wide cap is the lowest load the rack rule allows on the fullest
 *       broker and the per-topic cap the ceiling of the most its rack may hold, spread over the rack
 *       ({@link RackShares}). The bound is the larger of the two sums ("surplus").</li>
 *   <li>Bytes: each replica removed is copied elsewhere, so a broker that must lose {@code k} replicas costs at
 *       least its {@code k} smallest ones (cluster-wide or per topic, the larger sum), and a broker above the disk
 *       limit must shed at least the bytes over it (when sizes are known). The bound is the largest of these.</li>
 * </ul>
 */
public record Bounds(int moves, int clusterSurplus, int topicSurplus, List<Integer> perTopic, long bytes) {
    public Bounds {
        perTopic = List.copyOf(perTopic);
    }


    /** Caps for targets all alike: {@code ceil(R / n)} cluster-wide and {@code ceil(R(t) / n)} per topic. */
    static Bounds of(Topology topo, Topics topics, long diskLimit) {
        int n = topo.brokers();
        long total = 0;
        for (int r : topics.replicas) total += r;
        int[][] caps = new int[topics.count()][n];
        for (int t = 0; t < topics.count(); t++) Arrays.fill(caps[t], topics.base(t) + (topics.extras(t) > 0 ? 1 : 0));
        int[] clusterCap = new int[n];
        Arrays.fill(clusterCap, (int) ((total + n - 1) / n));
        return of(topo, topics, clusterCap, caps, diskLimit);
    }

    /** Bounds for a cap per broker cluster-wide and one per topic and broker. */
    static Bounds of(Topology topo, Topics topics, int[] clusterCap, int[][] topicCap, long diskLimit) {
        int n = topo.brokers();
        int tc = topics.count();
        List<List<Long>> clusterSizes = new ArrayList<>();
        for (int b = 0; b < n; b++) clusterSizes.add(new ArrayList<>());
        int outside = 0;
        long outsideBytes = 0;
        int[] perTopic = new int[tc];
        long topicBytes = 0;
        for (int t = 0; t < tc; t++) {
            List<List<Long>> sizes = new ArrayList<>();
            for (int b = 0; b < n; b++) sizes.add(new ArrayList<>());
            for (int p = 0; p < topics.partitions.get(t).size(); p++) {
                PartitionInfo info = topics.partitions.get(t).get(p);
                int away = info.replicationFactor() - topics.current[t][p].length;
                perTopic[t] += away;
                outsideBytes += away * info.sizeBytes();
                for (int b : topics.current[t][p]) {
                    sizes.get(b).add(info.sizeBytes());
                    clusterSizes.get(b).add(info.sizeBytes());
                }
            }
            outside += perTopic[t];
            for (int b = 0; b < n; b++) {
                perTopic[t] += Math.max(0, topics.now[t][b] - topicCap[t][b]);
                topicBytes += smallest(sizes.get(b), topics.now[t][b] - topicCap[t][b]);
            }
        }
        long[] cluster = clusterWide(clusterSizes, clusterCap, diskLimit);
        int clusterSurplus = outside + (int) cluster[0];
        int topicSurplus = Arrays.stream(perTopic).sum();
        long bytes = outsideBytes + Math.max(Math.max(cluster[1], topicBytes), cluster[2]);
        return new Bounds(Math.max(clusterSurplus, topicSurplus), clusterSurplus, topicSurplus,
                Arrays.stream(perTopic).boxed().toList(), bytes);
    }

    /** Over the target brokers: replicas above the cap, the bytes of the smallest of them, bytes above the limit. */
    private static long[] clusterWide(List<List<Long>> perBroker, int[] cap, long diskLimit) {
        long[] out = new long[3];
        for (int b = 0; b < perBroker.size(); b++) {
            List<Long> sizes = perBroker.get(b);
            out[0] += Math.max(0, sizes.size() - cap[b]);
            out[1] += smallest(sizes, sizes.size() - cap[b]);
            if (diskLimit > 0) out[2] += Math.max(0, sizes.stream().mapToLong(Long::longValue).sum() - diskLimit);
        }
        return out;
    }

    private static long smallest(List<Long> sizes, int count) {
        if (count <= 0) return 0;
        return sizes.stream().sorted().limit(count).mapToLong(Long::longValue).sum();
    }
}
