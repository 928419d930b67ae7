package dev.kafkachatops.plan.balance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import static dev.kafkachatops.plan.balance.Placement.contains;

/**
 * Evens the bytes per broker without changing any count: while the fullest broker A is above the disk limit, swap
 * a replica of partition p on A with a replica of partition q on a lighter broker B (p moves to B, q to A), where
 * p is larger than q by less than the gap between A and B. The swap keeps every broker's total; a swap across
 * topics also needs A to hold the extra replica of p's topic and B that of q's, so each topic's counts stay within
 * 1; across racks both partitions must still meet the rack rule. First come the swaps that add no replica move:
 * q is a replica the plan takes off A (A holds it now) and copies to B, so q stays on A and the larger p goes to B
 * instead, B staying within its limit; among them the one that sheds the least that takes A to its limit (else
 * the most one swap can), since it copies {@code size(p) - size(q)} more bytes. Only when A has none, among the
 * swaps with the lightest B that has one, the one that brings A and B closest to each other wins, then the one that
 * adds the fewest replica moves (each such swap may add one: p leaves a broker that holds it now). Each swap lowers
 * the sum of squared bytes, so the loop ends; it also ends when the fullest broker has no swap left.
 */
final class DiskSwaps {
    private static final int MAX_SWAPS = 20_000;

    private final Topology topo;
    private final Topics topics;
    private final int[][][] sets;
    private final int[][] counts;
    private final long[] bytes;
    private final List<List<long[]>> on = new ArrayList<>();
    /** Per broker, the replicas it holds now (fixed). */
    private final List<List<long[]>> was = new ArrayList<>();

    private DiskSwaps(Topology topo, Topics topics, int[][][] sets, int[][] counts) {
        this.topo = topo;
        this.topics = topics;
        this.sets = sets;
        this.counts = counts;
        this.bytes = new long[topo.brokers()];
        for (int b = 0; b < topo.brokers(); b++) {
            on.add(new ArrayList<>());
            was.add(new ArrayList<>());
        }
        for (int t = 0; t < sets.length; t++) {
            for (int p = 0; p < sets[t].length; p++) {
                long[] part = {t, p};
                for (int b : topics.current[t][p]) was.get(b).add(part);
                for (int b : sets[t][p]) {
                    on.get(b).add(part);
                    bytes[b] += topics.size(t, p);
                }
            }
        }
    }

    private record Swap(int a, int b, long[] p, long[] q, long imbalance, int addedMoves) {
    }

    /**
     * Swaps replicas in {@code sets} until no broker is above its {@code limit} or no swap helps; returns whether
     * every broker ends within its limit. With racks of unequal size each rack has its own limit, and swaps stay
     * inside the rack.
     */
    static boolean improve(Topology topo, Topics topics, int[][][] sets, int[][] counts, long[] limit) {
        DiskSwaps s = new DiskSwaps(topo, topics, sets, counts);
        int n = topo.brokers();
        for (int swaps = 0; swaps < MAX_SWAPS; swaps++) {
            int a = IntStream.range(0, n).boxed().max(Comparator.<Integer>comparingLong(b -> s.bytes[b] - limit[b])
                    .thenComparing(Comparator.<Integer>reverseOrder())).orElseThrow();
            if (s.bytes[a] <= limit[a]) return true;
            List<Integer> lighter = IntStream.range(0, n)
                    .filter(b -> b != a && (topo.equal || topo.groupOf[b] == topo.groupOf[a])).boxed()
                    .sorted(Comparator.<Integer>comparingLong(b -> s.bytes[b]).thenComparingInt(b -> b)).toList();
            Swap best = s.free(a, limit);
            for (int b : best != null ? List.<Integer>of() : lighter) {
                best = s.best(a, b);
                if (best != null) break;
            }
            if (best == null) return false;
            s.apply(best);
        }
        return false;
    }

    /**
     * The best swap between A and B. The candidates q on B are sorted by size; for each p on A the search walks
     * outward from the ideal size of q ({@code size(p) - gap / 2}), where {@code |2 delta - gap|} only grows, and
     * stops at the first candidate worse than the best so far (a swap improves only while that is below the gap).
     */
    private Swap best(int a, int b) {
        long gap = bytes[a] - bytes[b];
        List<long[]> fromA = movable(a, b);
        List<long[]> fromB = movable(b, a).stream().sorted(Comparator.comparingLong(this::size)).toList();
        long[] sizes = fromB.stream().mapToLong(this::size).toArray();
        Swap best = null;
        for (long[] p : fromA) {
            long sp = size(p);
            int hi = lowerBound(sizes, sp - gap / 2);
            int lo = hi - 1;
            while (lo >= 0 || hi < sizes.length) {
                boolean takeHi = lo < 0 || hi < sizes.length && Math.abs(2 * (sp - sizes[hi]) - gap)
                        <= Math.abs(2 * (sp - sizes[lo]) - gap);
                int i = takeHi ? hi++ : lo--;
                long imbalance = Math.abs(2 * (sp - sizes[i]) - gap);
                if (imbalance >= gap || best != null && imbalance > best.imbalance) break;
                long[] q = fromB.get(i);
                if (!allowed(p, q, a, b)) continue;
                Swap s = new Swap(a, b, p, q, imbalance, added(p, a, b) + added(q, b, a));
                if (best == null || s.imbalance < best.imbalance || s.addedMoves < best.addedMoves) best = s;
            }
        }
        return best;
    }

    /**
     * The best swap of A that adds no replica move, or null: a replica q that A holds now and the plan copies to a
     * lighter broker B comes back to A, and a larger p on A goes to B instead, B staying within its limit. It copies
     * {@code size(p) - size(q)} more bytes, so the swap sheds as little as takes A to its limit, or else as much as
     * one swap can (less than the gap between A and B); then the fewest moves.
     */
    private Swap free(int a, long[] limit) {
        List<long[]> fromA = on.get(a).stream().sorted(Comparator.comparingLong(this::size)).toList();
        long[] sizes = fromA.stream().mapToLong(this::size).toArray();
        long need = bytes[a] - limit[a];
        Swap best = null;
        for (long[] q : was.get(a)) {
            if (contains(set(q), a)) continue;
            for (int b : set(q)) {
                boolean sameGroup = topo.groupOf[a] == topo.groupOf[b];
                if (bytes[b] >= bytes[a] || !topo.equal && !sameGroup || !sameGroup && !rackOk(q, b, a)) continue;
                long most = Math.min(bytes[a] - bytes[b] - 1, limit[b] - bytes[b]);
                int at = lowerBound(sizes, size(q) + need);
                Swap up = null;
                for (int i = at; i < sizes.length && sizes[i] - size(q) <= most && up == null; i++) {
                    up = swap(fromA.get(i), q, a, b, sameGroup);
                }
                if (up != null) {
                    best = better(up, best, need);
                    continue;
                }
                Swap down = null;
                for (int i = at - 1; i >= 0 && sizes[i] > size(q) && down == null; i--) {
                    if (sizes[i] - size(q) <= most) down = swap(fromA.get(i), q, a, b, sameGroup);
                }
                if (down != null) best = better(down, best, need);
            }
        }
        return best;
    }

    /** The swap of p from A to B for q from B to A, when allowed and adding no move; its imbalance is what A sheds. */
    private Swap swap(long[] p, long[] q, int a, int b, boolean sameGroup) {
        if (contains(set(p), b) || !sameGroup && !rackOk(p, a, b) || !allowed(p, q, a, b)) return null;
        int added = added(p, a, b) + added(q, b, a);
        return added > 0 ? null : new Swap(a, b, p, q, size(p) - size(q), added);
    }

    /** Shedding at least {@code need}: the least; short of it: the most; then the fewest moves, then the first. */
    private static Swap better(Swap s, Swap best, long need) {
        if (best == null) return s;
        boolean enough = s.imbalance >= need;
        boolean bestEnough = best.imbalance >= need;
        if (enough != bestEnough) return enough ? s : best;
        if (s.imbalance != best.imbalance) return enough == s.imbalance < best.imbalance ? s : best;
        return s.addedMoves < best.addedMoves ? s : best;
    }

    /** The first index whose size is at least {@code v}. */
    private static int lowerBound(long[] sizes, long v) {
        int lo = 0;
        int hi = sizes.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sizes[mid] < v) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The replicas on {@code from} that could move to {@code to}: not there yet, and the rack rule still met. */
    private List<long[]> movable(int from, int to) {
        boolean sameGroup = topo.groupOf[from] == topo.groupOf[to];
        return on.get(from).stream().filter(x -> !contains(set(x), to) && (sameGroup || rackOk(x, from, to)))
                .toList();
    }

    /** Different topics swap only when each keeps its counts within 1. */
    private boolean allowed(long[] p, long[] q, int a, int b) {
        int tp = (int) p[0];
        int tq = (int) q[0];
        return tp == tq || shiftable(tp, a, b) && shiftable(tq, b, a);
    }

    private boolean shiftable(int t, int x, int y) {
        return shiftable(topics, counts, t, x, y);
    }

    /** Topic t can give one replica from broker x to broker y and stay within 1. */
    static boolean shiftable(Topics topics, int[][] counts, int t, int x, int y) {
        return counts[t][x] > topics.base(t) && counts[t][y] == topics.base(t);
    }

    private boolean rackOk(long[] part, int from, int to) {
        return rackOk(topo, set(part), from, to);
    }

    /** A partition on {@code set} can move a replica from broker {@code from} to {@code to} under the rack rule. */
    static boolean rackOk(Topology topo, int[] set, int from, int to) {
        int rf = set.length;
        int inTo = 0;
        int inFrom = 0;
        for (int x : set) {
            if (topo.groupOf[x] == topo.groupOf[to]) inTo++;
            if (topo.groupOf[x] == topo.groupOf[from]) inFrom++;
        }
        return inTo + 1 <= topo.hi(rf, topo.groupOf[to]) && inFrom - 1 >= topo.lo(rf);
    }

    /**
     * Replica moves added by moving {@code part} from broker {@code from} to broker {@code to}: a replica costs a move
     * on a broker that does not hold it now.
     */
    private int added(long[] part, int from, int to) {
        int[] now = topics.current[(int) part[0]][(int) part[1]];
        return (contains(now, to) ? 0 : 1) - (contains(now, from) ? 0 : 1);
    }

    private void apply(Swap s) {
        move(s.p, s.a, s.b);
        move(s.q, s.b, s.a);
    }

    private void move(long[] part, int from, int to) {
        int t = (int) part[0];
        int p = (int) part[1];
        sets[t][p] = IntStream.of(sets[t][p]).map(x -> x == from ? to : x).sorted().toArray();
        counts[t][from]--;
        counts[t][to]++;
        on.get(from).remove(part);
        on.get(to).add(part);
        bytes[from] -= topics.size(t, p);
        bytes[to] += topics.size(t, p);
    }

    private int[] set(long[] part) {
        return sets[(int) part[0]][(int) part[1]];
    }

    private long size(long[] part) {
        return topics.size((int) part[0], (int) part[1]);
    }
}
