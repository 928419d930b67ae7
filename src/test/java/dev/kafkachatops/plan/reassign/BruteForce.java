package dev.kafkachatops.plan.reassign;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exhaustive search over every assignment of a small topic, from first principles: a partition's replica set is
 * valid when its spread over racks has the least possible sum of squares of per-rack counts (no two replicas in a
 * rack when there are enough racks, as even as possible otherwise); an assignment is balanced when the per-broker
 * replica counts have the least possible sum of squares among valid assignments. Returns that least sum of squares,
 * the fewest replica moves among balanced assignments, and the fewest bytes copied among those.
 */
final class BruteForce {
    record Result(long sumOfSquares, int minMoves, long minBytes) {
    }

    static Result search(ClusterAssignment cluster, String topic, List<Integer> targets) {
        List<PartitionInfo> parts = cluster.partitions(topic);
        int n = targets.size();
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) index.put(targets.get(i), i);
        boolean racks = targets.stream().allMatch(id -> cluster.broker(id).orElseThrow().rack().isPresent());
        List<String> rackOf = targets.stream().map(id -> cluster.broker(id).orElseThrow().rack().orElse("" + id))
                .toList();
        int rf = parts.get(0).replicationFactor();
        List<int[]> subsets = new ArrayList<>();
        subsets(n, rf, 0, new int[rf], 0, subsets);
        if (racks) {
            long best = subsets.stream().mapToLong(s -> rackSquares(s, rackOf)).min().orElseThrow();
            subsets.removeIf(s -> rackSquares(s, rackOf) != best);
        }
        int[][] cur = new int[parts.size()][n];
        for (int p = 0; p < parts.size(); p++) {
            for (int b : parts.get(p).replicas()) if (index.containsKey(b)) cur[p][index.get(b)] = 1;
        }
        long[] size = parts.stream().mapToLong(PartitionInfo::sizeBytes).toArray();
        long[] best = {Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE};
        dfs(0, subsets, cur, size, new int[n], 0, 0, best);
        return new Result(best[0], (int) best[1], best[2]);
    }

    private static void dfs(int p, List<int[]> subsets, int[][] cur, long[] size, int[] load, int moves, long bytes,
                            long[] best) {
        if (p == cur.length) {
            long sq = 0;
            for (int l : load) sq += (long) l * l;
            if (sq < best[0] || (sq == best[0] && (moves < best[1] || (moves == best[1] && bytes < best[2])))) {
                best[0] = sq;
                best[1] = moves;
                best[2] = bytes;
            }
            return;
        }
        for (int[] s : subsets) {
            int m = 0;
            for (int b : s) {
                load[b]++;
                if (cur[p][b] == 0) m++;
            }
            dfs(p + 1, subsets, cur, size, load, moves + m, bytes + m * size[p], best);
            for (int b : s) load[b]--;
        }
    }

    private static long rackSquares(int[] s, List<String> rackOf) {
        Map<String, Integer> c = new HashMap<>();
        for (int b : s) c.merge(rackOf.get(b), 1, Integer::sum);
        return c.values().stream().mapToLong(v -> (long) v * v).sum();
    }

    private static void subsets(int n, int k, int from, int[] acc, int depth, List<int[]> out) {
        if (depth == k) {
            out.add(acc.clone());
            return;
        }
        for (int i = from; i < n; i++) {
            acc[depth] = i;
            subsets(n, k, i + 1, acc, depth + 1, out);
        }
    }
}
