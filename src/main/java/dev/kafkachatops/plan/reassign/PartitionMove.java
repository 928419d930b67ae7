package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.util.List;
import java.util.Objects;

/** One partition's replica list changing from {@code from} to {@code to}; {@code bytes} is the data to copy. */
public record PartitionMove(TopicPartitionRef tp, List<Integer> from, List<Integer> to, long bytes) {
    public PartitionMove {
        Objects.requireNonNull(tp);
        from = List.copyOf(from);
        to = List.copyOf(to);
        if (bytes < 0) throw new IllegalArgumentException("bytes must be >= 0");
        if (to.isEmpty()) throw new IllegalArgumentException("target replicas of " + tp + " are empty");
        if (to.stream().distinct().count() != to.size()) {
            throw new IllegalArgumentException("target replicas of " + tp + " repeat a broker: " + to);
        }
    }

    /** Brokers that receive a new replica. */
    public List<Integer> added() {
        return to.stream().filter(b -> !from.contains(b)).toList();
    }

    /** Brokers that lose their replica. */
    public List<Integer> removed() {
        return from.stream().filter(b -> !to.contains(b)).toList();
    }

    /** Every broker that takes part in the move (sends, receives or stays). */
    public java.util.Set<Integer> brokers() {
        var s = new java.util.TreeSet<Integer>(from);
        s.addAll(to);
        return s;
    }
}
