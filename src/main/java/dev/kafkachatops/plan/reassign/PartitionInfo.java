package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One partition's replica assignment and health.
 *
 * @param tp        the partition
 * @param replicas  the replica list; its first element is the preferred leader
 * @param leader    the current leader (one of the replicas), empty when the partition is offline
 * @param isr       the in-sync replicas, a subset of {@code replicas}
 * @param sizeBytes the size of the largest replica (from describeLogDirs), 0 when unknown
 */
public record PartitionInfo(TopicPartitionRef tp, List<Integer> replicas, Optional<Integer> leader, List<Integer> isr,
                            long sizeBytes) {
    public PartitionInfo {
        Objects.requireNonNull(tp, "tp");
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
        Objects.requireNonNull(leader, "leader");
        if (replicas.isEmpty()) throw new IllegalArgumentException(tp + " has no replicas");
        if (new HashSet<>(replicas).size() != replicas.size()) {
            throw new IllegalArgumentException(tp + " lists a broker twice in its replicas " + replicas);
        }
        if (new HashSet<>(isr).size() != isr.size()) {
            throw new IllegalArgumentException(tp + " lists a broker twice in its ISR " + isr);
        }
        if (!replicas.containsAll(isr)) {
            throw new IllegalArgumentException(tp + " has ISR " + isr + " that is not a subset of its replicas "
                    + replicas);
        }
        if (leader.isPresent() && !replicas.contains(leader.get())) {
            throw new IllegalArgumentException(tp + " has leader " + leader.get() + " outside its replicas " + replicas);
        }
        if (sizeBytes < 0) throw new IllegalArgumentException(tp + " has a negative size");
    }

    /** A healthy partition: leader = first replica, every replica in sync. */
    public static PartitionInfo healthy(TopicPartitionRef tp, List<Integer> replicas, long sizeBytes) {
        return new PartitionInfo(tp, replicas, Optional.of(replicas.get(0)), replicas, sizeBytes);
    }

    public int replicationFactor() {
        return replicas.size();
    }

    public boolean offline() {
        return leader.isEmpty();
    }

    public boolean underReplicated() {
        return isr.size() < replicas.size();
    }
}
