package dev.kafkachatops.plan.balance;

import java.util.Arrays;

import static dev.kafkachatops.plan.balance.Placement.contains;

/**
 * Counts and placement for racks of equal size (or none). The count flow ({@link CountSolver}) prices an extra
 * replica of a topic on a broker at one move when the broker does not hold one now, but the topic's placement may
 * need two: a replica on a drained broker must move, and cannot land on a broker that already holds its partition;
 * when such replicas are the only ones of the topic that move and the extra sits on a broker holding them all, one
 * more replica is shuffled to make room. So where a topic's placement needs more moves than its counts promised,
 * each of its extras that arrives on a broker costs one move more, the counts are solved again and the topics whose
 * counts changed placed again; the penalties add up over at most {@value #ROUNDS} rounds, each judged by the topics
 * it placed, and the counts that move the fewest replicas in all are kept (the first on a tie). The first solution's dual bound stays the certificate of
 * "fewest for balanced counts": the placement can only add moves to it. An applied plan costs its counts nothing, so
 * re-planning it solves once.
 */
final class Repricing {
    static final int ROUNDS = 4;

    private Repricing() {
    }

    /**
     * @param counts     per topic and target broker, the planned replica count
     * @param sets       per topic and partition, the planned target broker indices
     * @param lowerBound no balanced counts need fewer moves (the unpenalised flow's dual bound)
     */
    record Result(int[][] counts, int[][][] sets, long lowerBound) {
    }

    static Result solve(Topology topo, Topics topics) {
        CountSolver.Counts first = CountSolver.solve(topo, topics);
        int[][] counts = first.counts();
        int[][][] sets = new int[topics.count()][][];
        for (int t = 0; t < topics.count(); t++) sets[t] = Placement.place(topo, topics, t, counts[t]);
        int[][] penalty = new int[topics.count()][topo.brokers()];
        int[][] tried = counts;
        int[][][] triedSets = sets;
        for (int round = 0; round < ROUNDS && penalise(topics, tried, triedSets, penalty); round++) {
            int[][] next = CountSolver.solve(topo, topics, penalty).counts();
            int[][][] placed = triedSets.clone();
            for (int t = 0; t < topics.count(); t++) {
                if (!Arrays.equals(next[t], tried[t])) placed[t] = Placement.place(topo, topics, t, next[t]);
            }
            tried = next;
            triedSets = placed;
            if (moves(topics, placed) < moves(topics, sets)) {
                counts = next;
                sets = placed;
            }
        }
        return new Result(counts, sets, first.lowerBound());
    }

    /** Raises the price of every arriving extra of a topic placed at more moves than its counts; whether any was. */
    private static boolean penalise(Topics topics, int[][] counts, int[][][] sets, int[][] penalty) {
        boolean any = false;
        for (int t = 0; t < topics.count(); t++) {
            int promised = 0;
            for (int b = 0; b < counts[t].length; b++) promised += Math.max(0, counts[t][b] - topics.now[t][b]);
            if (moves(topics, t, sets[t]) <= promised) continue;
            for (int b = 0; b < counts[t].length; b++) {
                if (counts[t][b] > topics.base(t) && topics.now[t][b] <= topics.base(t)) {
                    penalty[t][b]++;
                    any = true;
                }
            }
        }
        return any;
    }

    private static long moves(Topics topics, int[][][] sets) {
        long moves = 0;
        for (int t = 0; t < sets.length; t++) moves += moves(topics, t, sets[t]);
        return moves;
    }

    /** Replicas of topic t planned on a broker that does not hold them now. */
    private static int moves(Topics topics, int t, int[][] sets) {
        int moves = 0;
        for (int p = 0; p < sets.length; p++) {
            for (int b : sets[p]) if (!contains(topics.current[t][p], b)) moves++;
        }
        return moves;
    }
}
