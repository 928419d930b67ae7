package dev.kafkachatops.plan.reassign;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The planner against exhaustive search on small clusters: same balance, fewest moves, tight lower bound. */
class BruteForceOptimalityTest {

    @Test
    void matchesExhaustiveSearch() {
        Random rnd = new Random(Long.getLong("bf.seed", 42));
        int cases = 0;
        int fewestBytes = 0;
        int rounds = Integer.getInteger("bf.rounds", 400);
        for (int round = 0; round < rounds; round++) {
            int n = 3 + rnd.nextInt(Integer.getInteger("bf.n", 3));
            int racks = rnd.nextInt(3) == 0 ? 0 : 2 + rnd.nextInt(2);
            if (racks > n) racks = 0;
            int rf = 1 + rnd.nextInt(Math.min(3, n));
            int drained = rnd.nextInt(3) == 0 ? 1 : 0;
            long subsets = binomial(n, rf);
            int parts = 1 + rnd.nextInt(8);
            while (Math.pow(subsets, parts) > Integer.getInteger("bf.leaves", 200_000)) parts--;
            ClusterAssignment c = Clusters.random(rnd, n, racks, drained, rf, parts, true);
            Target target = Clusters.target(drained, n);
            List<Integer> targets = target.resolve(c);
            ReassignmentPlan plan = RebalancePlanner.plan(c, "t", target, OptionalLong.empty());
            BruteForce.Result best = BruteForce.search(c, "t", targets);
            long sq = plan.brokers().entrySet().stream().filter(e -> targets.contains(e.getKey()))
                    .mapToLong(e -> (long) e.getValue().replicasAfter() * e.getValue().replicasAfter()).sum();
            String what = "case " + round + ": n=" + n + " racks=" + racks + " rf=" + rf + " parts=" + parts
                    + " drained=" + drained + "\n" + c.partitions() + "\n" + c.brokers() + "\n" + plan.moves();
            assertThat(sq).as("balance, " + what).isEqualTo(best.sumOfSquares());
            assertThat(plan.replicaMoves()).as("moves, " + what).isEqualTo(best.minMoves());
            assertThat(plan.lowerBound()).as("lower bound, " + what).isEqualTo(best.minMoves());
            assertThat(plan.bytesToCopy()).as("bytes, " + what).isGreaterThanOrEqualTo(best.minBytes());
            if (plan.bytesToCopy() == best.minBytes()) fewestBytes++;
            cases++;
        }
        assertThat(cases).isEqualTo(rounds);
        System.out.println("fewest bytes among fewest moves in " + fewestBytes + " of " + cases + " cases");
    }

    private static long binomial(int n, int k) {
        long r = 1;
        for (int i = 0; i < k; i++) r = r * (n - i) / (i + 1);
        return r;
    }
}
