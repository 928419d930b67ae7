package dev.kafkachatops.run.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.RetentionAdmin;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * How much a shorter {@code retention.ms} deletes. Per partition, the share of its records older than the cutoff
 * is {@code (offsetAtCutoff - earliest) / (latest - earliest)} (no offset at the cutoff: every record is older),
 * times the partition's size (its largest replica). This is an UPPER bound: Kafka deletes whole closed segments
 * only (a segment goes when its newest record is older than the cutoff; the active segment is never deleted), so
 * old records sharing a segment with newer ones, or sitting in the active segment, stay until later.
 */
public record RetentionEstimate(long deletedBytes, long totalBytes, Map<TopicPartitionRef, Double> fractions) {

    /** Share of a partition's records older than the cutoff, in [0, 1]. */
    public static double fraction(long earliest, long latest, OptionalLong atCutoff) {
        if (latest <= earliest) return 0;
        if (atCutoff.isEmpty() || atCutoff.getAsLong() < 0) return 1;
        long cut = Math.max(earliest, Math.min(latest, atCutoff.getAsLong()));
        return (double) (cut - earliest) / (latest - earliest);
    }

    public static RetentionEstimate of(Map<TopicPartitionRef, RetentionAdmin.Offsets> offsets,
                                       Map<TopicPartitionRef, Long> sizes) {
        Map<TopicPartitionRef, Double> fractions = new TreeMap<>();
        long deleted = 0;
        long total = 0;
        for (var e : offsets.entrySet()) {
            RetentionAdmin.Offsets o = e.getValue();
            double f = fraction(o.earliest(), o.latest(), o.atCutoff());
            long size = sizes.getOrDefault(e.getKey(), 0L);
            fractions.put(e.getKey(), f);
            deleted += Math.round(f * size);
            total += size;
        }
        return new RetentionEstimate(deleted, total, fractions);
    }

    /** Bytes a move copies once the old data is gone (its planned bytes times the share that stays). */
    public long remaining(TopicPartitionRef tp, long plannedBytes) {
        return Math.round(plannedBytes * (1 - fractions.getOrDefault(tp, 0.0)));
    }
}
