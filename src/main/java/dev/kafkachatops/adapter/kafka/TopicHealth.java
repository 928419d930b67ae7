package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.UpgradeAdmin;
import dev.kafkachatops.port.UpgradeAdmin.TopicSettings;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The upgrade gates that read every topic (internal ones included): replication settings, the partitions a stopped
 * broker would leave below {@code min.insync.replicas}, and the under-replicated and offline counts.
 */
record TopicHealth(ClusterCalls calls) {

    Map<String, TopicDescription> topics() throws AdminException {
        Set<String> names = topicNames();
        return names.isEmpty() ? Map.of() : calls.get("describe topics",
                calls.admin().describeTopics(names).allTopicNames());
    }

    private Set<String> topicNames() throws AdminException {
        return calls.get("list topics", calls.admin().listTopics(new ListTopicsOptions().listInternal(true)).names());
    }

    /** Every topic's description and configuration, both asked at once. */
    private record Described(Map<String, TopicDescription> topics, Map<ConfigResource, Config> configs) {
    }

    /** The listing and the descriptions, read again while a listed topic is unknown ({@link UnknownTopicRetry}). */
    private Described describeWithConfigs() throws AdminException {
        return UnknownTopicRetry.read(this::describeOnce);
    }

    private Described describeOnce() throws AdminException {
        Set<String> names = topicNames();
        if (names.isEmpty()) return new Described(Map.of(), Map.of());
        KafkaFuture<Map<String, TopicDescription>> described = calls.admin().describeTopics(names).allTopicNames();
        KafkaFuture<Map<ConfigResource, Config>> configs = calls.admin().describeConfigs(names.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all();
        return new Described(calls.get("describe topics", described), calls.get("describe topic configs", configs));
    }

    List<TopicSettings> topicSettings() throws AdminException {
        Described d = describeWithConfigs();
        Map<ConfigResource, Config> configs = d.configs();
        List<TopicSettings> out = new ArrayList<>();
        for (TopicDescription t : d.topics().values()) {
            Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name()));
            int minIsr = value(c, "min.insync.replicas").map(Integer::parseInt).orElse(1);
            boolean unclean = value(c, "unclean.leader.election.enable").map(Boolean::parseBoolean).orElse(false);
            int rf = t.partitions().isEmpty() ? 0 : t.partitions().get(0).replicas().size();
            out.add(new TopicSettings(t.name(), rf, minIsr, unclean));
        }
        out.sort(Comparator.comparing(TopicSettings::name));
        return out;
    }

    private static Optional<String> value(Config c, String key) {
        if (c == null || c.get(key) == null) return Optional.empty();
        return Optional.ofNullable(c.get(key).value());
    }

    List<String> wouldFallBelowMinIsr(int node) throws AdminException {
        Described d = describeWithConfigs();
        return belowMinIsr(node, d.topics(), minIsr(d.configs()));
    }

    /** Every partition's replicas, ISR and its topic's min.insync.replicas. */
    List<UpgradeAdmin.Placement> placements() throws AdminException {
        Described d = describeWithConfigs();
        Map<String, Integer> min = minIsr(d.configs());
        List<UpgradeAdmin.Placement> out = new ArrayList<>();
        for (TopicDescription t : d.topics().values()) {
            for (TopicPartitionInfo p : t.partitions()) {
                out.add(new UpgradeAdmin.Placement(t.name() + "-" + p.partition(),
                        p.replicas().stream().map(Node::id).toList(),
                        p.isr().stream().map(Node::id).toList(),
                        min.getOrDefault(t.name(), 1)));
            }
        }
        out.sort(Comparator.comparing(UpgradeAdmin.Placement::partition));
        return out;
    }

    private static Map<String, Integer> minIsr(Map<ConfigResource, Config> configs) {
        Map<String, Integer> out = new HashMap<>();
        configs.forEach((r, c) -> out.put(r.name(), value(c, "min.insync.replicas").map(Integer::parseInt)
                .orElse(1)));
        return out;
    }

    private static List<String> belowMinIsr(int node, Map<String, TopicDescription> topics,
                                            Map<String, Integer> minIsr) {
        List<String> out = new ArrayList<>();
        for (TopicDescription t : topics.values()) {
            int min = minIsr.getOrDefault(t.name(), 1);
            for (TopicPartitionInfo p : t.partitions()) {
                boolean inIsr = p.isr().stream().anyMatch(n -> n.id() == node);
                if (inIsr && p.isr().size() - 1 < min) out.add(t.name() + "-" + p.partition());
            }
        }
        return out;
    }

    static int underReplicated(Map<String, TopicDescription> topics) {
        int n = 0;
        for (TopicDescription t : topics.values()) {
            for (TopicPartitionInfo p : t.partitions()) if (p.isr().size() < p.replicas().size()) n++;
        }
        return n;
    }

    static int offline(Map<String, TopicDescription> topics) {
        int n = 0;
        for (TopicDescription t : topics.values()) {
            for (TopicPartitionInfo p : t.partitions()) if (p.leader() == null || p.leader().id() < 0) n++;
        }
        return n;
    }
}
