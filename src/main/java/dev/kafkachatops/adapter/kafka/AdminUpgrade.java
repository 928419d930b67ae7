package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.UpgradeAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * The upgrade runner's gates over the Admin API (describeTopics, describeMetadataQuorum, describeFeatures). A
 * ZooKeeper-mode cluster has no metadata quorum (its brokers answer describeMetadataQuorum with an
 * UnsupportedVersionException): no controller quorum can be put at risk there, and nothing waits for a voter.
 */
public final class AdminUpgrade implements UpgradeAdmin {
    /** A voter counts as caught up when it is at most this many records behind and heard from recently. */
    static final long MAX_VOTER_LAG = 100;
    static final Duration MAX_VOTER_SILENCE = Duration.ofSeconds(5);
    /** How long a preferred leader election is retried after retriable failures (see electPreferredLeaders). */
    static final Duration ELECTION_RETRY_TIMEOUT = Duration.ofSeconds(30);
    static final Duration ELECTION_RETRY_POLL = Duration.ofMillis(500);

    private final String cluster;
    private final Admin admin;
    private final Duration timeout;
    private final Clock clock;

    public AdminUpgrade(String cluster, Admin admin, Duration timeout, Clock clock) {
        this.cluster = cluster;
        this.admin = admin;
        this.timeout = timeout;
        this.clock = clock;
    }

    private Map<String, TopicDescription> topics() throws AdminException {
        Set<String> names = topicNames();
        return names.isEmpty() ? Map.of() : get("describe topics", admin.describeTopics(names).allTopicNames());
    }

    private Set<String> topicNames() throws AdminException {
        return get("list topics", admin.listTopics(new ListTopicsOptions().listInternal(true)).names());
    }

    private static Map<String, Integer> minIsr(Map<ConfigResource, Config> configs) {
        Map<String, Integer> out = new HashMap<>();
        configs.forEach((r, c) -> out.put(r.name(), value(c, "min.insync.replicas").map(Integer::parseInt)
                .orElse(1)));
        return out;
    }

    /** Every topic's description and configuration, both asked at once. */
    private record Described(Map<String, TopicDescription> topics, Map<ConfigResource, Config> configs) {
    }

    private Described describeWithConfigs() throws AdminException {
        Set<String> names = topicNames();
        if (names.isEmpty()) return new Described(Map.of(), Map.of());
        KafkaFuture<Map<String, TopicDescription>> described = admin.describeTopics(names).allTopicNames();
        KafkaFuture<Map<ConfigResource, Config>> configs = admin.describeConfigs(names.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all();
        return new Described(get("describe topics", described), get("describe topic configs", configs));
    }

    @Override
    public List<TopicSettings> topicSettings() throws AdminException {
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
        out.sort(java.util.Comparator.comparing(TopicSettings::name));
        return out;
    }

    private static java.util.Optional<String> value(Config c, String key) {
        if (c == null || c.get(key) == null) return java.util.Optional.empty();
        return java.util.Optional.ofNullable(c.get(key).value());
    }

    @Override
    public List<String> wouldFallBelowMinIsr(int node) throws AdminException {
        Described d = describeWithConfigs();
        return belowMinIsr(node, d.topics(), minIsr(d.configs()));
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

    /** The KRaft metadata quorum; empty when the cluster has none (ZooKeeper mode). */
    private java.util.Optional<QuorumInfo> quorum() throws AdminException {
        return unlessUnsupported("describe metadata quorum", admin.describeMetadataQuorum().quorumInfo());
    }

    private QuorumInfo quorumOf(KafkaFuture<QuorumInfo> f) throws AdminException {
        return unlessUnsupported("describe metadata quorum", f).orElse(null);
    }

    /** The quorum and the partitions asked at once: the gate's answer costs one round of requests, not four. */
    @Override
    public StopCheck stopCheck(int node, boolean broker, boolean controller) throws AdminException {
        KafkaFuture<QuorumInfo> quorum = controller ? admin.describeMetadataQuorum().quorumInfo() : null;
        List<String> below = broker ? wouldFallBelowMinIsr(node) : List.of();
        List<String> risks = controller ? quorumRisks(node, quorumOf(quorum)) : List.of();
        return new StopCheck(risks, below);
    }

    /** Registration, quorum and partitions asked at once (see {@link #stopCheck}). */
    @Override
    public NodeHealth nodeHealth(int node, boolean broker, boolean controller) throws AdminException {
        KafkaFuture<Collection<Node>> nodes = broker ? admin.describeCluster().nodes() : null;
        KafkaFuture<QuorumInfo> quorum = controller ? admin.describeMetadataQuorum().quorumInfo() : null;
        Map<String, TopicDescription> topics = topics();
        boolean up = !broker || get("describe cluster", nodes).stream().anyMatch(n -> n.id() == node && !n.isFenced());
        boolean caughtUp = !controller || voterCaughtUp(node, quorumOf(quorum));
        return new NodeHealth(up, caughtUp, underReplicated(topics), offline(topics));
    }

    @Override
    public List<String> quorumRisks(int node) throws AdminException {
        return quorumRisks(node, quorum().orElse(null));
    }

    /** {@code q} null: no metadata quorum (ZooKeeper mode), nothing to put at risk. */
    private List<String> quorumRisks(int node, QuorumInfo q) {
        if (q == null || q.voters().stream().noneMatch(v -> v.replicaId() == node)) return List.of();
        long leaderEnd = q.voters().stream().filter(v -> v.replicaId() == q.leaderId())
                .mapToLong(QuorumInfo.ReplicaState::logEndOffset).findFirst().orElse(q.highWatermark());
        int majority = q.voters().size() / 2 + 1;
        List<String> lagging = new ArrayList<>();
        int caughtUp = 0;
        for (QuorumInfo.ReplicaState v : q.voters()) {
            if (v.replicaId() == node) continue;
            if (caughtUp(v, leaderEnd, q.leaderId())) caughtUp++;
            else lagging.add("controller " + v.replicaId() + " is " + Math.max(0, leaderEnd - v.logEndOffset())
                    + " records behind");
        }
        if (caughtUp >= majority) return List.of();
        List<String> risks = new ArrayList<>(lagging);
        risks.add("without node " + node + " only " + caughtUp + " of " + q.voters().size()
                + " voters are caught up (a majority needs " + majority + ")");
        return risks;
    }

    private boolean caughtUp(QuorumInfo.ReplicaState v, long leaderEnd, int leaderId) {
        if (v.replicaId() == leaderId) return true;
        long now = clock.millis();
        boolean recent = v.lastCaughtUpTimestamp().isPresent()
                && now - v.lastCaughtUpTimestamp().getAsLong() <= MAX_VOTER_SILENCE.toMillis();
        return leaderEnd - v.logEndOffset() <= MAX_VOTER_LAG && recent;
    }

    @Override
    public java.util.OptionalInt activeController() throws AdminException {
        var q = quorum();
        if (q.isPresent()) return java.util.OptionalInt.of(q.get().leaderId());
        Node c = get("describe cluster", admin.describeCluster().controller()); // ZooKeeper mode: no quorum
        return c == null || c.id() < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(c.id());
    }

    @Override
    public boolean brokerUp(int node) throws AdminException {
        Collection<Node> nodes = get("describe cluster", admin.describeCluster().nodes());
        return nodes.stream().anyMatch(n -> n.id() == node && !n.isFenced());
    }

    @Override
    public boolean voterCaughtUp(int node) throws AdminException {
        return voterCaughtUp(node, quorum().orElse(null));
    }

    private boolean voterCaughtUp(int node, QuorumInfo q) {
        if (q == null) return true; // no metadata quorum (ZooKeeper mode): nothing to catch up with
        long leaderEnd = q.voters().stream().filter(v -> v.replicaId() == q.leaderId())
                .mapToLong(QuorumInfo.ReplicaState::logEndOffset).findFirst().orElse(q.highWatermark());
        return q.voters().stream().filter(v -> v.replicaId() == node).anyMatch(v -> caughtUp(v, leaderEnd,
                q.leaderId()));
    }

    @Override
    public int underReplicated() throws AdminException {
        return underReplicated(topics());
    }

    private static int underReplicated(Map<String, TopicDescription> topics) {
        int n = 0;
        for (TopicDescription t : topics.values()) {
            for (TopicPartitionInfo p : t.partitions()) if (p.isr().size() < p.replicas().size()) n++;
        }
        return n;
    }

    @Override
    public int offline() throws AdminException {
        return offline(topics());
    }

    private static int offline(Map<String, TopicDescription> topics) {
        int n = 0;
        for (TopicDescription t : topics.values()) {
            for (TopicPartitionInfo p : t.partitions()) if (p.leader() == null || p.leader().id() < 0) n++;
        }
        return n;
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
        long deadline = clock.millis() + ELECTION_RETRY_TIMEOUT.toMillis();
        while (true) {
            Set<TopicPartition> tps = ledByAnother(node);
            if (tps.isEmpty()) return;
            Election e = elect(tps);
            if (e.failed() == 0) return;
            if (!e.retriable() || clock.millis() >= deadline) {
                throw new AdminException("preferred leader election on " + cluster + " failed for " + e.failed()
                        + " partitions, e.g. " + e.example(), e.cause());
            }
            pause(ELECTION_RETRY_POLL);
        }
    }

    /** The partitions whose preferred (first) replica is {@code node} and whose leader is another broker or none. */
    private Set<TopicPartition> ledByAnother(int node) throws AdminException {
        Set<TopicPartition> tps = new HashSet<>();
        for (TopicDescription t : topics().values()) {
            for (TopicPartitionInfo p : t.partitions()) {
                if (!p.replicas().isEmpty() && p.replicas().get(0).id() == node
                        && (p.leader() == null || p.leader().id() != node)) {
                    tps.add(new TopicPartition(t.name(), p.partition()));
                }
            }
        }
        return tps;
    }

    /** One election's outcome: how many partitions failed, whether all of those failures may pass on a retry. */
    private record Election(int failed, boolean retriable, String example, Throwable cause) {
    }

    private Election elect(Set<TopicPartition> tps) throws AdminException {
        Map<TopicPartition, java.util.Optional<Throwable>> r;
        try {
            r = get("elect leaders", admin.electLeaders(ElectionType.PREFERRED, tps).partitions());
        } catch (AdminException e) {
            Throwable c = e.getCause() instanceof ExecutionException x ? x.getCause() : e.getCause();
            if (c instanceof RetriableException || c instanceof java.util.concurrent.TimeoutException) {
                return new Election(tps.size(), true, e.getMessage(), e);
            }
            throw e;
        }
        Map<TopicPartition, Throwable> failed = new java.util.TreeMap<>(
                java.util.Comparator.comparing(TopicPartition::toString));
        r.forEach((tp, e) -> e.filter(x -> !(x instanceof ElectionNotNeededException)).ifPresent(x -> failed.put(tp, x)));
        if (failed.isEmpty()) return new Election(0, false, "", null);
        var first = failed.entrySet().iterator().next();
        return new Election(failed.size(), failed.values().stream().allMatch(x -> x instanceof RetriableException),
                first.getKey() + ": " + first.getValue().getMessage(), first.getValue());
    }

    private static void pause(Duration d) throws AdminException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while retrying the preferred leader election", e);
        }
    }

    @Override
    public int finalizedLevel(String feature) throws AdminException {
        var metadata = unlessUnsupported("describe features", admin.describeFeatures().featureMetadata());
        if (metadata.isEmpty()) return -1; // brokers older than 2.7 have no feature versioning
        Map<String, FinalizedVersionRange> f = metadata.get().finalizedFeatures();
        FinalizedVersionRange r = f.get(feature);
        return r == null ? -1 : r.maxVersionLevel();
    }

    @Override
    public void upgradeFeature(String feature, int level) throws AdminException {
        get("update features", admin.updateFeatures(Map.of(feature, new FeatureUpdate((short) level,
                FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all());
    }

    /** The answer, or empty when the cluster does not support the request (UnsupportedVersionException). */
    private <T> java.util.Optional<T> unlessUnsupported(String what, KafkaFuture<T> f) throws AdminException {
        try {
            return java.util.Optional.of(get(what, f));
        } catch (AdminException e) {
            if (e.getCause() instanceof ExecutionException x && x.getCause() instanceof UnsupportedVersionException) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    private <T> T get(String what, KafkaFuture<T> f) throws AdminException {
        return AdminCalls.await(cluster, what, f, timeout, Duration.ZERO);
    }
}
