package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.ReassignmentAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ElectionNotNeededException;

import java.time.Duration;
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

/** {@link ReassignmentAdmin} over the Kafka Admin API, the way {@code kafka-reassign-partitions.sh} does it. */
public final class AdminReassignment implements ReassignmentAdmin, dev.kafkachatops.port.RetentionAdmin {
    public static final String LEADER_RATE = "leader.replication.throttled.rate";
    public static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    public static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    public static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";

    /** Longest wait for one broker's log dirs (progress only; see {@link #replicaSizes}). */
    static final Duration LOG_DIRS_TIMEOUT = Duration.ofSeconds(5);

    private final String cluster;
    private final Admin admin;
    private final Duration timeout;

    public AdminReassignment(String cluster, Admin admin, Duration timeout) {
        this.cluster = cluster;
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public Set<Integer> liveBrokers() throws AdminException {
        return get("describe cluster", admin.describeCluster().nodes()).stream().filter(n -> !n.isFenced())
                .map(Node::id).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public Set<TopicPartitionRef> inProgress() throws AdminException {
        return get("list reassignments", admin.listPartitionReassignments().reassignments()).keySet().stream()
                .map(AdminReassignment::ref).collect(Collectors.toCollection(TreeSet::new));
    }

    @Override
    public Map<TopicPartitionRef, List<Integer>> inProgressTargets() throws AdminException {
        Map<TopicPartitionRef, List<Integer>> out = new TreeMap<>();
        get("list reassignments", admin.listPartitionReassignments().reassignments()).forEach((tp, r) -> {
            List<Integer> target = new java.util.ArrayList<>(r.replicas());
            target.removeAll(r.removingReplicas());
            out.put(ref(tp), List.copyOf(target));
        });
        return out;
    }

    @Override
    public Map<TopicPartitionRef, List<Integer>> replicas(Collection<TopicPartitionRef> partitions)
            throws AdminException {
        Set<String> topics = partitions.stream().map(TopicPartitionRef::topic).collect(Collectors.toSet());
        Map<String, TopicDescription> d = get("describe topics", admin.describeTopics(topics).allTopicNames());
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
        Set<Integer> brokers = get("describe cluster", admin.describeCluster().nodes()).stream().map(Node::id)
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
                byDir = get("describe log dirs of broker " + broker, f.getValue(), Duration.ofMillis(wait));
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
        if (brokers.isEmpty()) return;
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        for (int b : brokers) {
            ops.put(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(b)), List.of(
                    op(LEADER_RATE, rate.isPresent() ? Optional.of(String.valueOf(rate.getAsLong())) : Optional.empty()),
                    op(FOLLOWER_RATE, rate.isPresent() ? Optional.of(String.valueOf(rate.getAsLong())) : Optional.empty())));
        }
        get("set broker throttle", admin.incrementalAlterConfigs(ops).all());
    }

    @Override
    public void setTopicThrottledReplicas(String topic, List<String> leaderReplicas, List<String> followerReplicas)
            throws AdminException {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        var ops = List.of(op(LEADER_REPLICAS, leaderReplicas.isEmpty() ? Optional.empty()
                        : Optional.of(String.join(",", leaderReplicas))),
                op(FOLLOWER_REPLICAS, followerReplicas.isEmpty() ? Optional.empty()
                        : Optional.of(String.join(",", followerReplicas))));
        get("set topic throttle", admin.incrementalAlterConfigs(Map.of(resource, ops)).all());
    }

    private static AlterConfigOp op(String key, Optional<String> value) {
        return value.map(v -> new AlterConfigOp(new ConfigEntry(key, v), AlterConfigOp.OpType.SET))
                .orElseGet(() -> new AlterConfigOp(new ConfigEntry(key, ""), AlterConfigOp.OpType.DELETE));
    }

    @Override
    public Map<String, String> brokerThrottle(int broker) throws AdminException {
        return throttleKeys(new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(broker)),
                Set.of(LEADER_RATE, FOLLOWER_RATE));
    }

    @Override
    public Map<String, String> topicThrottle(String topic) throws AdminException {
        return throttleKeys(new ConfigResource(ConfigResource.Type.TOPIC, topic), Set.of(LEADER_REPLICAS,
                FOLLOWER_REPLICAS));
    }

    /** Only values set dynamically on that resource (not defaults or static broker config). */
    private Map<String, String> throttleKeys(ConfigResource r, Set<String> keys) throws AdminException {
        Config c = get("describe configs", admin.describeConfigs(List.of(r)).all()).get(r);
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

    @Override
    public void startMoves(Map<TopicPartitionRef, List<Integer>> targets) throws AdminException {
        Map<TopicPartition, Optional<NewPartitionReassignment>> m = new HashMap<>();
        targets.forEach((tp, to) -> m.put(new TopicPartition(tp.topic(), tp.partition()),
                Optional.of(new NewPartitionReassignment(to))));
        get("start reassignment", admin.alterPartitionReassignments(m).all());
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
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.NoReassignmentInProgressException)) {
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
        var result = get("elect leaders", admin.electLeaders(ElectionType.PREFERRED, tps).partitions());
        for (var e : result.entrySet()) {
            if (e.getValue().isPresent() && !(e.getValue().get() instanceof ElectionNotNeededException)) {
                throw new AdminException("Preferred leader election for " + ref(e.getKey()) + " failed: "
                        + e.getValue().get().getMessage(), e.getValue().get());
            }
        }
    }

    @Override
    public Retention retention(String topic) throws AdminException {
        var r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config c = get("describe configs of " + topic, admin.describeConfigs(List.of(r)).all()).get(r);
        ConfigEntry e = c == null ? null : c.get(RETENTION_MS);
        if (e == null) throw new AdminException("topic " + topic + " on " + cluster + " has no " + RETENTION_MS, null);
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

    @Override
    public void setRetention(String topic, Optional<String> value) throws AdminException {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        get((value.isPresent() ? "set " : "delete ") + RETENTION_MS + " of " + topic,
                admin.incrementalAlterConfigs(Map.of(resource, List.of(op(RETENTION_MS, value)))).all());
    }

    @Override
    public Map<TopicPartitionRef, Offsets> offsets(String topic, java.time.Instant cutoff) throws AdminException {
        List<TopicPartition> tps = partitionsOf(topic);
        Map<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> earliest =
                listOffsets(tps, org.apache.kafka.clients.admin.OffsetSpec.earliest());
        var latest = listOffsets(tps, org.apache.kafka.clients.admin.OffsetSpec.latest());
        var atCutoff = listOffsets(tps, org.apache.kafka.clients.admin.OffsetSpec.forTimestamp(cutoff.toEpochMilli()));
        Map<TopicPartitionRef, Offsets> out = new TreeMap<>();
        for (TopicPartition tp : tps) {
            var c = atCutoff.get(tp);
            long at = c == null ? -1 : c.offset();
            out.put(ref(tp), new Offsets(earliest.get(tp).offset(), latest.get(tp).offset(),
                    at < 0 ? OptionalLong.empty() : OptionalLong.of(at)));
        }
        return out;
    }

    private Map<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo> listOffsets(
            List<TopicPartition> tps, org.apache.kafka.clients.admin.OffsetSpec spec) throws AdminException {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> req = new HashMap<>();
        tps.forEach(tp -> req.put(tp, spec));
        return get("list offsets", admin.listOffsets(req).all());
    }

    private List<TopicPartition> partitionsOf(String topic) throws AdminException {
        TopicDescription d = get("describe topic " + topic, admin.describeTopics(List.of(topic)).allTopicNames())
                .get(topic);
        return d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    @Override
    public Map<TopicPartitionRef, Long> partitionSizes(String topic) throws AdminException {
        var refs = partitionsOf(topic).stream().map(AdminReassignment::ref).toList();
        Map<TopicPartitionRef, Long> out = new TreeMap<>();
        replicaSizes(refs).forEach((tp, perBroker) -> out.put(tp,
                perBroker.values().stream().mapToLong(Long::longValue).max().orElse(0)));
        for (TopicPartitionRef tp : refs) out.putIfAbsent(tp, 0L);
        return out;
    }

    @Override
    public long totalReplicaBytes(String topic) throws AdminException {
        var refs = partitionsOf(topic).stream().map(AdminReassignment::ref).toList();
        return replicaSizes(refs).values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue)
                .sum();
    }

    @Override
    public OptionalLong retentionCheckIntervalMs() throws AdminException {
        long max = -1;
        for (int b : liveBrokers()) {
            var r = new ConfigResource(ConfigResource.Type.BROKER, String.valueOf(b));
            Config c = get("describe configs of broker " + b, admin.describeConfigs(List.of(r)).all()).get(r);
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

    private static TopicPartitionRef ref(TopicPartition tp) {
        return new TopicPartitionRef(tp.topic(), tp.partition());
    }

    private <T> T get(String what, KafkaFuture<T> f) throws AdminException {
        return get(what, f, timeout);
    }

    private <T> T get(String what, KafkaFuture<T> f, Duration timeout) throws AdminException {
        return AdminCalls.await(cluster, what, f, timeout, Duration.ofSeconds(2));
    }
}
