package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.UpgradeAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The upgrade runner's gates over the Admin API (describeTopics, describeMetadataQuorum, describeFeatures). A
 * ZooKeeper-mode cluster has no metadata quorum (its brokers answer describeMetadataQuorum with an
 * UnsupportedVersionException): no controller quorum can be put at risk there, and nothing waits for a voter.
 * The topic gates are in {@link TopicHealth}, the quorum gates in {@link MetadataQuorum}, the leader election in
 * {@link PreferredElection}; the feature levels (metadata.version) are here.
 */
public final class AdminUpgrade implements UpgradeAdmin {
    /** A voter counts as caught up when it is at most this many records behind and heard from recently. */
    static final long MAX_VOTER_LAG = 100;
    static final Duration MAX_VOTER_SILENCE = Duration.ofSeconds(5);
    /** How long a preferred leader election is retried after retriable failures (see electPreferredLeaders). */
    static final Duration ELECTION_RETRY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration ELECTION_RETRY_POLL = Duration.ofMillis(500);

    private final ClusterCalls calls;
    private final TopicHealth topics;
    private final MetadataQuorum quorum;
    private final PreferredElection election;

    public AdminUpgrade(String cluster, Admin admin, Duration timeout, Clock clock) {
        this.calls = new ClusterCalls(cluster, admin, timeout, Duration.ZERO);
        this.topics = new TopicHealth(calls);
        this.quorum = new MetadataQuorum(calls, clock);
        this.election = new PreferredElection(calls, topics, clock);
    }

    @Override
    public List<TopicSettings> topicSettings() throws AdminException {
        return topics.topicSettings();
    }

    @Override
    public List<Placement> placements() throws AdminException {
        return topics.placements();
    }

    @Override
    public List<String> wouldFallBelowMinIsr(int node) throws AdminException {
        return topics.wouldFallBelowMinIsr(node);
    }

    /** The quorum and the partitions asked at once: the gate's answer costs one round of requests, not four. */
    @Override
    public StopCheck stopCheck(int node, boolean broker, boolean controller) throws AdminException {
        KafkaFuture<QuorumInfo> q = controller ? quorum.ask() : null;
        List<String> below = broker ? wouldFallBelowMinIsr(node) : List.of();
        List<String> risks = controller ? quorum.quorumRisks(node, quorum.quorumOf(q)) : List.of();
        return new StopCheck(risks, below);
    }

    /** Registration, quorum and partitions asked at once (see {@link #stopCheck}). */
    @Override
    public NodeHealth nodeHealth(int node, boolean broker, boolean controller) throws AdminException {
        KafkaFuture<Collection<Node>> nodes = broker ? calls.admin().describeCluster().nodes() : null;
        KafkaFuture<QuorumInfo> q = controller ? quorum.ask() : null;
        Map<String, TopicDescription> described = topics.topics();
        boolean up = !broker || calls.get("describe cluster", nodes).stream()
                .anyMatch(n -> n.id() == node && !n.isFenced());
        boolean caughtUp = !controller || quorum.voterCaughtUp(node, quorum.quorumOf(q));
        return new NodeHealth(up, caughtUp, TopicHealth.underReplicated(described), TopicHealth.offline(described));
    }

    @Override
    public List<String> quorumRisks(int node) throws AdminException {
        return quorum.quorumRisks(node, quorum.quorum().orElse(null));
    }

    @Override
    public OptionalInt activeController() throws AdminException {
        Optional<QuorumInfo> q = quorum.quorum();
        if (q.isPresent()) return OptionalInt.of(q.get().leaderId());
        Node c = calls.get("describe cluster", calls.admin().describeCluster().controller()); // ZooKeeper mode: no quorum
        return c == null || c.id() < 0 ? OptionalInt.empty() : OptionalInt.of(c.id());
    }

    @Override
    public boolean brokerUp(int node) throws AdminException {
        Collection<Node> nodes = calls.get("describe cluster", calls.admin().describeCluster().nodes());
        return nodes.stream().anyMatch(n -> n.id() == node && !n.isFenced());
    }

    @Override
    public boolean voterCaughtUp(int node) throws AdminException {
        return quorum.voterCaughtUp(node, quorum.quorum().orElse(null));
    }

    @Override
    public int underReplicated() throws AdminException {
        return TopicHealth.underReplicated(topics.topics());
    }

    @Override
    public int offline() throws AdminException {
        return TopicHealth.offline(topics.topics());
    }

    /**
     * Elects {@code node} leader of the partitions it is the preferred leader of, until none is led by another
     * broker. Retriable failures (Kafka's RetriableException, or no answer in time) are retried for up to
     * {@link #ELECTION_RETRY_TIMEOUT}, re-reading which partitions still need it: in ZooKeeper mode the election goes
     * to the controller the Admin client last saw, which answers NOT_CONTROLLER per partition after the controller
     * moved (the client refreshes its metadata only at its metadata age, see {@link AdminClients}), and an election
     * that took effect but whose answer was lost needs no second one.
     */
    @Override
    public void electPreferredLeaders(int node) throws AdminException {
        election.electPreferredLeaders(node);
    }

    @Override
    public int finalizedLevel(String feature) throws AdminException {
        Optional<FeatureMetadata> metadata;
        try {
            metadata = LoadedFeatures.describe(() -> calls.unlessUnsupported("describe features",
                    calls.admin().describeFeatures().featureMetadata()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while describing features of " + calls.cluster(), e);
        }
        if (metadata.isEmpty()) return -1; // brokers older than 2.7 have no feature versioning
        Map<String, FinalizedVersionRange> f = metadata.get().finalizedFeatures();
        FinalizedVersionRange r = f.get(feature);
        return r == null ? -1 : r.maxVersionLevel();
    }

    @Override
    public void upgradeFeature(String feature, int level) throws AdminException {
        calls.get("update features", calls.admin().updateFeatures(Map.of(feature, new FeatureUpdate((short) level,
                FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all());
    }
}
