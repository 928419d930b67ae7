package dev.kafkachatops.plan.balance;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.BrokerInfo;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.PartitionInfo;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.plan.reassign.PlanningException;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.view.Format;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order in which a cluster plan's topics run (one topic at a time) and the capacity check (criterion 6).
 *
 * <p>While a topic moves, its new replicas are copied before the old ones are deleted, so during a step a broker
 * holds its bytes before the step plus everything the step copies onto it. A broker's limit is
 * {@code maxDiskUse x its log-dir capacity} where the broker reports a capacity; a broker without one has no
 * limit. Greedy: the next topic is one whose copies keep every receiving broker under its limit and that takes the
 * most bytes off the fullest broker (by share of capacity where every broker has one, else by bytes); ties by the
 * most bytes freed in all, then by name. So data leaves full brokers before other brokers fill up, and a plan whose
 * end state or whose every order would pass a limit is refused with the broker named.
 */
public final class ExecutionOrder {
    private ExecutionOrder() {
    }

    /**
     * @param before     the cluster before the plan (sizes and capacities)
     * @param plans      the topics' plans, any order
     * @param maxDiskUse the highest share of a broker's capacity allowed at any step, in (0, 1]
     * @return the same plans in the order to run them
     * @throws PlanningException when a broker would end above its limit, or no order keeps every step under it
     */
    public static List<ReassignmentPlan> order(ClusterAssignment before, List<ReassignmentPlan> plans,
                                               double maxDiskUse) {
        if (!(maxDiskUse > 0 && maxDiskUse <= 1)) {
            throw new IllegalArgumentException("maxDiskUse must be in (0, 1], got " + maxDiskUse);
        }
        List<Integer> ids = before.brokerIds();
        Map<Integer, Integer> index = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) index.put(ids.get(i), i);
        int n = ids.size();
        long[] bytes = new long[n];
        long[] limit = new long[n];
        long[] capacity = new long[n];
        boolean allCapacities = true;
        Map<Integer, Long> now = before.bytesPerBroker();
        for (BrokerInfo b : before.brokers()) {
            int i = index.get(b.id());
            bytes[i] = now.getOrDefault(b.id(), 0L);
            capacity[i] = b.capacityBytes().orElse(0);
            limit[i] = capacity[i] > 0 ? (long) (maxDiskUse * capacity[i]) : Long.MAX_VALUE;
            allCapacities &= b.capacityBytes().isPresent();
        }
        Map<TopicPartitionRef, Long> sizes = new HashMap<>();
        for (PartitionInfo p : before.partitions()) sizes.put(p.tp(), p.sizeBytes());
        int t = plans.size();
        long[][] added = new long[t][n];
        long[][] removed = new long[t][n];
        for (int k = 0; k < t; k++) {
            for (PartitionMove m : plans.get(k).moves()) {
                long size = sizes.getOrDefault(m.tp(), 0L);
                for (int b : m.added()) added[k][index.get(b)] += size;
                for (int b : m.removed()) removed[k][index.get(b)] += size;
            }
        }
        long[] freed = new long[t];
        for (int k = 0; k < t; k++) freed[k] = sum(removed[k]);
        checkEnd(ids, capacity, bytes, limit, added, removed, maxDiskUse);
        List<ReassignmentPlan> out = new ArrayList<>(t);
        boolean[] done = new boolean[t];
        for (int step = 0; step < t; step++) {
            int fullest = fullest(bytes, allCapacities ? capacity : null);
            int best = -1;
            for (int k = 0; k < t; k++) {
                if (done[k] || !better(k, best, fullest, removed, freed, plans) || !fits(added[k], bytes, limit)) continue;
                best = k;
            }
            if (best < 0) throw stuck(ids, bytes, limit, added, done, maxDiskUse);
            done[best] = true;
            out.add(plans.get(best));
            for (int i = 0; i < n; i++) bytes[i] += added[best][i] - removed[best][i];
        }
        return List.copyOf(out);
    }

    /** {@code freed}: per topic, the bytes it deletes in all (fixed, so summed once). */
    private static boolean better(int k, int best, int fullest, long[][] removed, long[] freed,
                                  List<ReassignmentPlan> plans) {
        if (best < 0) return true;
        if (removed[k][fullest] != removed[best][fullest]) return removed[k][fullest] > removed[best][fullest];
        if (freed[k] != freed[best]) return freed[k] > freed[best];
        return plans.get(k).topic().compareTo(plans.get(best).topic()) < 0;
    }

    private static boolean fits(long[] added, long[] bytes, long[] limit) {
        for (int i = 0; i < added.length; i++) {
            if (added[i] > 0 && bytes[i] + added[i] > limit[i]) return false;
        }
        return true;
    }

    /** The fullest broker: by share of its capacity when {@code capacity} is given, else by bytes. */
    private static int fullest(long[] bytes, long[] capacity) {
        int best = 0;
        double bestValue = -1;
        for (int i = 0; i < bytes.length; i++) {
            double v = capacity != null ? (double) bytes[i] / capacity[i] : bytes[i];
            if (v > bestValue) {
                best = i;
                bestValue = v;
            }
        }
        return best;
    }

    private static void checkEnd(List<Integer> ids, long[] capacity, long[] bytes, long[] limit,
                                 long[][] added, long[][] removed, double maxDiskUse) {
        for (int i = 0; i < ids.size(); i++) {
            long end = bytes[i];
            for (int k = 0; k < added.length; k++) end += added[k][i] - removed[k][i];
            boolean gains = end > bytes[i];
            if (end > limit[i] && gains) {
                long cap = capacity[i];
                throw new PlanningException("Broker " + ids.get(i) + " would hold " + Format.bytes(end) + " = "
                        + percent(end, cap) + " of its log-dir capacity (" + Format.bytes(cap) + ") after the plan, "
                        + "above rebalance.maxDiskUse " + percent(maxDiskUse) + ": add brokers or disk first; "
                        + "nothing was changed.");
            }
        }
    }

    private static PlanningException stuck(List<Integer> ids, long[] bytes, long[] limit, long[][] added,
                                           boolean[] done, double maxDiskUse) {
        int broker = -1;
        for (int k = 0; k < added.length && broker < 0; k++) {
            if (done[k]) continue;
            for (int i = 0; i < ids.size(); i++) {
                if (added[k][i] > 0 && bytes[i] + added[k][i] > limit[i]) {
                    broker = i;
                    break;
                }
            }
        }
        String who = broker < 0 ? "a broker" : "broker " + ids.get(broker);
        return new PlanningException("No order of the topics keeps every broker under rebalance.maxDiskUse "
                + percent(maxDiskUse) + " while they move (" + who + " would pass it: new replicas are copied "
                + "before old ones are deleted): free disk first; nothing was changed.");
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long v : a) s += v;
        return s;
    }

    private static String percent(long part, long whole) {
        return Math.round(100.0 * part / whole) + "%";
    }

    private static String percent(double share) {
        return Math.round(100 * share) + "%";
    }
}
