package dev.kafkachatops.plan.balance;

import dev.kafkachatops.plan.flow.MinCostFlow;

import java.util.Arrays;

/**
 * Chooses how many replicas of each topic every target broker holds: {@code base(t)} or {@code base(t) + 1}
 * (each topic within 1), with every broker's total within 1 of the others (cluster-wide), and each rack's share of a
 * topic inside what the rack rule allows its partitions. Every broker holds {@code B = sum base(t)} replicas at
 * least, so only the "extras" (one per topic and broker, {@code E = sum (R(t) mod n)} in all) are chosen, by a
 * minimum-cost flow:
 * <pre>
 *   S -> (t,g)   forcedExtras(t,g)                the rack rule's minimum for topic t in group g
 *   S -> t       extras(t) - sum_g forcedExtras   the free extras of topic t
 *   t -> (t,g)   maxExtras(t,g) - forcedExtras    ... up to the rack rule's maximum
 *   (t,g) -> b   1, cost 0 if b holds base(t)+1 or more replicas of t now (the extra replica is kept), else 1
 *   b -> T       E / n;    b -> X  1;    X -> T  E mod n
 * </pre>
 * A flow of value E meets every bound; the replica moves are {@code sum max(0, base(t) - now(t,b))} (fixed)
 * plus its cost, so the minimum-cost flow gives the fewest moves any assignment with these counts needs, and the
 * flow's dual bound certifies it.
 */
final class CountSolver {
    private CountSolver() {
    }

    /**
     * @param counts     per topic and target broker, the planned replica count
     * @param moves      the replica moves these counts need at the least
     * @param lowerBound no counts meeting the bounds need fewer moves (the dual certificate, equal to moves)
     */
    record Counts(int[][] counts, long moves, long lowerBound) {
    }

    static Counts solve(Topology topo, Topics topics) {
        return solve(topo, topics, null);
    }

    /**
     * @param penalty per topic and broker, moves added to the price of an extra replica arriving there (null: none);
     *                with a penalty the counts' moves and bound are those of the penalised prices
     */
    static Counts solve(Topology topo, Topics topics, int[][] penalty) {
        int n = topo.brokers();
        int k = topo.groups();
        int tc = topics.count();
        int tBase = 3;
        int gBase = tBase + tc;
        int bBase = gBase + tc * k;
        long totalExtras = 0;
        long fixed = 0;
        for (int t = 0; t < tc; t++) {
            totalExtras += topics.extras(t);
            for (int b = 0; b < n; b++) fixed += Math.max(0, topics.base(t) - topics.now[t][b]);
        }
        MinCostFlow f = new MinCostFlow(bBase + n, (int) Math.min(Integer.MAX_VALUE / 4,
                tc * (2L * k + 1L + n) + 2L * n + 1));
        int[][] arcs = new int[tc][];
        for (int t = 0; t < tc; t++) {
            arcs[t] = topicArcs(f, topo, topics, t, penalty == null ? null : penalty[t], tBase + t, gBase + t * k,
                    bBase);
        }
        int spread = (int) (totalExtras % n);
        for (int b = 0; b < n; b++) {
            if (totalExtras / n > 0) f.addEdge(bBase + b, 1, (int) (totalExtras / n), 0);
            if (spread > 0) f.addEdge(bBase + b, 2, 1, 0);
        }
        if (spread > 0) f.addEdge(2, 1, spread, 0);
        MinCostFlow.Result r = f.run(0, 1, totalExtras);
        if (r.flow() != totalExtras) {
            throw new IllegalStateException("balanced counts: placed " + r.flow() + " of " + totalExtras + " extras");
        }
        int[][] counts = new int[tc][n];
        for (int t = 0; t < tc; t++) {
            for (int b = 0; b < n; b++) {
                counts[t][b] = topics.base(t) + (arcs[t][b] >= 0 ? f.flow(arcs[t][b]) : 0);
            }
        }
        return new Counts(counts, fixed + r.cost(), fixed + f.dualBound(0, 1, totalExtras));
    }

    /** The arcs of one topic; returns, per broker, the id of its (t,g) -> b arc or -1. */
    private static int[] topicArcs(MinCostFlow f, Topology topo, Topics topics, int t, int[] penalty, int tNode,
                                   int gNode, int bBase) {
        int n = topo.brokers();
        int[] arcs = new int[n];
        Arrays.fill(arcs, -1);
        int extras = topics.extras(t);
        if (extras == 0) return arcs;
        long sumLo = 0;
        long sumHi = 0;
        for (int p = 0; p < topics.partitions.get(t).size(); p++) {
            sumLo += topo.lo(topics.rf(t, p));
            sumHi += topo.hi(topics.rf(t, p));
        }
        long inGroup = (long) topics.base(t) * topo.groupSize();
        int forced = (int) Math.max(0, sumLo - inGroup);
        int most = (int) Math.min(Math.min(extras, topo.groupSize()), sumHi - inGroup);
        if (forced > most || (long) forced * topo.groups() > extras || (long) most * topo.groups() < extras) {
            throw new IllegalStateException(topics.names.get(t) + ": no balanced counts within the rack rule");
        }
        if (extras - forced * topo.groups() > 0) f.addEdge(0, tNode, extras - forced * topo.groups(), 0);
        for (int g = 0; g < topo.groups(); g++) {
            if (forced > 0) f.addEdge(0, gNode + g, forced, 0);
            if (most > forced) f.addEdge(tNode, gNode + g, most - forced, 0);
            for (int b : topo.groupBrokers[g]) {
                int price = topics.now[t][b] > topics.base(t) ? 0 : 1 + (penalty == null ? 0 : penalty[b]);
                arcs[b] = f.addEdge(gNode + g, bBase + b, 1, price);
            }
        }
        return arcs;
    }
}
