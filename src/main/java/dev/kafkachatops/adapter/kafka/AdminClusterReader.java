package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.domain.BrokerState;
import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.domain.MetadataVersions;
import dev.kafkachatops.domain.QuorumState;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.ClusterReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.Comparator;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.DescribeFeaturesOptions;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.common.KafkaFuture;

/**
 * Reads {@link ClusterStatus} through the Admin API: describeCluster (with fenced brokers where the cluster
 * supports it), describeMetadataQuorum (its absence means ZooKeeper mode), describeFeatures, every topic's
 * partitions, {@code min.insync.replicas} per topic, and the reassignments in progress.
 */
public final class AdminClusterReader implements ClusterReader {
    private final String clusterName;
    private final String bootstrapServers;
    private final Admin admin;
    private final Duration timeout;
    private final Clock clock;
    private final IntFunction<String> metadataLevels;

    /** {@code metadata.version} named from Kafka's own table only ({@link MetadataVersions#describe}). */
    public AdminClusterReader(String clusterName, String bootstrapServers, Admin admin, Duration timeout, Clock clock) {
        this(clusterName, bootstrapServers, admin, timeout, clock, MetadataVersions::describe);
    }

    /**
     * @param metadataLevels names a finalized {@code metadata.version} level, e.g. "4.1-IV1 (level 27)"; the version
     *                       catalogue knows levels newer than this build's Kafka client
     */
    public AdminClusterReader(String clusterName, String bootstrapServers, Admin admin, Duration timeout, Clock clock,
                              IntFunction<String> metadataLevels) {
        this.clusterName = clusterName;
        this.bootstrapServers = bootstrapServers;
        this.admin = admin;
        this.timeout = timeout;
        this.clock = clock;
        this.metadataLevels = metadataLevels;
    }

    @Override
    public ClusterStatus status() throws ClusterUnavailableException {
        return UnknownTopicRetry.read(this::readOnce);
    }

    private ClusterStatus readOnce() throws ClusterUnavailableException {
        long started = System.nanoTime();
        Instant at = clock.instant();
        try {
            int timeoutMs = (int) timeout.toMillis();
            var clusterInfo = AdminClients.describeCluster(admin, timeoutMs);
            String clusterId = get(clusterInfo.clusterId());
            Collection<Node> nodes = get(clusterInfo.nodes());
            Optional<QuorumState> quorum = quorum(timeoutMs);
            ClusterMode mode = quorum.isPresent() ? ClusterMode.KRAFT : ClusterMode.ZOOKEEPER;
            Optional<Integer> controller = quorum.map(QuorumState::leaderId)
                    .or(() -> Optional.ofNullable(getQuietly(clusterInfo.controller())).filter(n -> !n.isEmpty())
                            .map(Node::id));
            Optional<String> metadataVersion = metadataVersion(timeoutMs);

            var listing = get(admin.listTopics(new ListTopicsOptions().listInternal(true).timeoutMs(timeoutMs))
                    .listings());
            Set<String> names = listing.stream().map(TopicListing::name).collect(Collectors.toCollection(TreeSet::new));
            int internal = (int) listing.stream().filter(TopicListing::isInternal).count();
            Map<String, TopicDescription> topics = names.isEmpty() ? Map.of()
                    : get(admin.describeTopics(names).allTopicNames());
            Map<String, Integer> minIsr = minIsr(names);

            var underReplicated = new ArrayList<TopicPartitionRef>();
            var underMinIsr = new ArrayList<TopicPartitionRef>();
            var offline = new ArrayList<TopicPartitionRef>();
            var replicaBrokers = new TreeSet<Integer>();
            int partitions = 0;
            for (TopicDescription t : new TreeMap<>(topics).values()) {
                for (TopicPartitionInfo p : t.partitions()) {
                    partitions++;
                    var ref = new TopicPartitionRef(t.name(), p.partition());
                    p.replicas().forEach(r -> replicaBrokers.add(r.id()));
                    if (p.leader() == null || p.leader().isEmpty()) offline.add(ref);
                    if (p.isr().size() < p.replicas().size()) underReplicated.add(ref);
                    if (p.isr().size() < minIsr.getOrDefault(t.name(), 1)) underMinIsr.add(ref);
                }
            }
            List<TopicPartitionRef> reassigning = get(admin.listPartitionReassignments().reassignments()).keySet()
                    .stream().map(tp -> new TopicPartitionRef(tp.topic(), tp.partition())).sorted().toList();
            List<BrokerState> brokers = brokers(nodes, replicaBrokers, controller, mode);
            return new ClusterStatus(clusterName, clusterId, mode, brokers, controller, quorum, metadataVersion,
                    names.size() - internal, internal, partitions, underReplicated, underMinIsr, offline,
                    reassigning, at, Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailableException("interrupted while reading cluster " + clusterName, e);
        } catch (ExecutionException | RuntimeException e) {
            KafkaErrors.failed(clusterName, e);
            throw new ClusterUnavailableException(KafkaErrors.describe(clusterName, bootstrapServers, timeout, e), e);
        }
    }

    private Optional<QuorumState> quorum(int timeoutMs) throws InterruptedException, ExecutionException {
        QuorumInfo q;
        try {
            q = admin.describeMetadataQuorum(new DescribeMetadataQuorumOptions()
                    .timeoutMs(timeoutMs)).quorumInfo().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnsupportedVersionException) return Optional.empty();
            throw e;
        }
        long hw = q.highWatermark();
        return Optional.of(new QuorumState(q.leaderId(), q.leaderEpoch(), hw, replicas(q.voters(), hw),
                replicas(q.observers(), hw)));
    }

    private static List<QuorumState.Replica> replicas(List<QuorumInfo.ReplicaState> states, long hw) {
        return states.stream().map(s -> new QuorumState.Replica(s.replicaId(), s.logEndOffset(),
                        Math.max(0, hw - s.logEndOffset()),
                        s.lastCaughtUpTimestamp().isPresent() ? Optional.of(s.lastCaughtUpTimestamp().getAsLong())
                                : Optional.empty()))
                .sorted(Comparator.comparingInt(QuorumState.Replica::id)).toList();
    }

    private Optional<String> metadataVersion(int timeoutMs) throws InterruptedException {
        try {
            var features = LoadedFeatures.describe(() -> Optional.of(get(admin.describeFeatures(
                    new DescribeFeaturesOptions().timeoutMs(timeoutMs)).featureMetadata())));
            return metadataVersion(features.orElseThrow().finalizedFeatures(), metadataLevels);
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }

    /** The finalized {@code metadata.version}, named by {@code names}; empty when the cluster has none (ZooKeeper). */
    static Optional<String> metadataVersion(Map<String, FinalizedVersionRange> finalized, IntFunction<String> names) {
        FinalizedVersionRange mv = finalized.get("metadata.version");
        return mv == null ? Optional.empty() : Optional.of(names.apply(mv.maxVersionLevel()));
    }

    private Map<String, Integer> minIsr(Set<String> topics) throws InterruptedException, ExecutionException {
        if (topics.isEmpty()) return Map.of();
        var resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> configs = get(admin.describeConfigs(resources).all());
        var out = new TreeMap<String, Integer>();
        configs.forEach((r, c) -> {
            var entry = c.get("min.insync.replicas");
            if (entry != null && entry.value() != null) out.put(r.name(), Integer.parseInt(entry.value()));
        });
        return out;
    }

    private static List<BrokerState> brokers(Collection<Node> nodes, Set<Integer> replicaBrokers,
                                             Optional<Integer> controller, ClusterMode mode) {
        var byId = new TreeMap<Integer, BrokerState>();
        for (Node n : nodes) {
            boolean isController = mode == ClusterMode.ZOOKEEPER && controller.equals(Optional.of(n.id()));
            byId.put(n.id(), new BrokerState(n.id(), Optional.of(n.host()), Optional.of(n.port()),
                    Optional.ofNullable(n.rack()), !n.isFenced(), isController || controller.equals(Optional.of(n.id()))));
        }
        for (int id : replicaBrokers) {
            byId.putIfAbsent(id, new BrokerState(id, Optional.empty(), Optional.empty(), Optional.empty(), false,
                    false));
        }
        return List.copyOf(byId.values());
    }

    private <T> T get(KafkaFuture<T> f) throws InterruptedException, ExecutionException {
        try {
            return f.get(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ExecutionException(new org.apache.kafka.common.errors.TimeoutException("no answer in " + timeout));
        }
    }

    private static <T> T getQuietly(KafkaFuture<T> f) {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return null;
        }
    }
}
