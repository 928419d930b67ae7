package dev.kafkachatops.plan.flow;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class MinCostFlowTest {

    @Test
    void smallExample() {
        // 0 -> 1 -> 3 costs 1+1, 0 -> 2 -> 3 costs 2+2, each capacity 1; 0 -> 3 direct costs 5
        MinCostFlow f = new MinCostFlow(4, 5);
        int a = f.addEdge(0, 1, 1, 1);
        f.addEdge(1, 3, 1, 1);
        int b = f.addEdge(0, 2, 1, 2);
        f.addEdge(2, 3, 1, 2);
        int direct = f.addEdge(0, 3, 5, 5);
        MinCostFlow.Result r = f.run(0, 3, 3);
        assertThat(r).isEqualTo(new MinCostFlow.Result(3, 2 + 4 + 5));
        assertThat(f.flow(a)).isEqualTo(1);
        assertThat(f.flow(b)).isEqualTo(1);
        assertThat(f.flow(direct)).isEqualTo(1);
        assertThat(f.dualBound(0, 3, 3)).isEqualTo(11);
    }

    @Test
    void agreesWithNaiveSuccessiveShortestPathsAndItsDualBound() {
        Random rnd = new Random(7);
        for (int round = 0; round < 500; round++) {
            int n = 2 + rnd.nextInt(8);
            int m = rnd.nextInt(25);
            int[][] edges = new int[m][];
            for (int i = 0; i < m; i++) {
                edges[i] = new int[] {rnd.nextInt(n), rnd.nextInt(n), rnd.nextInt(4), rnd.nextInt(5)};
            }
            long limit = rnd.nextInt(8);
            MinCostFlow f = new MinCostFlow(n, m);
            for (int[] e : edges) f.addEdge(e[0], e[1], e[2], e[3]);
            MinCostFlow.Result r = f.run(0, n - 1, limit);
            long[] naive = naive(n, edges, 0, n - 1, limit);
            assertThat(new long[] {r.flow(), r.cost()}).as("round " + round).containsExactly(naive);
            assertThat(f.dualBound(0, n - 1, r.flow())).as("dual, round " + round).isEqualTo(r.cost());
        }
    }

    /** One unit at a time along a Bellman-Ford shortest path: slow and obviously right. */
    private static long[] naive(int n, int[][] edges, int s, int t, long limit) {
        int m = edges.length;
        int[] to = new int[2 * m];
        int[] cap = new int[2 * m];
        long[] cost = new long[2 * m];
        int[] from = new int[2 * m];
        for (int i = 0; i < m; i++) {
            from[2 * i] = edges[i][0];
            to[2 * i] = edges[i][1];
            cap[2 * i] = edges[i][2];
            cost[2 * i] = edges[i][3];
            from[2 * i + 1] = edges[i][1];
            to[2 * i + 1] = edges[i][0];
            cost[2 * i + 1] = -edges[i][3];
        }
        long flow = 0;
        long total = 0;
        while (flow < limit) {
            long[] dist = new long[n];
            int[] via = new int[n];
            Arrays.fill(dist, Long.MAX_VALUE);
            Arrays.fill(via, -1);
            dist[s] = 0;
            for (int pass = 0; pass < n; pass++) {
                for (int e = 0; e < 2 * m; e++) {
                    if (cap[e] > 0 && dist[from[e]] != Long.MAX_VALUE && dist[from[e]] + cost[e] < dist[to[e]]) {
                        dist[to[e]] = dist[from[e]] + cost[e];
                        via[to[e]] = e;
                    }
                }
            }
            if (dist[t] == Long.MAX_VALUE || s == t) break;
            for (int v = t; v != s; v = from[via[v]]) {
                cap[via[v]]--;
                cap[via[v] ^ 1]++;
            }
            flow++;
            total += dist[t];
        }
        return new long[] {flow, total};
    }
}
