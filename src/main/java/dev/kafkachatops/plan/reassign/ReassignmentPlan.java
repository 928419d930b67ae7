package dev.kafkachatops.plan.reassign;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The reassignment of one topic: what moves, what it costs, and what to watch.
 *
 * @param topic               the topic
 * @param targetBrokers       the brokers the topic should live on, ascending
 * @param moves               partitions whose replica list changes (data moves and reorders), by partition
 * @param replicaMoves        new replicas to create, i.e. (partition, broker) pairs added
 * @param lowerBound          fewest replica moves any balanced assignment needs (see {@link RebalancePlanner})
 * @param leaderChanges       partitions whose preferred leader (first replica) changes
 * @param bytesToCopy         the sum of {@link PartitionMove#bytes()}
 * @param brokers             per broker (target brokers and current holders), the topic's load before and after
 * @param throttleBytesPerSec the replication throttle the estimate assumes, if one was given
 * @param estimated           how long the moves should take (see {@link RebalancePlanner})
 * @param risks               findings a person should read before approving
 */
public record ReassignmentPlan(String topic, List<Integer> targetBrokers, List<PartitionMove> moves, int replicaMoves,
                               int lowerBound, int leaderChanges, long bytesToCopy, Map<Integer, BrokerLoad> brokers,
                               OptionalLong throttleBytesPerSec, Duration estimated, List<Risk> risks) {
    public ReassignmentPlan {
        Objects.requireNonNull(topic, "topic");
        targetBrokers = List.copyOf(targetBrokers);
        moves = List.copyOf(moves);
        brokers = Collections.unmodifiableMap(new TreeMap<>(brokers));
        Objects.requireNonNull(throttleBytesPerSec, "throttleBytesPerSec");
        Objects.requireNonNull(estimated, "estimated");
        risks = List.copyOf(risks);
        int added = moves.stream().mapToInt(m -> m.added().size()).sum();
        if (added != replicaMoves) {
            throw new IllegalArgumentException("replicaMoves " + replicaMoves + " but moves add " + added);
        }
        long bytes = moves.stream().mapToLong(PartitionMove::bytes).sum();
        if (bytes != bytesToCopy) throw new IllegalArgumentException("bytesToCopy " + bytesToCopy + " but " + bytes);
        if (lowerBound < 0 || leaderChanges < 0) throw new IllegalArgumentException("negative count");
    }

    /** Nothing to do: every partition already has its planned replica list. */
    public boolean isEmpty() {
        return moves.isEmpty();
    }

    /** Partitions whose data moves (at least one new replica). */
    public long dataMoves() {
        return moves.stream().filter(m -> !m.reorderOnly()).count();
    }
}
