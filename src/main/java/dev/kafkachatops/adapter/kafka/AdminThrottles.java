package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import static dev.kafkachatops.adapter.kafka.AdminReassignment.FOLLOWER_RATE;
import static dev.kafkachatops.adapter.kafka.AdminReassignment.FOLLOWER_REPLICAS;
import static dev.kafkachatops.adapter.kafka.AdminReassignment.LEADER_RATE;
import static dev.kafkachatops.adapter.kafka.AdminReassignment.LEADER_REPLICAS;

/**
 * The replication throttles of a reassignment, as dynamic configs: the brokers' throttled rates and the topics'
 * throttled replica lists, set, removed and read back (only values set dynamically count).
 */
record AdminThrottles(ClusterCalls calls) {

    void setBrokerThrottle(Set<Integer> brokers, OptionalLong rate) throws AdminException {
        if (brokers.isEmpty()) return;
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        for (int b : brokers) {
            ops.put(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(b)), List.of(
                    op(LEADER_RATE, rate.isPresent() ? Optional.of(String.valueOf(rate.getAsLong())) : Optional.empty()),
                    op(FOLLOWER_RATE, rate.isPresent() ? Optional.of(String.valueOf(rate.getAsLong())) : Optional.empty())));
        }
        calls.get("set broker throttle", calls.admin().incrementalAlterConfigs(ops).all());
    }

    void setTopicThrottledReplicas(String topic, List<String> leaderReplicas, List<String> followerReplicas)
            throws AdminException {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        var ops = List.of(op(LEADER_REPLICAS, leaderReplicas.isEmpty() ? Optional.empty()
                        : Optional.of(String.join(",", leaderReplicas))),
                op(FOLLOWER_REPLICAS, followerReplicas.isEmpty() ? Optional.empty()
                        : Optional.of(String.join(",", followerReplicas))));
        calls.get("set topic throttle", calls.admin().incrementalAlterConfigs(Map.of(resource, ops)).all());
    }

    /** Sets {@code key} to the value, or with none deletes it. */
    static AlterConfigOp op(String key, Optional<String> value) {
        return value.map(v -> new AlterConfigOp(new ConfigEntry(key, v), AlterConfigOp.OpType.SET))
                .orElseGet(() -> new AlterConfigOp(new ConfigEntry(key, ""), AlterConfigOp.OpType.DELETE));
    }

    Map<String, String> brokerThrottle(int broker) throws AdminException {
        return throttleKeys(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(broker)),
                Set.of(LEADER_RATE, FOLLOWER_RATE));
    }

    Map<String, String> topicThrottle(String topic) throws AdminException {
        return throttleKeys(new ConfigResource(ConfigResource.Type.TOPIC, topic), Set.of(LEADER_REPLICAS,
                FOLLOWER_REPLICAS));
    }

    /** Only values set dynamically on that resource (not defaults or static broker config). */
    private Map<String, String> throttleKeys(ConfigResource r, Set<String> keys) throws AdminException {
        Config c = calls.get("describe configs", calls.admin().describeConfigs(List.of(r)).all()).get(r);
        Map<String, String> out = new TreeMap<>();
        if (c == null) return out;
        for (ConfigEntry e : c.entries()) {
            boolean dynamic = e.source() == ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG
                    || e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG;
            if (keys.contains(e.name()) && dynamic && e.value() != null && !e.value().isEmpty()) {
                out.put(e.name(), e.value());
            }
        }
        return out;
    }
}
