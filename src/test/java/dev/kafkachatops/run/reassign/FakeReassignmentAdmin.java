package dev.kafkachatops.run.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.ReassignmentAdmin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An in-memory cluster behind {@link ReassignmentAdmin}, behaving as KRaft does (held to it by
 * {@code ReassignmentAdminContract}):
 * <ul>
 *   <li>While a move is in flight, a partition's replicas are the target followed by the replicas being removed;
 *       {@link #inProgressTargets()} shows the target. A move that adds no replica (a reorder) completes at once;
 *       any other is reported by the next {@code pollsInFlight} calls of {@link #inProgress()} (only those made
 *       while every destination broker is alive count) and is done at the call after.</li>
 *   <li>Cancel reverts to the in-flight list minus the added replicas, so the original order can change.</li>
 *   <li>An unknown topic fails every call that names it except {@link #replicaSizes}, which leaves it out.</li>
 *   <li>A stopped broker is registered but not live, and holds no replica sizes.</li>
 * </ul>
 * Every call is written to the shared call log (sets sorted, so the log is deterministic); failures are injected
 * per method ({@link #failAfter}, {@link #failAlways}) and logged with {@code -> failed}.
 */
public final class FakeReassignmentAdmin implements ReassignmentAdmin {
    static final String LEADER_RATE = "leader.replication.throttled.rate";
    static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";

    private record Stale(List<Integer> replicas, int reads) {
    }

    private record Move(List<Integer> original, List<Integer> target, int polls) {
        List<Integer> inFlightReplicas() {
            List<Integer> merged = new ArrayList<>(target);
            original.stream().filter(b -> !target.contains(b)).forEach(merged::add);
            return merged;
        }

        List<Integer> adding() {
            return target.stream().filter(b -> !original.contains(b)).toList();
        }
    }

    private final List<String> calls;
    private final Set<Integer> brokers;
    private final Set<Integer> stopped = new TreeSet<>();
    private final Map<String, List<List<Integer>>> topics = new TreeMap<>();
    private final Map<String, Long> partitionBytes = new HashMap<>();
    private final Map<TopicPartitionRef, Move> moves = new TreeMap<>();
    /** Partitions whose move just completed: what lagging metadata still shows, and for how many reads. */
    private final Map<TopicPartitionRef, Stale> stale = new HashMap<>();
    private final Map<Integer, Map<String, String>> brokerConfigs = new TreeMap<>();
    private final Map<String, Map<String, String>> topicConfigs = new TreeMap<>();
    private final Map<String, Integer> okCallsLeft = new HashMap<>();
    private final int pollsInFlight;
    private int describeLag;

    /** Brokers {@code 0..brokers-1}, moves in flight for {@code pollsInFlight} polls, calls logged to {@code calls}. */
    public FakeReassignmentAdmin(List<String> calls, int brokers, int pollsInFlight) {
        this.calls = calls;
        this.brokers = new TreeSet<>();
        for (int b = 0; b < brokers; b++) this.brokers.add(b);
        this.pollsInFlight = pollsInFlight;
    }

    // ---- set-up and steering (not logged)

    /** Partition {@code i} gets {@code assignment.get(i)}; each holds {@code bytes} (per replica). */
    public void createTopic(String topic, List<List<Integer>> assignment, long bytes) {
        topics.put(topic, new ArrayList<>(assignment.stream().map(List::copyOf).toList()));
        for (int p = 0; p < assignment.size(); p++) partitionBytes.put(topic + "-" + p, bytes);
    }

    public void stopBroker(int broker) {
        stopped.add(broker);
    }

    /** After a move completes, {@link #replicas} shows its in-flight list for this many more reads (metadata lag). */
    public void describeLag(int reads) {
        describeLag = reads;
    }

    /** The next {@code okCalls} calls of {@code method} succeed, the one after fails (once). */
    public void failAfter(String method, int okCalls) {
        okCallsLeft.put(method, okCalls);
    }

    /** Every call of {@code method} fails from now on. */
    public void failAlways(String method) {
        okCallsLeft.put(method, -1);
    }

    /** The replicas now, as a test reads them (not logged, not a poll). */
    public List<Integer> replicasNow(TopicPartitionRef tp) {
        Move m = moves.get(tp);
        return m != null ? m.inFlightReplicas() : topics.get(tp.topic()).get(tp.partition());
    }

    // ---- the port

    @Override
    public Set<Integer> liveBrokers() throws AdminException {
        call("liveBrokers");
        Set<Integer> live = new TreeSet<>(brokers);
        live.removeAll(stopped);
        return live;
    }

    @Override
    public Set<TopicPartitionRef> inProgress() throws AdminException {
        call("inProgress");
        for (var it = moves.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Move m = e.getValue();
            if (m.adding().stream().anyMatch(stopped::contains)) continue;
            if (m.polls() >= pollsInFlight) {
                it.remove();
                setReplicas(e.getKey(), m.target());
                if (describeLag > 0) stale.put(e.getKey(), new Stale(m.inFlightReplicas(), describeLag));
            } else {
                e.setValue(new Move(m.original(), m.target(), m.polls() + 1));
            }
        }
        return new TreeSet<>(moves.keySet());
    }

    @Override
    public Map<TopicPartitionRef, List<Integer>> inProgressTargets() throws AdminException {
        call("inProgressTargets");
        Map<TopicPartitionRef, List<Integer>> out = new TreeMap<>();
        moves.forEach((tp, m) -> out.put(tp, m.target()));
        return out;
    }

    @Override
    public Map<TopicPartitionRef, List<Integer>> replicas(Collection<TopicPartitionRef> partitions)
            throws AdminException {
        call("replicas " + new TreeSet<>(partitions));
        for (TopicPartitionRef tp : partitions) topic(tp.topic());
        Map<TopicPartitionRef, List<Integer>> out = new TreeMap<>();
        for (TopicPartitionRef tp : partitions) {
            if (!exists(tp)) continue;
            Stale s = stale.remove(tp);
            if (s != null && s.reads() > 1) stale.put(tp, new Stale(s.replicas(), s.reads() - 1));
            out.put(tp, s != null ? s.replicas() : replicasNow(tp));
        }
        return out;
    }

    @Override
    public Map<TopicPartitionRef, Map<Integer, Long>> replicaSizes(Collection<TopicPartitionRef> partitions)
            throws AdminException {
        call("replicaSizes " + new TreeSet<>(partitions));
        Map<TopicPartitionRef, Map<Integer, Long>> out = new TreeMap<>();
        for (TopicPartitionRef tp : partitions) {
            if (!exists(tp)) continue;
            long bytes = partitionBytes.get(tp.toString());
            Move m = moves.get(tp);
            Map<Integer, Long> sizes = new TreeMap<>();
            for (int b : replicasNow(tp)) {
                if (stopped.contains(b)) continue;
                boolean copying = m != null && m.adding().contains(b);
                sizes.put(b, copying ? bytes * m.polls() / Math.max(1, pollsInFlight) : bytes);
            }
            out.put(tp, sizes);
        }
        return out;
    }

    @Override
    public void setBrokerThrottle(Set<Integer> brokers, OptionalLong rate) throws AdminException {
        call("setBrokerThrottle " + new TreeSet<>(brokers) + " " + (rate.isPresent() ? rate.getAsLong() : "none"));
        for (int b : brokers) {
            Map<String, String> c = brokerConfigs.computeIfAbsent(b, k -> new TreeMap<>());
            for (String key : List.of(LEADER_RATE, FOLLOWER_RATE)) {
                if (rate.isPresent()) c.put(key, String.valueOf(rate.getAsLong()));
                else c.remove(key);
            }
        }
    }

    @Override
    public void setTopicThrottledReplicas(String topic, List<String> leaderReplicas, List<String> followerReplicas)
            throws AdminException {
        call("setTopicThrottledReplicas " + topic + " " + leaderReplicas + " " + followerReplicas);
        topic(topic);
        Map<String, String> c = topicConfigs.computeIfAbsent(topic, k -> new TreeMap<>());
        setOrRemove(c, LEADER_REPLICAS, leaderReplicas);
        setOrRemove(c, FOLLOWER_REPLICAS, followerReplicas);
    }

    private static void setOrRemove(Map<String, String> config, String key, List<String> values) {
        if (values.isEmpty()) config.remove(key);
        else config.put(key, String.join(",", values));
    }

    @Override
    public Map<String, String> brokerThrottle(int broker) throws AdminException {
        call("brokerThrottle " + broker);
        return new TreeMap<>(brokerConfigs.getOrDefault(broker, Map.of()));
    }

    @Override
    public Map<String, String> topicThrottle(String topic) throws AdminException {
        call("topicThrottle " + topic);
        topic(topic);
        return new TreeMap<>(topicConfigs.getOrDefault(topic, Map.of()));
    }

    @Override
    public void startMoves(Map<TopicPartitionRef, List<Integer>> targets) throws AdminException {
        call("startMoves " + targets);
        for (var e : targets.entrySet()) {
            partition(e.getKey());
            for (int b : e.getValue()) {
                if (!brokers.contains(b)) throw failure("startMoves: broker " + b + " is not registered");
            }
        }
        for (var e : targets.entrySet()) {
            TopicPartitionRef tp = e.getKey();
            revert(tp);
            List<Integer> current = replicasNow(tp);
            Move m = new Move(current, List.copyOf(e.getValue()), 0);
            if (m.adding().isEmpty()) setReplicas(tp, m.target());
            else moves.put(tp, m);
        }
    }

    @Override
    public void cancelMoves(Collection<TopicPartitionRef> partitions) throws AdminException {
        call("cancelMoves " + new TreeSet<>(partitions));
        for (TopicPartitionRef tp : partitions) partition(tp);
        partitions.forEach(this::revert);
    }

    @Override
    public void electPreferredLeaders(Collection<TopicPartitionRef> partitions) throws AdminException {
        call("electPreferredLeaders " + new TreeSet<>(partitions));
        for (TopicPartitionRef tp : partitions) partition(tp);
    }

    // ---- internals

    private void call(String call) throws AdminException {
        String method = call.split(" ", 2)[0];
        Integer left = okCallsLeft.get(method);
        if (left != null && left <= 0) {
            if (left == 0) okCallsLeft.remove(method);
            calls.add(call + " -> failed");
            throw failure(method + " on test failed: injected failure");
        }
        if (left != null) okCallsLeft.put(method, left - 1);
        calls.add(call);
    }

    private void revert(TopicPartitionRef tp) {
        Move m = moves.remove(tp);
        if (m == null) return;
        List<Integer> reverted = new ArrayList<>(m.inFlightReplicas());
        reverted.removeAll(m.adding());
        setReplicas(tp, reverted);
    }

    private void setReplicas(TopicPartitionRef tp, List<Integer> replicas) {
        topics.get(tp.topic()).set(tp.partition(), List.copyOf(replicas));
    }

    private boolean exists(TopicPartitionRef tp) {
        List<List<Integer>> t = topics.get(tp.topic());
        return t != null && tp.partition() < t.size();
    }

    private void topic(String topic) throws AdminException {
        if (!topics.containsKey(topic)) throw failure("This server does not host this topic-partition: " + topic);
    }

    private void partition(TopicPartitionRef tp) throws AdminException {
        if (!exists(tp)) throw failure("This server does not host this topic-partition: " + tp);
    }

    private static AdminException failure(String message) {
        return new AdminException(message, null);
    }
}
