package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.plan.flow.MinCostFlow;

import java.util.Arrays;

/**
 * Chooses each partition's preferred leader among its planned replicas so that every target broker leads
 * {@code P / n} or {@code P / n + 1} partitions, changing as few preferred leaders as possible. A minimum-cost flow:
 * {@code S -> p} (1), {@code p -> b} for each planned replica (cost 0 for the current preferred leader, W for
 * another replica that stays, W + 1 for a new replica, W > P so the count of changes comes first), {@code b -> T}
 * (P / n), {@code b -> X} (1), {@code X -> T} (P mod n). When replica placement makes that impossible, overflow
 * arcs {@code b -> T} at a prohibitive cost keep the leaders as even as they can be and the result is marked
 * unbalanced.
 */
public final class LeaderSolver {
    private LeaderSolver() {
    }

    /** @param leader per partition, the chosen broker index; @param balanced leaders within 1 everywhere */
    public record Result(int[] leader, boolean balanced) {
    }

    /**
     * @param n         target brokers
     * @param sets      per partition, its planned broker indices
     * @param preferred per partition, the broker index of its current first replica, or -1 if it leaves
     * @param current   per partition, broker indices that hold it now
     * @param rank      per broker, preference among equal choices (lower first)
     */
    public static Result solve(int n, int[][] sets, int[] preferred, int[][] current, int[] rank) {
        int parts = sets.length;
        if (parts == 0) return new Result(new int[0], true);
        long w = parts + 1L;
        long overflow = w * (parts + 2L);
        int bBase = 2 + parts;
        int x = bBase + n;
        int edges = parts + Arrays.stream(sets).mapToInt(s -> s.length).sum() + 3 * n + 1;
        MinCostFlow f = new MinCostFlow(x + 1, edges);
        int[][] arcs = new int[parts][];
        int[][] order = new int[parts][];
        for (int p = 0; p < parts; p++) {
            f.addEdge(0, 2 + p, 1, 0);
            Integer[] sorted = Arrays.stream(sets[p]).boxed().toArray(Integer[]::new);
            Arrays.sort(sorted, (a, b) -> rank[a] != rank[b] ? Integer.compare(rank[a], rank[b]) : Integer.compare(a, b));
            arcs[p] = new int[sorted.length];
            order[p] = Arrays.stream(sorted).mapToInt(Integer::intValue).toArray();
            for (int j = 0; j < sorted.length; j++) {
                int b = sorted[j];
                long cost = b == preferred[p] ? 0 : contains(current[p], b) ? w : w + 1;
                arcs[p][j] = f.addEdge(2 + p, bBase + b, 1, cost);
            }
        }
        int base = parts / n;
        int extras = parts % n;
        for (int b = 0; b < n; b++) {
            if (base > 0) f.addEdge(bBase + b, 1, base, 0);
            if (extras > 0) f.addEdge(bBase + b, x, 1, 0);
            f.addEdge(bBase + b, 1, parts, overflow);
        }
        if (extras > 0) f.addEdge(x, 1, extras, 0);
        MinCostFlow.Result r = f.run(0, 1, parts);
        if (r.flow() != parts) throw new IllegalStateException("leaders: " + r.flow() + " of " + parts);
        int[] leader = new int[parts];
        int[] count = new int[n];
        for (int p = 0; p < parts; p++) {
            for (int j = 0; j < arcs[p].length; j++) {
                if (f.flow(arcs[p][j]) == 1) leader[p] = order[p][j];
            }
            count[leader[p]]++;
        }
        int max = Arrays.stream(count).max().orElse(0);
        int min = Arrays.stream(count).min().orElse(0);
        return new Result(leader, max - min <= 1);
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }
}
