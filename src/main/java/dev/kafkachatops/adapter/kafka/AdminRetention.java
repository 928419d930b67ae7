package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.RetentionAdmin.Offsets;
import dev.kafkachatops.port.RetentionAdmin.Retention;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import static dev.kafkachatops.port.RetentionAdmin.RETENTION_MS;

/**
 * The retention side of {@link AdminReassignment}: a topic's {@code retention.ms} (read and set), its offsets
 * around a cutoff, its partition and replica sizes, and the brokers' retention check interval; {@code brokers}
 * answers for the live brokers and the replica sizes.
 */
record AdminRetention(ClusterCalls calls, AdminReassignment brokers) {

    Retention retention(String topic) throws AdminException {
        var r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config c = calls.get("describe configs of " + topic, calls.admin().describeConfigs(List.of(r)).all()).get(r);
        ConfigEntry e = c == null ? null : c.get(RETENTION_MS);
        if (e == null) {
            throw new AdminException("topic " + topic + " on " + calls.cluster() + " has no " + RETENTION_MS, null);
        }
        Optional<String> own = e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                ? Optional.ofNullable(e.value()) : Optional.empty();
        long effective;
        try {
            effective = Long.parseLong(e.value());
        } catch (NumberFormatException | NullPointerException ex) {
            throw new AdminException("topic " + topic + " has an unreadable " + RETENTION_MS + ": " + e.value(), ex);
        }
        return new Retention(own, effective);
    }

    void setRetention(String topic, Optional<String> value) throws AdminException {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        calls.get((value.isPresent() ? "set " : "delete ") + RETENTION_MS + " of " + topic, calls.admin()
                .incrementalAlterConfigs(Map.of(resource, List.of(AdminThrottles.op(RETENTION_MS, value)))).all());
    }

    Map<TopicPartitionRef, Offsets> offsets(String topic, Instant cutoff) throws AdminException {
        List<TopicPartition> tps = partitionsOf(topic);
        Map<TopicPartition, ListOffsetsResultInfo> earliest = listOffsets(tps, OffsetSpec.earliest());
        var latest = listOffsets(tps, OffsetSpec.latest());
        var atCutoff = listOffsets(tps, OffsetSpec.forTimestamp(cutoff.toEpochMilli()));
        Map<TopicPartitionRef, Offsets> out = new TreeMap<>();
        for (TopicPartition tp : tps) {
            var c = atCutoff.get(tp);
            long at = c == null ? -1 : c.offset();
            out.put(AdminReassignment.ref(tp), new Offsets(earliest.get(tp).offset(), latest.get(tp).offset(),
                    at < 0 ? OptionalLong.empty() : OptionalLong.of(at)));
        }
        return out;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> listOffsets(List<TopicPartition> tps, OffsetSpec spec)
            throws AdminException {
        Map<TopicPartition, OffsetSpec> req = new HashMap<>();
        tps.forEach(tp -> req.put(tp, spec));
        return calls.get("list offsets", calls.admin().listOffsets(req).all());
    }

    private List<TopicPartition> partitionsOf(String topic) throws AdminException {
        TopicDescription d = calls.get("describe topic " + topic,
                calls.admin().describeTopics(List.of(topic)).allTopicNames()).get(topic);
        return d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    Map<TopicPartitionRef, Long> partitionSizes(String topic) throws AdminException {
        var refs = partitionsOf(topic).stream().map(AdminReassignment::ref).toList();
        Map<TopicPartitionRef, Long> out = new TreeMap<>();
        brokers.replicaSizes(refs).forEach((tp, perBroker) -> out.put(tp,
                perBroker.values().stream().mapToLong(Long::longValue).max().orElse(0)));
        for (TopicPartitionRef tp : refs) out.putIfAbsent(tp, 0L);
        return out;
    }

    long totalReplicaBytes(String topic) throws AdminException {
        var refs = partitionsOf(topic).stream().map(AdminReassignment::ref).toList();
        return brokers.replicaSizes(refs).values().stream().flatMap(m -> m.values().stream())
                .mapToLong(Long::longValue).sum();
    }

    OptionalLong retentionCheckIntervalMs() throws AdminException {
        long max = -1;
        for (int b : brokers.liveBrokers()) {
            var r = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(b));
            Config c = calls.get("describe configs of broker " + b, calls.admin().describeConfigs(List.of(r)).all())
                    .get(r);
            ConfigEntry e = c == null ? null : c.get("log.retention.check.interval.ms");
            if (e == null || e.value() == null) continue;
            try {
                max = Math.max(max, Long.parseLong(e.value()));
            } catch (NumberFormatException ignored) {
                // left unknown
            }
        }
        return max < 0 ? OptionalLong.empty() : OptionalLong.of(max);
    }
}
