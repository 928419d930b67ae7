package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.AssignmentSource;
import dev.kafkachatops.plan.reassign.BrokerInfo;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.PartitionInfo;
import dev.kafkachatops.plan.reassign.PlanningException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the planner's snapshot through the Admin API: brokers with racks, liveness (fenced or missing =
 * not alive) and free disk space (describeLogDirs), the partitions of one topic (or of every non-internal
 * topic when {@code topic} is null) with their largest replica size, and the topics' configs.
 */
public final class AdminAssignmentSource implements AssignmentSource {
    private final String cluster;
    private final Admin admin;
    private final Duration timeout;

    public AdminAssignmentSource(String cluster, Admin admin, Duration timeout) {
        this.cluster = cluster;
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public ClusterAssignment read(String topic) {
        try {
            Collection<Node> nodes = nodes();
            Set<String> topics = new TreeSet<>();
            if (topic != null) {
                topics.add(topic);
            } else {
                topics.addAll(get(admin.listTopics(new ListTopicsOptions().listInternal(false)).names()));
            }
            Map<String, TopicDescription> described;
            try {
                described = topics.isEmpty() ? Map.of() : get(admin.describeTopics(topics).allTopicNames());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new PlanningException("Topic `" + topic + "` does not exist in cluster " + cluster + ".");
                }
                throw e;
            }
            Map<Integer, BrokerInfo> brokers = new TreeMap<>();
            Set<Integer> ids = new TreeSet<>();
            nodes.forEach(n -> ids.add(n.id()));
            Map<Integer, Map<String, LogDirDescription>> dirs = get(admin.describeLogDirs(ids).allDescriptions());
            Map<TopicPartition, Long> sizes = new HashMap<>();
            Map<Integer, Long> free = new HashMap<>();
            Map<Integer, Long> total = new HashMap<>();
            dirs.forEach((broker, byDir) -> byDir.values().forEach(d -> {
                d.replicaInfos().forEach((tp, info) -> sizes.merge(tp, info.size(), Math::max));
                d.usableBytes().ifPresent(u -> free.merge(broker, u, Long::sum));
                d.totalBytes().ifPresent(u -> total.merge(broker, u, Long::sum));
            }));
            for (Node n : nodes) {
                brokers.put(n.id(), new BrokerInfo(n.id(), Optional.ofNullable(n.rack()), !n.isFenced(),
                        known(free, n.id()), known(total, n.id()).stream().filter(t -> t > 0).findFirst()));
            }
            List<PartitionInfo> partitions = new ArrayList<>();
            for (TopicDescription t : described.values()) {
                for (TopicPartitionInfo p : t.partitions()) {
                    List<Integer> replicas = p.replicas().stream().map(Node::id).toList();
                    replicas.forEach(r -> brokers.putIfAbsent(r, new BrokerInfo(r, Optional.empty(), false,
                            OptionalLong.empty())));
                    List<Integer> isr = p.isr().stream().map(Node::id).filter(replicas::contains).toList();
                    Optional<Integer> leader = p.leader() == null || p.leader().isEmpty() ? Optional.empty()
                            : Optional.of(p.leader().id()).filter(isr::contains);
                    partitions.add(new PartitionInfo(new TopicPartitionRef(t.name(), p.partition()), replicas, leader,
                            isr, sizes.getOrDefault(new TopicPartition(t.name(), p.partition()), 0L)));
                }
            }
            return new ClusterAssignment(List.copyOf(brokers.values()), partitions, configs(topics));
        } catch (ExecutionException | RuntimeException e) {
            if (e instanceof PlanningException pe) throw pe;
            KafkaErrors.failed(cluster, e);
            throw new PlanningException(KafkaErrors.describe(cluster, cluster, timeout, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanningException("Interrupted while reading cluster " + cluster);
        }
    }

    private static OptionalLong known(Map<Integer, Long> bytes, int broker) {
        return bytes.containsKey(broker) ? OptionalLong.of(bytes.get(broker)) : OptionalLong.empty();
    }

    private Collection<Node> nodes() throws ExecutionException, InterruptedException {
        return get(AdminClients.describeCluster(admin, (int) timeout.toMillis()).nodes());
    }

    private Map<String, Map<String, String>> configs(Set<String> topics) throws ExecutionException,
            InterruptedException {
        if (topics.isEmpty()) return Map.of();
        var resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> all = get(admin.describeConfigs(resources).all());
        Map<String, Map<String, String>> out = new TreeMap<>();
        all.forEach((r, c) -> {
            Map<String, String> m = new TreeMap<>();
            for (ConfigEntry e : c.entries()) if (e.value() != null) m.put(e.name(), e.value());
            out.put(r.name(), m);
        });
        return out;
    }

    private <T> T get(KafkaFuture<T> f) throws ExecutionException, InterruptedException {
        try {
            return f.get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ExecutionException(new org.apache.kafka.common.errors.TimeoutException("no answer in " + timeout));
        }
    }
}
