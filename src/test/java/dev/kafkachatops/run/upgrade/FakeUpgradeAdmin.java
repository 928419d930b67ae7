package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.UpgradeAdmin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An in-memory KRaft cluster behind {@link UpgradeAdmin}, behaving as the Admin adapter does (held to it by
 * {@code UpgradeAdminContract}):
 * <ul>
 *   <li>A stopped node is registered but not up; it leaves every ISR, and a partition it led moves to the first
 *       live ISR member (none: offline). Started again, it rejoins the ISRs but leads nothing until
 *       {@link #electPreferredLeaders}. A stopped active controller hands over to the lowest live voter that is
 *       caught up.</li>
 *   <li>The ISR is the live replicas minus those {@link #dropFromIsr dropped} for the next reads of the partitions
 *       (each call that reads topics is one read).</li>
 *   <li>Quorum risks count the other live, caught-up voters against a majority, in the adapter's words.</li>
 *   <li>A feature is raised only up to its supported level and never lowered; raising it to its level is a
 *       no-op.</li>
 * </ul>
 * Minimum-ISR checks, a quorum risk found ({@code quorum-risk N}; a safe answer is not logged), brokers found up,
 * elections and feature raises are written to the shared call log.
 * <p>
 * Two things the model cannot come to by itself are injected, and are off unless a test asks for them (the contract
 * cases run without them): a voter {@link #lagVoter lagging} behind the leader, and {@link #failReads reads that fail}
 * as the Admin client's do while a node restarts.
 */
public final class FakeUpgradeAdmin implements UpgradeAdmin {
    static final String METADATA_VERSION = "metadata.version";
    /** How far behind the leader a {@link #lagVoter lagging} voter is, in records. */
    static final long LAG_RECORDS = 300;

    record Topic(List<List<Integer>> replicas, int minIsr, boolean unclean) {
    }

    private final List<String> calls;
    private final Set<Integer> brokers;
    private final Set<Integer> voters;
    private final Set<Integer> down = new TreeSet<>();
    private final Map<String, Topic> topics = new TreeMap<>();
    private final Map<TopicPartitionRef, Integer> leaders = new HashMap<>();
    private final Map<TopicPartitionRef, Map<Integer, Integer>> dropped = new HashMap<>();
    private final Map<String, Integer> levels = new TreeMap<>();
    private final Map<String, Integer> supported = new TreeMap<>();
    private final Map<Integer, Integer> lagging = new HashMap<>();
    private int failingReads;
    private int active;

    /** Brokers and voters (a node in both is a combined one); the lowest voter leads the quorum. */
    public FakeUpgradeAdmin(List<String> calls, Set<Integer> brokers, Set<Integer> voters) {
        this.calls = calls;
        this.brokers = new TreeSet<>(brokers);
        this.voters = new TreeSet<>(voters);
        this.active = this.voters.iterator().next();
    }

    /** {@code feature} finalized at {@code level}, raisable up to {@code max}. */
    public synchronized FakeUpgradeAdmin feature(String feature, int level, int max) {
        levels.put(feature, level);
        supported.put(feature, max);
        return this;
    }

    /** Partition i on {@code replicas.get(i)}, led by its first replica. */
    public synchronized void createTopic(String name, List<List<Integer>> replicas, int minIsr, boolean unclean) {
        topics.put(name, new Topic(List.copyOf(replicas), minIsr, unclean));
        for (int p = 0; p < replicas.size(); p++) leaders.put(new TopicPartitionRef(name, p), replicas.get(p).get(0));
    }

    public synchronized void leadership(int voter) {
        if (!voters.contains(voter)) throw new IllegalArgumentException(voter + " is not a voter");
        active = voter;
    }

    public synchronized void stop(int node) {
        down.add(node);
        if (node == active) {
            voters.stream().filter(v -> !down.contains(v) && !lags(v)).findFirst().ifPresent(v -> active = v);
        }
        leaders.replaceAll((tp, leader) -> leader != null && leader == node ? firstLive(tp) : leader);
    }

    public synchronized void start(int node) {
        down.remove(node);
        leaders.replaceAll((tp, leader) -> leader == null ? firstLive(tp) : leader);
    }

    /** {@code broker}'s replica of {@code tp} is out of the ISR for the next {@code reads} reads (a slow follower). */
    public synchronized void dropFromIsr(TopicPartitionRef tp, int broker, int reads) {
        dropped.computeIfAbsent(tp, k -> new HashMap<>()).put(broker, reads);
    }

    /**
     * Injected: voter {@code node} is {@link #LAG_RECORDS} records behind the leader for the next {@code reads} reads
     * of the quorum (each {@link #quorumRisks} and {@link #voterCaughtUp} is one read), e.g. a controller slow to
     * replay the metadata log. The active controller cannot lag behind itself.
     */
    public synchronized void lagVoter(int node, int reads) {
        if (!voters.contains(node) || node == active) {
            throw new IllegalArgumentException(node + " is not a follower voter");
        }
        lagging.put(node, reads);
    }

    /**
     * Injected: the next {@code n} questions about nodes and partitions (min ISR, quorum risks, broker up, voter
     * caught up, the counts) fail with an {@link AdminException}, as the Admin client's do when it times out while a
     * node restarts. Elections, feature raises and the topic settings are not affected.
     */
    public synchronized void failReads(int n) {
        failingReads = n;
    }

    /** How many of the {@link #failReads injected failures} are still to come. */
    public synchronized int readsLeftToFail() {
        return failingReads;
    }

    private void read() throws AdminException {
        if (failingReads <= 0) return;
        failingReads--;
        throw new AdminException("Timed out waiting for a node assignment", null);
    }

    private boolean lags(int voter) {
        return lagging.getOrDefault(voter, 0) > 0;
    }

    /** One read of the quorum: counts down the lags. */
    private void readQuorum() {
        lagging.replaceAll((v, reads) -> reads - 1);
    }

    private Integer firstLive(TopicPartitionRef tp) {
        return replicas(tp).stream().filter(b -> !down.contains(b)).findFirst().orElse(null);
    }

    List<Integer> replicas(TopicPartitionRef tp) {
        return topics.get(tp.topic()).replicas().get(tp.partition());
    }

    /** One read of every partition's ISR; the read counts down the drops. */
    Map<TopicPartitionRef, List<Integer>> readIsrs() {
        Map<TopicPartitionRef, List<Integer>> out = new TreeMap<>();
        for (TopicPartitionRef tp : leaders.keySet()) {
            Map<Integer, Integer> d = dropped.getOrDefault(tp, Map.of());
            out.put(tp, replicas(tp).stream().filter(b -> !down.contains(b) && d.getOrDefault(b, 0) <= 0).toList());
        }
        dropped.values().forEach(d -> d.replaceAll((b, reads) -> reads - 1));
        return out;
    }

    Map<String, Topic> topics() {
        return topics;
    }

    Set<Integer> brokers() {
        return brokers;
    }

    Set<Integer> voters() {
        return voters;
    }

    boolean isDown(int node) {
        return down.contains(node);
    }

    Integer leader(TopicPartitionRef tp) {
        return leaders.get(tp);
    }

    @Override
    public synchronized List<String> wouldFallBelowMinIsr(int node) throws AdminException {
        read();
        calls.add("gate-minisr " + node);
        List<String> out = new ArrayList<>();
        readIsrs().forEach((tp, isr) -> {
            if (isr.contains(node) && isr.size() - 1 < topics.get(tp.topic()).minIsr()) out.add(tp.toString());
        });
        return out;
    }

    @Override
    public synchronized List<Placement> placements() throws AdminException {
        read();
        calls.add("placements");
        List<Placement> out = new ArrayList<>();
        readIsrs().forEach((tp, isr) -> out.add(new Placement(tp.toString(), replicas(tp), isr,
                topics.get(tp.topic()).minIsr())));
        return out;
    }

    @Override
    public synchronized List<String> quorumRisks(int node) throws AdminException {
        read();
        if (!voters.contains(node)) return List.of();
        int majority = voters.size() / 2 + 1;
        List<String> risks = new ArrayList<>();
        int caughtUp = 0;
        for (int v : voters) {
            if (v == node) continue;
            if (down.contains(v)) risks.add("controller " + v + " is down");
            else if (lags(v)) risks.add("controller " + v + " is " + LAG_RECORDS + " records behind");
            else caughtUp++;
        }
        readQuorum();
        if (caughtUp >= majority) return List.of();
        calls.add("quorum-risk " + node);
        risks.add("without node " + node + " only " + caughtUp + " of " + voters.size()
                + " voters are caught up (a majority needs " + majority + ")");
        return risks;
    }

    @Override
    public synchronized OptionalInt activeController() {
        return OptionalInt.of(active);
    }

    @Override
    public synchronized boolean brokerUp(int node) throws AdminException {
        read();
        boolean up = brokers.contains(node) && !down.contains(node);
        if (up) calls.add("up " + node);
        return up;
    }

    @Override
    public synchronized boolean voterCaughtUp(int node) throws AdminException {
        read();
        boolean caughtUp = voters.contains(node) && !down.contains(node) && !lags(node);
        readQuorum();
        return caughtUp;
    }

    @Override
    public synchronized int underReplicated() throws AdminException {
        read();
        return (int) readIsrs().entrySet().stream().filter(e -> e.getValue().size() < replicas(e.getKey()).size())
                .count();
    }

    @Override
    public synchronized int offline() throws AdminException {
        read();
        readIsrs();
        return (int) leaders.values().stream().filter(l -> l == null).count();
    }

    @Override
    public synchronized void electPreferredLeaders(int node) throws AdminException {
        calls.add("elect " + node);
        for (var e : readIsrs().entrySet()) {
            if (replicas(e.getKey()).get(0) != node || Objects.equals(leaders.get(e.getKey()), node)) continue;
            if (!e.getValue().contains(node)) {
                throw new AdminException("preferred leader election failed for " + e.getKey() + ": " + node
                        + " is not in the ISR", null);
            }
            leaders.put(e.getKey(), node);
        }
    }

    @Override
    public synchronized int finalizedLevel(String feature) {
        return levels.getOrDefault(feature, -1);
    }

    @Override
    public synchronized List<TopicSettings> topicSettings() {
        readIsrs();
        List<TopicSettings> out = new ArrayList<>();
        topics.forEach((name, t) -> out.add(new TopicSettings(name, t.replicas().get(0).size(), t.minIsr(),
                t.unclean())));
        return out;
    }

    @Override
    public synchronized void upgradeFeature(String feature, int level) throws AdminException {
        calls.add("finalize " + feature + " " + level);
        int current = levels.getOrDefault(feature, 0);
        if (level > supported.getOrDefault(feature, 0) || level < current) {
            throw new AdminException("update features: " + feature + " cannot go from level " + current + " to "
                    + level, null);
        }
        levels.put(feature, level);
    }
}
