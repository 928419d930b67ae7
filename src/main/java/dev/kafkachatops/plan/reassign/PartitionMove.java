package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * One partition's change of replica list. A change of order only (a new preferred leader) copies no data.
 *
 * @param bytes the data copied: partition size times the number of new replicas
 */
public record PartitionMove(TopicPartitionRef tp, List<Integer> from, List<Integer> to, long bytes) {
    public PartitionMove {
        Objects.requireNonNull(tp, "tp");
        from = List.copyOf(from);
        to = List.copyOf(to);
        if (from.isEmpty() || to.isEmpty()) throw new IllegalArgumentException(tp + ": empty replica list");
        if (new HashSet<>(to).size() != to.size()) {
            throw new IllegalArgumentException(tp + ": broker listed twice in " + to);
        }
        if (from.equals(to)) throw new IllegalArgumentException(tp + ": not a move, " + from + " unchanged");
        if (bytes < 0) throw new IllegalArgumentException(tp + ": negative bytes");
    }

    /** Brokers that receive a new replica. */
    public List<Integer> added() {
        return to.stream().filter(b -> !from.contains(b)).toList();
    }

    /** Brokers whose replica is deleted. */
    public List<Integer> removed() {
        return from.stream().filter(b -> !to.contains(b)).toList();
    }

    /** Every broker that takes part in the move (sends, receives or keeps a replica). */
    public java.util.SortedSet<Integer> brokers() {
        var s = new java.util.TreeSet<Integer>(from);
        s.addAll(to);
        return s;
    }

    public boolean leaderChanged() {
        return !from.get(0).equals(to.get(0));
    }

    /** True when only the order changes (no data is copied). */
    public boolean reorderOnly() {
        return added().isEmpty() && removed().isEmpty();
    }
}
