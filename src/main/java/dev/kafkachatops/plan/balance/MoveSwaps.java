package dev.kafkachatops.plan.balance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

import static dev.kafkachatops.plan.balance.DiskSwaps.rackOk;
import static dev.kafkachatops.plan.balance.DiskSwaps.shiftable;
import static dev.kafkachatops.plan.balance.Placement.contains;

/**
 * Lowers the bytes a plan copies without adding a replica move or changing any broker's count. The counts are
 * chosen by replica moves alone, so which partition leaves a broker is arbitrary as to size. This pass exchanges:
 * when the plan copies partition P from broker x to broker y, and a smaller partition Q stays on x and is not planned
 * on y, then P stays on x and Q goes from x to y instead. Both brokers keep their counts, the plan keeps its moves
 * and copies {@code size(P) - size(Q)} fewer bytes, and x ends that much fuller. When the plan took Q off y (Q was
 * on x and y), Q now stays on y and leaves x instead: one move fewer and {@code size(P)} fewer bytes.
 *
 * <p>Rules, as in {@link DiskSwaps}: across topics, x must hold the extra replica of Q's topic and y that of P's,
 * so both topics stay within 1 per broker; across racks both partitions must still meet the rack rule; with racks
 * of unequal size x and y share a rack, so each rack keeps its bytes and its limit. x must end at or under its
 * ceiling (the disk limit, and {@code maxDiskUse} of its capacity); y gets no heavier.
 *
 * <p>Greedy, the most moves then the most bytes saved first. Each broker x offers its best exchange: over every P
 * leaving x (largest first) and every y it is copied to, the smallest allowed Q kept on x with
 * {@code size(P) - room(x) <= size(Q) < size(P)}, {@code room(x)} being what x may still take under its ceiling. The
 * best offer (ties: the lowest broker index) is applied if it still stands, else x offers again; after an exchange x
 * and y offer again, stopping at the first P that cannot save more than the best so far. When no offer is left every
 * broker offers again from scratch, then also looking at every P for the largest Q that the plan takes off y (it
 * saves a move and leaves x the most room), as after an exchange that saved one; the pass ends when none is found.
 * Each exchange copies fewer bytes and adds no move, so the loop ends; nothing changes when the plan moves nothing.
 */
final class MoveSwaps {
    /** Partitions a scan of a broker's kept partitions may refuse before it turns to the sorted lists. */
    private static final int SCAN = 16;
    private final Topology topo;
    private final Topics topics;
    private final int[][][] sets;
    private final int[][] counts;
    private final long[] ceiling;
    private final long[] bytes;
    /** Per partition, numbered across topics: its topic, its index in the topic, and its key. */
    private final int[] topicOf;
    private final int[] partOf;
    private final Key[] keys;
    /** Per broker, the replicas planned on it that are there now (also by topic, for topics of several partitions). */
    private final List<TreeSet<Key>> kept = new ArrayList<>();
    private final List<Map<Integer, NavigableSet<Key>>> keptByTopic = new ArrayList<>();
    /** Per broker, the replicas the plan copies away from it. */
    private final List<TreeSet<Key>> leaving = new ArrayList<>();
    /**
     * Per broker x and target y, the partitions kept on x that may go to y, of topics that can shift a replica from x
     * to y, by size: built when needed (again after each sweep), then entries found invalid are dropped and
     * partitions that exchanges keep on x added.
     */
    private final List<Map<Integer, List<Key>>> shifting = new ArrayList<>();

    /** A partition ordered by size, then by index. */
    private record Key(long size, int id) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            return size != o.size ? Long.compare(size, o.size) : Integer.compare(id, o.id);
        }
    }

    /** P stays on x instead of being copied to y; Q goes from x to y; it saves {@code fewer} moves and the bytes. */
    private record Exchange(int p, int q, int x, int y, int fewer, long saved) {
        boolean betterThan(Exchange o) {
            return o == null || fewer > o.fewer || fewer == o.fewer && saved > o.saved;
        }
    }

    private MoveSwaps(Topology topo, Topics topics, int[][][] sets, int[][] counts, long[] ceiling) {
        this.topo = topo;
        this.topics = topics;
        this.sets = sets;
        this.counts = counts;
        this.ceiling = ceiling;
        int n = topo.brokers();
        bytes = new long[n];
        int all = 0;
        for (int[][] parts : sets) all += parts.length;
        topicOf = new int[all];
        partOf = new int[all];
        keys = new Key[all];
        for (int b = 0; b < n; b++) {
            kept.add(new TreeSet<>());
            keptByTopic.add(new HashMap<>());
            leaving.add(new TreeSet<>());
            shifting.add(new HashMap<>());
        }
        int i = 0;
        for (int t = 0; t < sets.length; t++) {
            for (int p = 0; p < sets[t].length; p++, i++) {
                topicOf[i] = t;
                partOf[i] = p;
                keys[i] = new Key(topics.size(t, p), i);
                for (int b : sets[t][p]) bytes[b] += keys[i].size;
                for (int b : topics.current[t][p]) {
                    if (contains(sets[t][p], b)) keep(b, i);
                    else leaving.get(b).add(keys[i]);
                }
            }
        }
    }

    /**
     * Exchanges replicas in {@code sets} (and {@code counts}) until no exchange lowers the bytes copied; returns the
     * exchanges made.
     *
     * @param ceiling per broker, the most bytes an exchange may leave on it
     */
    static int improve(Topology topo, Topics topics, int[][][] sets, int[][] counts, long[] ceiling) {
        MoveSwaps s = new MoveSwaps(topo, topics, sets, counts, ceiling);
        int n = topo.brokers();
        Exchange[] offer = new Exchange[n];
        int made = 0;
        boolean swept = false;
        while (true) {
            int x = -1;
            for (int b = 0; b < n; b++) if (offer[b] != null && offer[b].betterThan(x < 0 ? null : offer[x])) x = b;
            if (x < 0) {
                if (swept) return made;
                s.shifting.forEach(Map::clear);
                for (int b = 0; b < n; b++) offer[b] = s.best(b, true);
                swept = true;
            } else if (!s.stands(offer[x])) {
                offer[x] = s.best(x, offer[x].fewer > 0);
            } else {
                Exchange e = offer[x];
                s.apply(e);
                made++;
                swept = false;
                offer[x] = s.best(x, e.fewer > 0);
                offer[e.y] = s.best(e.y, false);
            }
        }
    }

    /**
     * The best exchange at broker x, or null. Leaving partitions go largest first; unless {@code full}, the search
     * looks for no Q that the plan takes off y, and stops once no smaller leaving partition can save more bytes than
     * the best so far: at most the room, and its size less the smallest kept.
     */
    private Exchange best(int x, boolean full) {
        long room = ceiling[x] - bytes[x];
        if (room <= 0 || leaving.get(x).isEmpty() || kept.get(x).isEmpty()) return null;
        long smallestKept = kept.get(x).first().size;
        Exchange best = null;
        for (Key leaves : leaving.get(x).descendingSet()) {
            int p = leaves.id;
            long most = Math.min(room, leaves.size - smallestKept);
            if (best != null && (best.fewer > 0 || !full && best.saved >= most)) break;
            for (int y : set(p)) {
                if (contains(current(p), y) || !topo.equal && topo.groupOf[y] != topo.groupOf[x]) continue;
                if (!rackRule(p, y, x)) continue;
                Key least = new Key(Math.max(0, leaves.size - room), -1);
                Key q = full ? back(p, x, y, least) : null;
                if (q == null) q = smallest(p, x, y, least);
                if (q == null) continue;
                int fewer = contains(current(q.id), y) ? 1 : 0;
                Exchange e = new Exchange(p, q.id, x, y, fewer, fewer > 0 ? leaves.size : leaves.size - q.size);
                if (e.betterThan(best)) best = e;
            }
        }
        return best;
    }

    /**
     * The largest partition kept on x, from {@code least} up and smaller than p, that the plan takes off y and may
     * stay there in exchange for p (it saves size(P) whatever its size, so the largest leaves x the most room).
     */
    private Key back(int p, int x, int y, Key least) {
        boolean across = shiftable(topics, counts, topicOf[p], y, x);
        for (Key k : leaving.get(y).subSet(least, true, keys[p], false).descendingSet()) {
            boolean keptOnX = contains(set(k.id), x) && contains(current(k.id), x);
            if (keptOnX && allowed(k.id, topicOf[p], across, x, y)) return k;
        }
        return null;
    }

    /**
     * The smallest partition kept on x, from {@code least} up and smaller than p, that may go to y in exchange for p,
     * or null: a scan of x's kept partitions, or when it meets many that may not go, x's lists by topic and for y.
     */
    private Key smallest(int p, int x, int y, Key least) {
        int tp = topicOf[p];
        boolean across = shiftable(topics, counts, tp, y, x);
        int refused = 0;
        for (Key k : kept.get(x).tailSet(least)) {
            if (k.size >= keys[p].size) return null;
            if (allowed(k.id, tp, across, x, y)) return k;
            if (++refused == SCAN) break;
        }
        NavigableSet<Key> same = keptByTopic.get(x).get(tp);
        Key q = same == null || same.isEmpty() ? null : same.tailSet(least).stream()
                .takeWhile(k -> k.size < keys[p].size).filter(k -> fits(k.id, x, y)).findFirst().orElse(null);
        if (!across) return q;
        List<Key> sorted = shifting(x, y);
        int at = -Collections.binarySearch(sorted, least) - 1;
        while (at < sorted.size() && (q == null || sorted.get(at).compareTo(q) < 0)) {
            int o = sorted.get(at).id;
            if (keys[o].size >= keys[p].size) break;
            boolean ok = contains(set(o), x) && contains(current(o), x) && fits(o, x, y);
            if (ok && shiftable(topics, counts, topicOf[o], x, y)) return keys[o];
            sorted.remove(at);
        }
        return q;
    }

    /** Partition q may go from x to y in exchange for a partition of topic tp (which can shift back, if across). */
    private boolean allowed(int q, int tp, boolean across, int x, int y) {
        return (topicOf[q] == tp || across && shiftable(topics, counts, topicOf[q], x, y)) && fits(q, x, y);
    }

    private List<Key> shifting(int x, int y) {
        return shifting.get(x).computeIfAbsent(y, to -> {
            List<Key> sorted = new ArrayList<>();
            for (Key k : kept.get(x)) add(sorted, k.id, x, to);
            return sorted;
        });
    }

    private void add(List<Key> sorted, int q, int x, int y) {
        if (!fits(q, x, y) || !shiftable(topics, counts, topicOf[q], x, y)) return;
        int i = Collections.binarySearch(sorted, keys[q]);
        if (i < 0) sorted.add(-i - 1, keys[q]);
    }

    /** The offer is still allowed: the exchanges since it was made left its partitions, counts and room as needed. */
    private boolean stands(Exchange e) {
        int tp = topicOf[e.p];
        int tq = topicOf[e.q];
        return leaving.get(e.x).contains(keys[e.p]) && contains(set(e.p), e.y) && kept.get(e.x).contains(keys[e.q])
                && ceiling[e.x] - bytes[e.x] >= keys[e.p].size - keys[e.q].size
                && (tp == tq || shiftable(topics, counts, tp, e.y, e.x) && shiftable(topics, counts, tq, e.x, e.y))
                && rackRule(e.p, e.y, e.x) && fits(e.q, e.x, e.y);
    }

    /** Partition q can go from x to y: not planned there yet, and the rack rule still met. */
    private boolean fits(int q, int x, int y) {
        return !contains(set(q), y) && rackRule(q, x, y);
    }

    /** Partition i still meets the rack rule with a replica moved from broker x to broker y (not planned there). */
    private boolean rackRule(int i, int x, int y) {
        return !topo.racks || topo.groupOf[x] == topo.groupOf[y] || rackOk(topo, set(i), x, y);
    }

    private void apply(Exchange e) {
        move(e.p, e.y, e.x);
        move(e.q, e.x, e.y);
        leaving.get(e.x).remove(keys[e.p]);
        keep(e.x, e.p);
        unkeep(e.x, e.q);
        leaving.get(e.x).add(keys[e.q]);
        if (leaving.get(e.y).remove(keys[e.q])) {
            keep(e.y, e.q);
            shifting.get(e.y).clear();
        }
        shifting.get(e.x).forEach((y, sorted) -> add(sorted, e.p, e.x, y));
    }

    private void keep(int b, int i) {
        kept.get(b).add(keys[i]);
        if (sets[topicOf[i]].length == 1) return;
        keptByTopic.get(b).computeIfAbsent(topicOf[i], t -> new TreeSet<>()).add(keys[i]);
    }

    private void unkeep(int b, int i) {
        kept.get(b).remove(keys[i]);
        keptByTopic.get(b).getOrDefault(topicOf[i], new TreeSet<>()).remove(keys[i]);
    }

    private void move(int i, int from, int to) {
        int t = topicOf[i];
        int[] set = sets[t][partOf[i]];
        for (int k = 0; k < set.length; k++) if (set[k] == from) set[k] = to;
        Arrays.sort(set);
        counts[t][from]--;
        counts[t][to]++;
        bytes[from] -= keys[i].size;
        bytes[to] += keys[i].size;
    }

    private int[] set(int i) {
        return sets[topicOf[i]][partOf[i]];
    }

    private int[] current(int i) {
        return topics.current[topicOf[i]][partOf[i]];
    }
}
