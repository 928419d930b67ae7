package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** One entry of a reassignment JSON file: a partition and its replica list (preferred leader first). */
public record PartitionReplicas(TopicPartitionRef tp, List<Integer> replicas) {
    public PartitionReplicas {
        Objects.requireNonNull(tp, "tp");
        replicas = List.copyOf(replicas);
        if (replicas.isEmpty()) throw new IllegalArgumentException(tp + ": empty replica list");
        if (new HashSet<>(replicas).size() != replicas.size()) {
            throw new IllegalArgumentException(tp + ": broker listed twice in " + replicas);
        }
    }
}
