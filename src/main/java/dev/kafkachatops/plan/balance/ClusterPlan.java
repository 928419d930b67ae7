package dev.kafkachatops.plan.balance;

import dev.kafkachatops.plan.reassign.BrokerLoad;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A cluster-wide rebalance: one {@link ReassignmentPlan} per topic that moves something (to run one topic at a
 * time), with the whole cluster's load per broker before and after and the plan's cost against its lower bounds.
 *
 * @param targetBrokers    the brokers the cluster should live on, ascending
 * @param topics           the topics' plans, by topic name; topics with nothing to move are left out
 * @param brokers          per broker (targets and current holders), the cluster's load before and after
 * @param replicaMoves     new replicas created over all topics
 * @param bytesToCopy      bytes copied over all topics
 * @param bounds           lower bounds from the current assignment ({@link Bounds})
 * @param fewestForCounts  fewest replica moves any plan with balanced counts needs (a flow's dual certificate)
 * @param diskLimit        the most bytes a broker may hold (criterion 5; with racks of unequal size, the highest of
 *                         the racks' limits), empty when sizes are unknown
 * @param leadersBalanced  preferred leaders per target broker within 1
 * @param capacity         per broker that reports it, the total bytes of its log dirs
 * @param maxDiskUse       the share of a capacity no broker passes at any step ({@code rebalance.maxDiskUse})
 * @param unequalRacks     rack -> its target brokers when the racks differ in size (the rack rule then decides part
 *                         of the spread: a broker alone in its rack keeps a replica of nearly every partition);
 *                         empty with no racks or racks of equal size
 */
public record ClusterPlan(List<Integer> targetBrokers, List<ReassignmentPlan> topics, Map<Integer, BrokerLoad> brokers,
                          int replicaMoves, long bytesToCopy, Bounds bounds, long fewestForCounts,
                          OptionalLong diskLimit, boolean leadersBalanced, Map<Integer, Long> capacity,
                          double maxDiskUse, Map<String, List<Integer>> unequalRacks) {
    public ClusterPlan {
        unequalRacks = Collections.unmodifiableMap(new TreeMap<>(unequalRacks));
        targetBrokers = List.copyOf(targetBrokers);
        capacity = Collections.unmodifiableMap(new TreeMap<>(capacity));
        topics = List.copyOf(topics);
        brokers = Collections.unmodifiableMap(new TreeMap<>(brokers));
        Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(diskLimit, "diskLimit");
        int moves = topics.stream().mapToInt(ReassignmentPlan::replicaMoves).sum();
        if (moves != replicaMoves) throw new IllegalArgumentException("replicaMoves " + replicaMoves + " but " + moves);
    }

    /** Nothing moves anywhere. */
    public boolean isEmpty() {
        return topics.isEmpty();
    }

    /** Every topic's moves, in execution order. */
    public List<PartitionMove> moves() {
        return topics.stream().flatMap(t -> t.moves().stream()).toList();
    }

    public int lowerBound() {
        return bounds.moves();
    }

    public long bytesLowerBound() {
        return bounds.bytes();
    }

    /** Sizes were known, so the disk criterion applies. */
    public boolean sizesKnown() {
        return diskLimit.isPresent();
    }

    /** No broker holds more than the disk limit after the plan (true when sizes are unknown). */
    public boolean diskBalanced() {
        return diskLimit.isEmpty() || brokers.values().stream().allMatch(l -> l.bytesAfter() <= diskLimit.getAsLong());
    }
}
