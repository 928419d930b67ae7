package dev.kafkachatops.port;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** What {@code shrink-retention=} needs from a cluster: a topic's {@code retention.ms} and its offsets by time. */
public interface RetentionAdmin {
    String RETENTION_MS = "retention.ms";

    /**
     * The topic's retention: {@code topicValue} is what is set on the topic itself (dynamic topic config), empty
     * when the topic inherits the broker default; {@code effectiveMs} is what applies (-1 = unlimited).
     */
    record Retention(Optional<String> topicValue, long effectiveMs) {
    }

    Retention retention(String topic) throws AdminException;

    /** Sets {@code retention.ms} on the topic, or with {@code value} empty deletes it (back to the broker default). */
    void setRetention(String topic, Optional<String> value) throws AdminException;

    /**
     * Per partition: earliest and latest offset, and the first offset whose timestamp is at or after
     * {@code cutoff} (empty when every record is older).
     */
    record Offsets(long earliest, long latest, OptionalLong atCutoff) {
    }

    Map<TopicPartitionRef, Offsets> offsets(String topic, Instant cutoff) throws AdminException;

    /** Per partition of the topic: the size of its largest replica in bytes. */
    Map<TopicPartitionRef, Long> partitionSizes(String topic) throws AdminException;

    /** The sizes of all replicas of the topic's partitions, summed (to watch deletion on every broker). */
    long totalReplicaBytes(String topic) throws AdminException;

    /** The brokers' {@code log.retention.check.interval.ms} (the largest one found), or empty if unknown. */
    OptionalLong retentionCheckIntervalMs() throws AdminException;
}
