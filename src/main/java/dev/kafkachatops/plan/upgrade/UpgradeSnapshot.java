package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.JavaRuntime;
import dev.kafkachatops.domain.version.KafkaVersion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything the upgrade planner needs to know about a cluster, read beforehand by the adapters (Admin API and the
 * host drivers): the mode, each node with its role, host, detected version and liveness, which versions each node's
 * host has installed, the active controller, the finalized {@code metadata.version} (KRaft) or the protocol pins in
 * each broker's config (ZooKeeper), the partitions offline or under-replicated now, the data-loss settings of the
 * topics, and whether a mirror to install releases from is configured; for batched rolls, each broker's rack
 * ({@code broker.rack}, absent when unset) and every partition's replicas, in-sync replicas and
 * {@code min.insync.replicas}. Immutable; nodes sorted by id.
 */
public record UpgradeSnapshot(String cluster, ClusterMode mode, List<Node> nodes, OptionalInt activeController,
                              OptionalInt finalizedMetadataLevel, int underReplicated, int offline,
                              List<TopicSettings> topics, Optional<String> installSource, Map<Integer, String> racks,
                              List<RollBatches.Partition> partitions) {

    /** Without racks and partition placement (a roll is then planned one broker at a time). */
    public UpgradeSnapshot(String cluster, ClusterMode mode, List<Node> nodes, OptionalInt activeController,
                           OptionalInt finalizedMetadataLevel, int underReplicated, int offline,
                           List<TopicSettings> topics, Optional<String> installSource) {
        this(cluster, mode, nodes, activeController, finalizedMetadataLevel, underReplicated, offline, topics,
                installSource, Map.of(), List.of());
    }

    public static final String IBP = "inter.broker.protocol.version";
    public static final String LMF = "log.message.format.version";

    /**
     * One Kafka process. {@code version} is empty when it could not be detected; {@code alive} means running and
     * (for brokers) registered and unfenced; {@code installed} lists the versions present beside the current one
     * on its host; {@code interBrokerProtocol} and {@code logMessageFormat} are the values set in its config file
     * (ZooKeeper mode), empty when unset. {@code java} is the Java that would run it (empty when it could not be
     * read); {@code configKeys} the keys of its config file (empty when it could not be read).
     */
    public record Node(int id, NodeRole role, String host, Optional<KafkaVersion> version, boolean alive,
                       SortedSet<KafkaVersion> installed, Optional<String> interBrokerProtocol,
                       Optional<String> logMessageFormat, Optional<JavaRuntime> java, SortedSet<String> configKeys) {

        public Node(int id, NodeRole role, String host, Optional<KafkaVersion> version, boolean alive,
                    SortedSet<KafkaVersion> installed, Optional<String> interBrokerProtocol,
                    Optional<String> logMessageFormat) {
            this(id, role, host, version, alive, installed, interBrokerProtocol, logMessageFormat, Optional.empty(),
                    new TreeSet<>());
        }

        public Node {
            if (id < 0) throw new IllegalArgumentException("node id must be >= 0: " + id);
            Objects.requireNonNull(role, "role");
            if (host == null || host.isBlank()) throw new IllegalArgumentException("node " + id + ": host is required");
            Objects.requireNonNull(version, "version");
            installed = Collections.unmodifiableSortedSet(new TreeSet<>(installed));
            Objects.requireNonNull(interBrokerProtocol, "interBrokerProtocol");
            Objects.requireNonNull(logMessageFormat, "logMessageFormat");
            Objects.requireNonNull(java, "java");
            configKeys = Collections.unmodifiableSortedSet(new TreeSet<>(configKeys));
        }

        /** A live node running {@code version}, with only that version installed and no protocol pins. */
        public static Node of(int id, NodeRole role, String host, KafkaVersion version) {
            return new Node(id, role, host, Optional.of(version), true, new TreeSet<>(Set.of(version)),
                    Optional.empty(), Optional.empty());
        }

        public Node withAlive(boolean value) {
            return new Node(id, role, host, version, value, installed, interBrokerProtocol, logMessageFormat, java,
                    configKeys);
        }

        public Node withVersion(Optional<KafkaVersion> value) {
            return new Node(id, role, host, value, alive, installed, interBrokerProtocol, logMessageFormat, java,
                    configKeys);
        }

        public Node withInstalled(Set<KafkaVersion> value) {
            return new Node(id, role, host, version, alive, new TreeSet<>(value), interBrokerProtocol,
                    logMessageFormat, java, configKeys);
        }

        public Node withPins(Optional<String> ibp, Optional<String> lmf) {
            return new Node(id, role, host, version, alive, installed, ibp, lmf, java, configKeys);
        }

        public Node withJava(Optional<JavaRuntime> value) {
            return new Node(id, role, host, version, alive, installed, interBrokerProtocol, logMessageFormat, value,
                    configKeys);
        }

        public Node withConfigKeys(Set<String> value) {
            return new Node(id, role, host, version, alive, installed, interBrokerProtocol, logMessageFormat, java,
                    new TreeSet<>(value));
        }

        /** True when the host holds {@code v}, installed beside the running version or running it. */
        public boolean hasInstalled(KafkaVersion v) {
            return installed.contains(v) || version.filter(v::equals).isPresent();
        }

        /** "broker 2 (kafka2.example.com)" */
        public String describe() {
            return role.label() + " " + id + " (" + host + ")";
        }
    }

    /** A topic's data-loss settings: replication factor, min.insync.replicas, unclean.leader.election.enable. */
    public record TopicSettings(String name, int replicationFactor, int minInsyncReplicas,
                                boolean uncleanLeaderElection) {
        public TopicSettings {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("topic name is required");
            if (replicationFactor < 1) throw new IllegalArgumentException(name + ": replication factor must be >= 1");
            if (minInsyncReplicas < 1) throw new IllegalArgumentException(name + ": min.insync.replicas must be >= 1");
        }
    }

    public UpgradeSnapshot {
        if (cluster == null || cluster.isBlank()) throw new IllegalArgumentException("cluster name is required");
        Objects.requireNonNull(mode, "mode");
        nodes = nodes.stream().sorted(Comparator.comparingInt(Node::id)).toList();
        topics = topics.stream().sorted(Comparator.comparing(TopicSettings::name)).toList();
        Objects.requireNonNull(activeController, "activeController");
        Objects.requireNonNull(finalizedMetadataLevel, "finalizedMetadataLevel");
        Objects.requireNonNull(installSource, "installSource");
        racks = Collections.unmodifiableSortedMap(new TreeMap<>(racks));
        partitions = List.copyOf(partitions);
        if (underReplicated < 0 || offline < 0) throw new IllegalArgumentException("partition counts must be >= 0");
        if (nodes.isEmpty()) throw new IllegalArgumentException(cluster + ": no nodes");
        requireUnique(nodes.stream().map(Node::id).toList(), "node id");
        requireUnique(topics.stream().map(TopicSettings::name).toList(), "topic");
        checkMode(mode, nodes, finalizedMetadataLevel);
        if (activeController.isPresent()) checkController(activeController.getAsInt(), mode, nodes);
    }

    private static <T> void requireUnique(List<T> values, String what) {
        var seen = new HashSet<T>();
        for (T v : values) if (!seen.add(v)) throw new IllegalArgumentException("duplicate " + what + " " + v);
    }

    private static void checkMode(ClusterMode mode, List<Node> nodes, OptionalInt metadataLevel) {
        if (mode == ClusterMode.ZOOKEEPER) {
            nodes.stream().filter(n -> n.role() != NodeRole.BROKER).findFirst().ifPresent(n -> {
                throw new IllegalArgumentException("node " + n.id() + ": a ZooKeeper cluster has brokers only");
            });
            if (metadataLevel.isPresent()) {
                throw new IllegalArgumentException("metadata.version is a KRaft feature, not set in ZooKeeper mode");
            }
            return;
        }
        if (nodes.stream().noneMatch(n -> n.role().isController())) {
            throw new IllegalArgumentException("a KRaft cluster needs at least one controller (or combined) node");
        }
        nodes.stream().filter(n -> n.interBrokerProtocol().isPresent() || n.logMessageFormat().isPresent())
                .findFirst().ifPresent(n -> {
                    throw new IllegalArgumentException("node " + n.id() + ": protocol pins are ZooKeeper-mode settings");
                });
    }

    private static void checkController(int id, ClusterMode mode, List<Node> nodes) {
        Node n = nodes.stream().filter(x -> x.id() == id).findFirst().orElseThrow(() ->
                new IllegalArgumentException("the active controller " + id + " is not one of the nodes"));
        if (mode == ClusterMode.KRAFT && !n.role().isController()) {
            throw new IllegalArgumentException("the active controller " + id + " is not a controller node");
        }
    }

    public Optional<Node> node(int id) {
        return nodes.stream().filter(n -> n.id() == id).findFirst();
    }

    /** The distinct detected versions, ascending. */
    public List<KafkaVersion> runningVersions() {
        return nodes.stream().map(Node::version).flatMap(Optional::stream).distinct().sorted().toList();
    }

    public static Builder builder(String cluster, ClusterMode mode) {
        return new Builder(cluster, mode);
    }

    /** Fluent construction; {@link #build()} applies every check of the record. */
    public static final class Builder {
        private final String cluster;
        private final ClusterMode mode;
        private final List<Node> nodes = new ArrayList<>();
        private final List<TopicSettings> topics = new ArrayList<>();
        private OptionalInt active = OptionalInt.empty();
        private OptionalInt metadataLevel = OptionalInt.empty();
        private int underReplicated;
        private int offline;
        private Optional<String> installSource = Optional.empty();
        private final Map<Integer, String> racks = new TreeMap<>();
        private final List<RollBatches.Partition> partitions = new ArrayList<>();

        private Builder(String cluster, ClusterMode mode) {
            this.cluster = cluster;
            this.mode = mode;
        }

        public Builder node(Node node) {
            nodes.add(node);
            return this;
        }

        public Builder activeController(int id) {
            active = OptionalInt.of(id);
            return this;
        }

        public Builder metadataLevel(int level) {
            metadataLevel = OptionalInt.of(level);
            return this;
        }

        public Builder underReplicated(int count) {
            underReplicated = count;
            return this;
        }

        public Builder offline(int count) {
            offline = count;
            return this;
        }

        public Builder topic(String name, int replicationFactor, int minInsyncReplicas, boolean unclean) {
            topics.add(new TopicSettings(name, replicationFactor, minInsyncReplicas, unclean));
            return this;
        }

        public Builder installSource(String mirrorUrl) {
            installSource = Optional.of(mirrorUrl);
            return this;
        }

        public Builder rack(int node, String rack) {
            racks.put(node, rack);
            return this;
        }

        public Builder partition(String name, List<Integer> replicas, List<Integer> isr, int minIsr) {
            partitions.add(new RollBatches.Partition(name, replicas, isr, minIsr));
            return this;
        }

        public UpgradeSnapshot build() {
            return new UpgradeSnapshot(cluster, mode, nodes, active, metadataLevel, underReplicated, offline, topics,
                    installSource, racks, partitions);
        }
    }
}
