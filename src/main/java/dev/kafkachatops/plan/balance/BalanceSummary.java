package dev.kafkachatops.plan.balance;

import dev.kafkachatops.plan.reassign.BrokerLoad;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * What a cluster-wide plan does to the whole cluster, kept with the stored plan so its message can show it: per
 * broker before -> after, the capacities, and the cost against the minimum.
 *
 * @param targetBrokers  the brokers the cluster lives on afterwards
 * @param drained        brokers the plan empties ({@code decommission}); empty otherwise
 * @param brokers        per broker (targets and current holders), replicas, preferred leaders and bytes
 * @param capacity       per broker that reports it, the total bytes of its log dirs
 * @param maxDiskUse     the share of a capacity no broker passes at any step
 * @param fewestMoves    the fewest replica moves any balanced plan needs (proven)
 * @param bytesLowerBound the fewest bytes any balanced plan copies (see {@link Bounds})
 * @param diskLimit      the most bytes a broker may hold after the plan (criterion 5), empty when sizes are unknown
 * @param leadersBalanced preferred leaders within 1 per target broker
 * @param unequalRacks   rack -> target brokers when racks differ in size ({@link ClusterPlan#unequalRacks()})
 */
public record BalanceSummary(List<Integer> targetBrokers, List<Integer> drained, Map<Integer, BrokerLoad> brokers,
                             Map<Integer, Long> capacity, double maxDiskUse, long fewestMoves, long bytesLowerBound,
                             OptionalLong diskLimit, boolean leadersBalanced, Map<String, List<Integer>> unequalRacks) {
    public BalanceSummary {
        // plans stored before racks were summarized have none
        unequalRacks = unequalRacks == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(unequalRacks));
        targetBrokers = List.copyOf(targetBrokers);
        drained = List.copyOf(drained);
        brokers = Collections.unmodifiableMap(new TreeMap<>(brokers));
        capacity = Collections.unmodifiableMap(new TreeMap<>(capacity));
        Objects.requireNonNull(diskLimit, "diskLimit");
    }

    public static BalanceSummary of(ClusterPlan plan, List<Integer> drained) {
        return new BalanceSummary(plan.targetBrokers(), drained, plan.brokers(), plan.capacity(), plan.maxDiskUse(),
                plan.fewestForCounts(), plan.bytesLowerBound(), plan.diskLimit(), plan.leadersBalanced(),
                plan.unequalRacks());
    }

    public boolean sizesKnown() {
        return diskLimit.isPresent();
    }

    /** The lowest and highest value over the target brokers, before and after: {min, max, min, max}. */
    public long[] range(ToLongFunction<BrokerLoad> before, ToLongFunction<BrokerLoad> after) {
        long[] r = {Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        for (int id : targetBrokers) {
            BrokerLoad l = brokers.getOrDefault(id, BrokerLoad.EMPTY);
            r[0] = Math.min(r[0], before.applyAsLong(l));
            r[1] = Math.max(r[1], before.applyAsLong(l));
            r[2] = Math.min(r[2], after.applyAsLong(l));
            r[3] = Math.max(r[3], after.applyAsLong(l));
        }
        return r;
    }

    /** The mean bytes per target broker after the plan. */
    public double meanBytesAfter() {
        return brokers.values().stream().mapToLong(BrokerLoad::bytesAfter).sum() / (double) targetBrokers.size();
    }

    /** The mean bytes per target broker before the plan (over the same targets, all data counted). */
    public double meanBytesBefore() {
        return brokers.values().stream().mapToLong(BrokerLoad::bytesBefore).sum() / (double) targetBrokers.size();
    }
}
