package dev.kafkachatops.plan.balance;

import dev.kafkachatops.plan.flow.MinCostFlow;

import java.util.Arrays;

/**
 * For racks of unequal size, given each rack's share of every topic ({@link RackShares}), how many replicas of each
 * topic every broker of the rack holds: {@code base = share / size} or one more (each topic within 1 inside the
 * rack), with the rack's brokers within 1 of each other. As in {@link CountSolver} only the extras are chosen, by a
 * minimum-cost flow, per rack {@code g} with {@code E(g)} extras over its {@code s} brokers:
 * <pre>
 *   S -> (t,g)   share(t,g) mod s
 *   (t,g) -> b   1, cost 0 if b holds more than base(t,g) replicas of t now, else 1
 *   b -> T       E(g) / s;    b -> X(g)  1;    X(g) -> T  E(g) mod s
 * </pre>
 * The moves are {@code sum max(0, base - now)} plus the flow's cost: the fewest any counts with these shares need,
 * certified by the flow's dual bound.
 */
final class GroupCounts {
    private GroupCounts() {
    }

    static CountSolver.Counts solve(Topology topo, Topics topics, int[][] shares) {
        int n = topo.brokers();
        int k = topo.groups();
        int tc = topics.count();
        int bBase = 2 + k;
        int tgBase = bBase + n;
        MinCostFlow f = new MinCostFlow(tgBase + tc * k, tc * (k + n) + 2 * n + k);
        int[][] arcs = new int[tc][n];
        long fixed = 0;
        long[] extras = new long[k];
        for (int t = 0; t < tc; t++) {
            Arrays.fill(arcs[t], -1);
            for (int g = 0; g < k; g++) {
                int size = topo.groupBrokers[g].length;
                int base = shares[t][g] / size;
                int more = shares[t][g] % size;
                for (int b : topo.groupBrokers[g]) fixed += Math.max(0, base - topics.now[t][b]);
                if (more == 0) continue;
                extras[g] += more;
                f.addEdge(0, tgBase + t * k + g, more, 0);
                for (int b : topo.groupBrokers[g]) {
                    arcs[t][b] = f.addEdge(tgBase + t * k + g, bBase + b, 1, topics.now[t][b] > base ? 0 : 1);
                }
            }
        }
        long all = 0;
        for (int g = 0; g < k; g++) {
            int size = topo.groupBrokers[g].length;
            for (int b : topo.groupBrokers[g]) {
                if (extras[g] / size > 0) f.addEdge(bBase + b, 1, (int) (extras[g] / size), 0);
                if (extras[g] % size > 0) f.addEdge(bBase + b, 2 + g, 1, 0);
            }
            if (extras[g] % size > 0) f.addEdge(2 + g, 1, (int) (extras[g] % size), 0);
            all += extras[g];
        }
        MinCostFlow.Result r = f.run(0, 1, all);
        if (r.flow() != all) throw new IllegalStateException("rack counts: placed " + r.flow() + " of " + all);
        int[][] counts = new int[tc][n];
        for (int t = 0; t < tc; t++) {
            for (int b = 0; b < n; b++) {
                int g = topo.groupOf[b];
                counts[t][b] = shares[t][g] / topo.groupBrokers[g].length + (arcs[t][b] >= 0 ? f.flow(arcs[t][b]) : 0);
            }
        }
        return new CountSolver.Counts(counts, fixed + r.cost(), fixed + f.dualBound(0, 1, all));
    }
}
