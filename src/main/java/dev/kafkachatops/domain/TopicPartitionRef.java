package dev.kafkachatops.domain;

import java.util.Objects;

/** A partition of a topic, rendered the way Kafka's tools print it ({@code orders-3}). */
public record TopicPartitionRef(String topic, int partition) implements Comparable<TopicPartitionRef> {
    public TopicPartitionRef {
        Objects.requireNonNull(topic);
        if (partition < 0) throw new IllegalArgumentException("partition must be >= 0");
    }

    @Override
    public int compareTo(TopicPartitionRef o) {
        int c = topic.compareTo(o.topic);
        return c != 0 ? c : Integer.compare(partition, o.partition);
    }

    @Override
    public String toString() {
        return topic + "-" + partition;
    }
}
