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
 *       The bound is the larger of the two sums ("surplus").</li>
 *   <li>Bytes: each replica removed is copied elsewhere, so a broker that must lose {@code k} replicas costs at
 *       least its {@code k} smallest ones (cluster-wide or per topic, the larger sum), and a broker above the disk
 *       limit must shed at least the bytes over it (when sizes are known). The bound is the largest of these.</li>
 * </ul>
 */
public record Bounds(int moves, int clusterSurplus, int topicSurplus, List<Integer> perTopic, long bytes) {
    public Bounds {
        perTopic = List.copyOf(perTopic);
    }


    static Bounds of(Topology topo, Topics topics, long diskLimit) {
        int n = topo.brokers();
        int tc = topics.count();
        long total = 0;
        for (int r : topics.replicas) total += r;
        int clusterCap = (int) ((total + n - 1) / n);
        List<List<Long>> clusterSizes = new ArrayList<>();
        for (int b = 0; b < n; b++) clusterSizes.add(new ArrayList<>());
        int outside = 0;
        long outsideBytes = 0;
        int[] perTopic = new int[tc];
        long topicBytes = 0;
        for (int t = 0; t < tc; t++) {
            int cap = topics.base(t) + (topics.extras(t) > 0 ? 1 : 0);
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
                perTopic[t] += Math.max(0, topics.now[t][b] - cap);
                topicBytes += smallest(sizes.get(b), topics.now[t][b] - cap);
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
    private static long[] clusterWide(List<List<Long>> perBroker, int cap, long diskLimit) {
        long[] out = new long[3];
        for (List<Long> sizes : perBroker) {
            out[0] += Math.max(0, sizes.size() - cap);
            out[1] += smallest(sizes, sizes.size() - cap);
            if (diskLimit > 0) out[2] += Math.max(0, sizes.stream().mapToLong(Long::longValue).sum() - diskLimit);
        }
        return out;
    }

    private static long smallest(List<Long> sizes, int count) {
        if (count <= 0) return 0;
        return sizes.stream().sorted().limit(count).mapToLong(Long::longValue).sum();
    }
}
