package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.plan.flow.MinCostFlow;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Chooses each partition's replica set by a minimum-cost flow. Network, for partition {@code p}, rack (group)
 * {@code i} and broker {@code b}:
 * <pre>
 *   S -> p        r(p) - sum_i lo(p,i)      the replicas not forced into a particular rack
 *   S -> (p,i)    lo(p,i)                   the rack rule's minimum for rack i
 *   p -> (p,i)    hi(p,i) - lo(p,i)         ... and its maximum
 *   (p,i) -> b    1, cost 0 if b holds p now (a kept replica), else 1 (a replica move)
 *   b -> T        base quota of b
 *   b -> X(c)     1                         one extra replica for b, counted in b's cell c
 *   X(c) -> T     extrasMin(c);  X(c) -> G  extrasMax(c) - extrasMin(c);  G -> T  extras - sum extrasMin
 * </pre>
 * Source and sink capacities both add up to R (all replicas), so a flow of value R meets every bound, and its cost
 * is the number of replica moves. The lower bound is the same network without the cost-1 arcs: its maximum flow is
 * the most replicas any balanced assignment can keep, whatever it does with the others.
 */
final class ReplicaSolver {
    private ReplicaSolver() {
    }

    /**
     * @param sets       per partition, the chosen target broker indices (ascending)
     * @param lowerBound fewest replica moves any balanced assignment needs, by weak duality
     */
    record Solution(int[][] sets, long lowerBound) {
    }

    static Solution solve(Layout l) {
        int parts = l.partitions.size();
        int n = l.brokers();
        boolean[] offered = new boolean[parts * n];
        int[] now = new int[n];
        for (int[] c : l.current) for (int b : c) now[b]++;
        for (int b = 0; b < n; b++) {
            if (now[b] < l.base(b) + (l.quotas.extrasMax()[l.cellOf[b]] > 0 ? 1 : 0)) {
                for (int p = 0; p < parts; p++) offered[p * n + b] = true;
            }
        }
        for (int round = 0; ; round++) {
            if (round == MAX_PRICING_ROUNDS) Arrays.fill(offered, true);
            Network net = build(l, offered);
            MinCostFlow.Result r = net.flow.run(0, 1, l.replicas);
            if (r.flow() != l.replicas) {
                if (round >= MAX_PRICING_ROUNDS) {
                    throw new IllegalStateException("could not place all replicas: " + r.flow() + " of " + l.replicas);
                }
                Arrays.fill(offered, true);
                round = MAX_PRICING_ROUNDS - 1;
                continue;
            }
            if (!price(l, net, offered)) {
                return new Solution(sets(l, net), net.flow.dualBound(0, 1, l.replicas));
            }
        }
    }

    /**
     * Column generation: offers the arcs left out whose reduced cost is negative under the solver's potentials.
     * When there is none, the potentials are dual-feasible for the full network too, so the solution is optimal
     * for it and the dual bound holds for it.
     */
    private static boolean price(Layout l, Network net, boolean[] offered) {
        int n = l.brokers();
        int k = l.groups();
        boolean added = false;
        for (int p = 0; p < l.partitions.size(); p++) {
            for (int b = 0; b < n; b++) {
                if (offered[p * n + b] || l.isCurrent[p * n + b]) continue;
                long reduced = 1 + net.flow.potential(net.gBase + p * k + l.groupOf[b]) - net.flow.potential(net.bBase + b);
                if (reduced < 0) {
                    offered[p * n + b] = true;
                    added = true;
                }
            }
        }
        return added;
    }

    private static int[][] sets(Layout l, Network net) {
        int n = l.brokers();
        int[][] out = new int[l.partitions.size()][];
        for (int p = 0; p < out.length; p++) {
            int[] chosen = new int[l.rf[p]];
            int c = 0;
            for (int b = 0; b < n; b++) {
                int arc = net.arcs[p * n + b];
                if (arc >= 0 && net.flow.flow(arc) == 1) chosen[c++] = b;
            }
            if (c != l.rf[p]) throw new IllegalStateException("partition " + p + " got " + c + " replicas");
            out[p] = chosen;
        }
        return out;
    }

    private static final int MAX_PRICING_ROUNDS = 4;

    private record Network(MinCostFlow flow, int[] arcs, int gBase, int bBase) {
    }

    private static Network build(Layout l, boolean[] offered) {
        int parts = l.partitions.size();
        int n = l.brokers();
        int k = l.groups();
        Quotas q = l.quotas;
        int cells = q.base().length;
        int gBase = 2 + parts;
        int bBase = gBase + parts * k;
        int xBase = bBase + n;
        int hub = xBase + cells;
        long dense = 0;
        for (int i = 0; i < parts * n; i++) if (offered[i] || l.isCurrent[i]) dense++;
        long edges = (long) parts * (2L * k + 1) + dense + 2L * n + 2L * cells + 1;
        MinCostFlow f = new MinCostFlow(hub + 1, (int) Math.min(Integer.MAX_VALUE / 4, edges));
        Integer[] order = IntStream.range(0, parts).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingLong(p -> -l.partitions.get(p).sizeBytes())
                .thenComparingInt(p -> p));
        for (int p : order) {
            int forced = 0;
            for (int i = 0; i < k; i++) {
                if (l.lo[p][i] > 0) f.addEdge(0, gBase + p * k + i, l.lo[p][i], 0);
                forced += l.lo[p][i];
            }
            if (l.rf[p] - forced > 0) f.addEdge(0, 2 + p, l.rf[p] - forced, 0);
            for (int i = 0; i < k; i++) {
                if (l.hi[p][i] > l.lo[p][i]) f.addEdge(2 + p, gBase + p * k + i, l.hi[p][i] - l.lo[p][i], 0);
            }
        }
        int[] arcs = new int[parts * n];
        Arrays.fill(arcs, -1);
        for (int p : order) {
            for (int i = 0; i < k; i++) {
                for (int b : l.groupBrokers[i]) {
                    boolean kept = l.isCurrent[p * n + b];
                    if (kept || offered[p * n + b]) {
                        arcs[p * n + b] = f.addEdge(gBase + p * k + i, bBase + b, 1, kept ? 0 : 1);
                    }
                }
            }
        }
        int minSum = 0;
        for (int b = 0; b < n; b++) {
            int c = l.cellOf[b];
            if (l.base(b) > 0) f.addEdge(bBase + b, 1, l.base(b), 0);
            if (q.extrasMax()[c] > 0) f.addEdge(bBase + b, xBase + c, 1, 0);
        }
        for (int c = 0; c < cells; c++) {
            minSum += q.extrasMin()[c];
            if (q.extrasMin()[c] > 0) f.addEdge(xBase + c, 1, q.extrasMin()[c], 0);
            if (q.extrasMax()[c] > q.extrasMin()[c]) f.addEdge(xBase + c, hub, q.extrasMax()[c] - q.extrasMin()[c], 0);
        }
        if (q.extras() > minSum) f.addEdge(hub, 1, q.extras() - minSum, 0);
        return new Network(f, arcs, gBase, bBase);
    }
}
