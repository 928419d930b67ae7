package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.RetentionAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.NoReassignmentInProgressException;

import java.time.Duration;
import java.time.Instant;
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
import java.util.stream.Collectors;

/**
 * {@link ReassignmentAdmin} over the Kafka Admin API, the way {@code kafka-reassign-partitions.sh} does it; the
 * throttles are set by {@link AdminThrottles}, the {@link RetentionAdmin} side is {@link AdminRetention}.
 */
public final class AdminReassignment implements ReassignmentAdmin, RetentionAdmin {
    public static final String LEADER_RATE = "leader.replication.throttled.rate";
    public static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    public static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    public static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";

    /** Longest wait for one broker's log dirs (progress only; see {@link #replicaSizes}). */
    static final Duration LOG_DIRS_TIMEOUT = Duration.ofSeconds(5);

    private final String cluster;
    private final Admin admin;
    private final Duration timeout;
    private final ClusterCalls calls;
    private final AdminThrottles throttles;
    private final AdminRetention retention;

    public AdminReassignment(String cluster, Admin admin, Duration timeout) {
        this.cluster = cluster;
        this.admin = admin;
        this.timeout = timeout;
        this.calls = new ClusterCalls(cluster, admin, timeout, Duration.ofSeconds(2));
        this.throttles = new AdminThrottles(calls);
        this.retention = new AdminRetention(calls, this);
    }

    @Override
    public Set<Integer> liveBrokers() throws AdminException {
        return calls.get("describe cluster", admin.describeCluster().nodes()).stream().filter(n -> !n.isFenced())
                .map(Node::id).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public Set<TopicPartitionRef> inProgress() throws AdminException {
        return calls.get("list reassignments", admin.listPartitionReassignments().reassignments()).keySet().stream()
                .map(AdminReassignment::ref).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public Map<TopicPartitionRef, List<Integer>> inProgressTargets() throws AdminException {
        Map<TopicPartitionRef, List<Integer>> out = new TreeMap<>();
        calls.get("list reassignments", admin.listPartitionReassignments().reassignments()).forEach((tp, r) -> {
            List<Integer> target = new ArrayList<>(r.replicas());
            target.removeAll(r.removingReplicas());
            out.put(ref(tp), List.copyOf(target));
        });
        return out;
    }

    @Override
    public Map<TopicPartitionRef, List<Integer>> replicas(Collection<TopicPartitionRef> partitions)
            throws AdminException {
        Set<String> topics = partitions.stream().map(TopicPartitionRef::topic).collect(Collectors.toSet());
        Map<String, TopicDescription> d = calls.get("describe topics", admin.describeTopics(topics).allTopicNames());
        Map<TopicPartitionRef, List<Integer>> out = new TreeMap<>();
        for (TopicPartitionRef tp : partitions) {
            TopicDescription t = d.get(tp.topic());
            if (t == null || tp.partition() >= t.partitions().size()) continue;
            out.put(tp, t.partitions().get(tp.partition()).replicas().stream().map(Node::id).toList());
        }
        return out;
    }

    @Override
    public Map<TopicPartitionRef, Map<Integer, Long>> replicaSizes(Collection<TopicPartitionRef> partitions)
            throws AdminException {
        Set<Integer> brokers = calls.get("describe cluster", admin.describeCluster().nodes()).stream().map(Node::id)
                .collect(Collectors.toSet());
        Set<TopicPartition> wanted = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .collect(Collectors.toSet());
        // Sizes only feed progress. A broker that was just killed stays registered until its session times out,
        // and asking it would fail the whole call (or stall it for the full timeout): leave out, for this call,
        // any broker that does not answer within LOG_DIRS_TIMEOUT, so that the runner's next liveness check can
        // name the dead broker (and a cancel request is not held up).
        int wait = (int) Math.min(timeout.toMillis(), LOG_DIRS_TIMEOUT.toMillis());
        Map<Integer, KafkaFuture<Map<String, LogDirDescription>>> perBroker = admin.describeLogDirs(brokers,
                new DescribeLogDirsOptions().timeoutMs(wait)).descriptions();
        Map<TopicPartitionRef, Map<Integer, Long>> out = new TreeMap<>();
        AdminException firstFailure = null;
        boolean anyAnswered = false;
        for (Map.Entry<Integer, KafkaFuture<Map<String, LogDirDescription>>> f : perBroker.entrySet()) {
            int broker = f.getKey();
            Map<String, LogDirDescription> byDir;
            try {
                byDir = calls.get("describe log dirs of broker " + broker, f.getValue(), Duration.ofMillis(wait));
            } catch (AdminException e) {
                if (firstFailure == null) firstFailure = e;
                continue;
            }
            anyAnswered = true;
            byDir.values().forEach(dir -> {
                for (Map.Entry<TopicPartition, ReplicaInfo> r : dir.replicaInfos().entrySet()) {
                    if (!wanted.contains(r.getKey())) continue;
                    out.computeIfAbsent(ref(r.getKey()), k -> new TreeMap<>()).merge(broker, r.getValue().size(),
                            Long::sum);
                }
            });
        }
        if (!anyAnswered && firstFailure != null) throw firstFailure;
        return out;
    }

    @Override
    public void setBrokerThrottle(Set<Integer> brokers, OptionalLong rate) throws AdminException {
        throttles.setBrokerThrottle(brokers, rate);
    }

    @Override
    public void setTopicThrottledReplicas(String topic, List<String> leaderReplicas, List<String> followerReplicas)
            throws AdminException {
        throttles.setTopicThrottledReplicas(topic, leaderReplicas, followerReplicas);
    }

    @Override
    public Map<String, String> brokerThrottle(int broker) throws AdminException {
        return throttles.brokerThrottle(broker);
    }

    @Override
    public Map<String, String> topicThrottle(String topic) throws AdminException {
        return throttles.topicThrottle(topic);
    }

    @Override
    public void startMoves(Map<TopicPartitionRef, List<Integer>> targets) throws AdminException {
        Map<TopicPartition, Optional<NewPartitionReassignment>> m = new HashMap<>();
        targets.forEach((tp, to) -> m.put(new TopicPartition(tp.topic(), tp.partition()),
                Optional.of(new NewPartitionReassignment(to))));
        calls.get("start reassignment", admin.alterPartitionReassignments(m).all());
    }

    @Override
    public void cancelMoves(Collection<TopicPartitionRef> partitions) throws AdminException {
        if (partitions.isEmpty()) return;
        Map<TopicPartition, Optional<NewPartitionReassignment>> m = new HashMap<>();
        partitions.forEach(tp -> m.put(new TopicPartition(tp.topic(), tp.partition()), Optional.empty()));
        try {
            admin.alterPartitionReassignments(m).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // NoReassignmentInProgress for partitions that finished meanwhile is fine
            if (!(e.getCause() instanceof NoReassignmentInProgressException)) {
                throw new AdminException(KafkaErrors.describe(cluster, "", timeout, e), e);
            }
        } catch (Exception e) {
            throw new AdminException("cancel reassignment on " + cluster + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void electPreferredLeaders(Collection<TopicPartitionRef> partitions) throws AdminException {
        if (partitions.isEmpty()) return;
        Set<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                .collect(Collectors.toSet());
        var result = calls.get("elect leaders", admin.electLeaders(ElectionType.PREFERRED, tps).partitions());
        for (var e : result.entrySet()) {
            if (e.getValue().isPresent() && !(e.getValue().get() instanceof ElectionNotNeededException)) {
                throw new AdminException("Preferred leader election for " + ref(e.getKey()) + " failed: "
                        + e.getValue().get().getMessage(), e.getValue().get());
            }
        }
    }

    @Override
    public Retention retention(String topic) throws AdminException {
        return retention.retention(topic);
    }

    @Override
    public void setRetention(String topic, Optional<String> value) throws AdminException {
        retention.setRetention(topic, value);
    }

    @Override
    public Map<TopicPartitionRef, Offsets> offsets(String topic, Instant cutoff) throws AdminException {
        return retention.offsets(topic, cutoff);
    }

    @Override
    public Map<TopicPartitionRef, Long> partitionSizes(String topic) throws AdminException {
        return retention.partitionSizes(topic);
    }

    @Override
    public long totalReplicaBytes(String topic) throws AdminException {
        return retention.totalReplicaBytes(topic);
    }

    @Override
    public OptionalLong retentionCheckIntervalMs() throws AdminException {
        return retention.retentionCheckIntervalMs();
    }

    static TopicPartitionRef ref(TopicPartition tp) {
        return new TopicPartitionRef(tp.topic(), tp.partition());
    }
}
