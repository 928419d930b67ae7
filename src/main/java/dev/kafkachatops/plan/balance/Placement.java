package dev.kafkachatops.plan.balance;

import dev.kafkachatops.plan.flow.MinCostFlow;

import java.util.Arrays;

/**
 * Places one topic's replicas on the brokers given the planned count per broker, by a minimum-cost flow:
 * <pre>
 *   S -> (p,g)   lo(rf)            the rack rule's minimum of partition p in group g
 *   S -> p       rf - groups * lo
 *   p -> (p,g)   hi(rf,g) - lo(rf) ... and its maximum (at most the group's brokers)
 *   (p,g) -> b   1, cost 0 if b holds p now, else M + the size class of p (log2 of its bytes)
 *   b -> T       the planned count of b
 * </pre>
 * With {@code M} above any sum of size classes, the flow first keeps as many replicas as the counts allow (each
 * new replica is a replica move), then moves the smaller partitions.
 */
final class Placement {
    private Placement() {
    }

    /** Per partition, the planned target broker indices (ascending). */
    static int[][] place(Topology topo, Topics topics, int t, int[] counts) {
        int n = topo.brokers();
        int k = topo.groups();
        int parts = topics.partitions.get(t).size();
        int gBase = 2 + parts;
        int bBase = gBase + parts * k;
        long unit = 65L * topics.replicas[t] + 1;
        MinCostFlow f = new MinCostFlow(bBase + n, parts * (2 * k + 1 + n) + n);
        int[][] arcs = new int[parts][n];
        for (int p = 0; p < parts; p++) {
            int rf = topics.rf(t, p);
            int lo = topo.lo(rf);
            if (rf - k * lo > 0) f.addEdge(0, 2 + p, rf - k * lo, 0);
            long moveCost = unit + 64 - Long.numberOfLeadingZeros(topics.size(t, p));
            for (int g = 0; g < k; g++) {
                if (lo > 0) f.addEdge(0, gBase + p * k + g, lo, 0);
                int hi = topo.hi(rf, g);
                if (hi > lo) f.addEdge(2 + p, gBase + p * k + g, hi - lo, 0);
                for (int b : topo.groupBrokers[g]) {
                    boolean kept = contains(topics.current[t][p], b);
                    arcs[p][b] = f.addEdge(gBase + p * k + g, bBase + b, 1, kept ? 0 : moveCost);
                }
            }
        }
        for (int b = 0; b < n; b++) if (counts[b] > 0) f.addEdge(bBase + b, 1, counts[b], 0);
        int replicas = topics.replicas[t];
        if (f.run(0, 1, replicas).flow() != replicas) {
            throw new IllegalStateException(topics.names.get(t) + ": the planned counts cannot be placed");
        }
        int[][] sets = new int[parts][];
        for (int p = 0; p < parts; p++) {
            int[] chosen = new int[topics.rf(t, p)];
            int c = 0;
            for (int b = 0; b < n; b++) if (f.flow(arcs[p][b]) == 1) chosen[c++] = b;
            sets[p] = chosen;
        }
        return sets;
    }

    static boolean contains(int[] set, int b) {
        for (int x : set) if (x == b) return true;
        return false;
    }

    /** Whether the planned set differs from the current one. */
    static boolean changed(int[] planned, int[] now) {
        return !Arrays.equals(planned, now);
    }
}
