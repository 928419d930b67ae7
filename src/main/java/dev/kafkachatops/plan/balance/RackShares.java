package dev.kafkachatops.plan.balance;

import dev.kafkachatops.plan.flow.MinCostFlow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * For racks of unequal size, how many replicas of each topic each rack holds. The rack rule puts between
 * {@code lo(rf)} and {@code hi(rf, g)} replicas of a partition in rack {@code g}; partitions of one topic and one
 * replication factor are interchangeable, so one node per such class carries them. The rack's total, spread evenly
 * over its brokers, gives them at most {@code ceil(total / size)} replicas; the smallest cap {@code M} that admits a
 * flow of every replica is the lowest load the rack rule allows on the fullest broker (with RF at least the number
 * of racks each rack's total is fixed, and {@code M} follows). Under that cap, the largest floor {@code L} that every
 * rack can still reach ({@code L * size(g)} replicas) is the highest load the rule allows on the emptiest broker: a
 * rack the rule does not force (replication factor below the number of racks) must not stay light because its
 * brokers are new, or the preferred leaders, which only sit on replicas, cannot be within 1. Under both, the flow
 * keeps as many replicas in their rack as it can:
 * <pre>
 *   S -> (t,g)    sum over partitions of lo(rf)          the rack rule's minimum
 *   S -> (t,rf)   count * (rf - racks * lo(rf))          the rest of the class
 *   (t,rf) -> (t,g)  count * (hi(rf,g) - lo(rf))         ... up to the rule's maximum
 *   (t,g) -> g    now(t,g) at cost 0, any more at cost 1 (replicas arriving in the rack)
 *   g -> T        L * size(g) at cost 0, then (M - L) * size(g) at cost W
 * </pre>
 * With {@code W} above any number of arrivals, the flow fills every floor before it saves an arrival; the floor is
 * reached when the cheap arcs are full.
 */
final class RackShares {
    private RackShares() {
    }

    /** Per topic and group the replicas it holds, and the most replicas any broker holds. */
    record Shares(int[][] perGroup, int cap) {
    }

    static Shares solve(Topology topo, Topics topics) {
        List<Map<Integer, Integer>> classes = new ArrayList<>();
        long total = 0;
        for (int t = 0; t < topics.count(); t++) {
            Map<Integer, Integer> byRf = new TreeMap<>();
            for (int p = 0; p < topics.partitions.get(t).size(); p++) byRf.merge(topics.rf(t, p), 1, Integer::sum);
            classes.add(byRf);
            total += topics.replicas[t];
        }
        int low = (int) ((total + topo.brokers() - 1) / topo.brokers());
        int high = (int) Math.min(Integer.MAX_VALUE / 4, total);
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (flow(topo, topics, classes, mid, 0, null) == total) high = mid;
            else low = mid + 1;
        }
        int cap = low;
        int floor = 0;
        int top = (int) (total / topo.brokers());
        while (floor < top) {
            int mid = (floor + top + 1) >>> 1;
            if (flow(topo, topics, classes, cap, mid, null) == total) floor = mid;
            else top = mid - 1;
        }
        int[][] shares = new int[topics.count()][topo.groups()];
        if (flow(topo, topics, classes, cap, floor, shares) != total) {
            throw new IllegalStateException("rack shares: no cap admits every replica");
        }
        return new Shares(shares, cap);
    }

    /**
     * Runs the flow under cap {@code m} and floor {@code l}; fills {@code shares} when given; returns the replicas
     * placed, or -1 when some rack stays below its floor.
     */
    private static long flow(Topology topo, Topics topics, List<Map<Integer, Integer>> classes, int m, int l,
                             int[][] shares) {
        int k = topo.groups();
        int nodes = 2 + k;
        for (Map<Integer, Integer> c : classes) nodes += k + c.size();
        MinCostFlow f = new MinCostFlow(nodes, nodes * (k + 2) + k);
        int[][] arcs = new int[topics.count()][2 * k];
        int next = 2 + k;
        long total = 0;
        for (int t = 0; t < topics.count(); t++) {
            int tg = next;
            next += k;
            long forced = 0;
            for (var e : classes.get(t).entrySet()) {
                int rf = e.getKey();
                int lo = topo.lo(rf);
                forced += (long) e.getValue() * lo;
                if (rf - k * lo == 0) continue;
                int c = next++;
                f.addEdge(0, c, e.getValue() * (rf - k * lo), 0);
                for (int g = 0; g < k; g++) f.addEdge(c, tg + g, e.getValue() * (topo.hi(rf, g) - lo), 0);
            }
            for (int g = 0; g < k; g++) {
                if (forced > 0) f.addEdge(0, tg + g, (int) forced, 0);
                arcs[t][2 * g] = f.addEdge(tg + g, 2 + g, inGroup(topo, topics, t, g), 0);
                arcs[t][2 * g + 1] = f.addEdge(tg + g, 2 + g, topics.replicas[t], 1);
            }
            total += topics.replicas[t];
        }
        int[] floors = new int[k];
        for (int g = 0; g < k; g++) {
            int size = topo.groupBrokers[g].length;
            if (l > 0) floors[g] = f.addEdge(2 + g, 1, l * size, 0);
            f.addEdge(2 + g, 1, (int) Math.min(Integer.MAX_VALUE / 4, (long) (m - l) * size), total + 1);
        }
        long placed = f.run(0, 1, total).flow();
        for (int g = 0; g < k && l > 0; g++) {
            if (f.flow(floors[g]) < l * topo.groupBrokers[g].length) return -1;
        }
        if (shares != null) {
            for (int t = 0; t < topics.count(); t++) {
                for (int g = 0; g < k; g++) shares[t][g] = f.flow(arcs[t][2 * g]) + f.flow(arcs[t][2 * g + 1]);
            }
        }
        return placed;
    }

    static int inGroup(Topology topo, Topics topics, int t, int g) {
        int now = 0;
        for (int b : topo.groupBrokers[g]) now += topics.now[t][b];
        return now;
    }

    /** Per broker the most replicas it may hold cluster-wide, and per topic and broker. */
    record Caps(int[] cluster, int[][] topic) {
    }

    /**
     * The most replicas any plan meeting the rack rule and the cap {@code m} leaves on each broker: per topic its
     * rack holds at most the rule's maximum, and at most what the other racks' minimums leave; spread evenly, a
     * broker gets the ceiling of its share, of each topic and of the sum over the topics.
     */
    static Caps caps(Topology topo, Topics topics, int m) {
        int[][] caps = new int[topics.count()][topo.brokers()];
        long[] rackMost = new long[topo.groups()];
        for (int t = 0; t < topics.count(); t++) {
            long forced = 0;
            long[] most = new long[topo.groups()];
            for (int p = 0; p < topics.partitions.get(t).size(); p++) {
                forced += topo.lo(topics.rf(t, p));
                for (int g = 0; g < topo.groups(); g++) most[g] += topo.hi(topics.rf(t, p), g);
            }
            for (int g = 0; g < topo.groups(); g++) {
                long share = Math.min(most[g], topics.replicas[t] - forced * (topo.groups() - 1));
                rackMost[g] += share;
                for (int b : topo.groupBrokers[g]) caps[t][b] = ceil(share, topo.groupBrokers[g].length);
            }
        }
        int[] cluster = new int[topo.brokers()];
        for (int b = 0; b < cluster.length; b++) {
            cluster[b] = Math.min(m, ceil(rackMost[topo.groupOf[b]], topo.groupBrokers[topo.groupOf[b]].length));
        }
        return new Caps(cluster, caps);
    }

    private static int ceil(long a, int b) {
        return (int) ((a + b - 1) / b);
    }
}
