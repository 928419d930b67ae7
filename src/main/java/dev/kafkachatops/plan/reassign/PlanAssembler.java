package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns a proposed replica list per partition into a {@link ReassignmentPlan}: the moves, per-broker loads, the
 * time estimate and the risks. Shared by {@link RebalancePlanner} and {@link KafkaGenerator}, so both are measured
 * the same way.
 */
public final class PlanAssembler {
    /** Rate assumed when no throttle is given: 100 MB/s per broker, a busy 1 GbE link or a modest disk. */
    static final long DEFAULT_RATE = 100_000_000L;
    /**
     * The runner's own time per batch: throttles set and removed, the batch submitted, and its end seen at the next
     * poll (every second). Measured: 40 one-partition topics of 0.1-5 MB moved one after another at 100 MB/s took
     * 49-51 s, about 1.2 s a batch ({@code ClusterBalanceIT}).
     */
    static final Duration PER_BATCH = Duration.ofSeconds(1);
    /**
     * Per partition a broker sends or receives in a batch (replica created, ISR joined). Measured: 30 partitions of
     * 64 KiB onto one broker, unthrottled, in 0.46 s on an in-process cluster; rounded up for real networks.
     */
    static final Duration PER_PARTITION = Duration.ofMillis(50);

    private PlanAssembler() {
    }

    public static ReassignmentPlan assemble(ClusterAssignment cluster, String topic, List<Integer> targets,
                                     Map<TopicPartitionRef, List<Integer>> proposed, int lowerBound,
                                     OptionalLong throttle, boolean leadersBalanced, Map<Integer, Long> clusterBytes) {
        List<PartitionInfo> parts = cluster.partitions(topic);
        List<PartitionMove> moves = new ArrayList<>();
        int replicaMoves = 0;
        int leaderChanges = 0;
        long bytes = 0;
        Map<Integer, long[]> load = new TreeMap<>();
        targets.forEach(b -> load.put(b, new long[6]));
        for (PartitionInfo p : parts) {
            List<Integer> to = proposed.getOrDefault(p.tp(), p.replicas());
            account(load, p.replicas(), p.sizeBytes(), 0);
            account(load, to, p.sizeBytes(), 1);
            if (to.equals(p.replicas())) continue;
            PartitionMove m = new PartitionMove(p.tp(), p.replicas(), to,
                    p.sizeBytes() * to.stream().filter(b -> !p.replicas().contains(b)).count());
            moves.add(m);
            replicaMoves += m.added().size();
            leaderChanges += m.leaderChanged() ? 1 : 0;
            bytes += m.bytes();
        }
        Map<Integer, BrokerLoad> brokers = new TreeMap<>();
        load.forEach((b, v) -> brokers.put(b, new BrokerLoad((int) v[0], (int) v[1], (int) v[2], (int) v[3], v[4],
                v[5])));
        Map<TopicPartitionRef, PartitionInfo> byTp = new HashMap<>();
        parts.forEach(p -> byTp.put(p.tp(), p));
        List<Risk> risks = risks(cluster, topic, parts, moves, byTp, throttle, leadersBalanced, clusterBytes);
        return new ReassignmentPlan(topic, targets, moves, replicaMoves, lowerBound, leaderChanges, bytes, brokers,
                throttle, estimate(moves, byTp, throttle), risks);
    }

    private static void account(Map<Integer, long[]> load, List<Integer> replicas, long size, int after) {
        for (int i = 0; i < replicas.size(); i++) {
            long[] v = load.computeIfAbsent(replicas.get(i), x -> new long[6]);
            v[after]++;
            if (i == 0) v[2 + after]++;
            v[4 + after] += size;
        }
    }

    /**
     * The run's time as the runner spends it: batches of at most {@link Batches#MAX_PER_BROKER} moves per broker, one
     * after another. Kafka throttles replication per broker, over all throttled replicas it sends (as leader) or
     * receives, so a batch lasts as long as its busiest broker: the larger of the bytes it receives and sends at the
     * rate, plus {@link #PER_PARTITION} for each partition it receives or sends, plus {@link #PER_BATCH}. Without a
     * throttle the rate is {@link #DEFAULT_RATE}. The throttle holds from the first byte: measured on real brokers at
     * 1 MB/s, 2.1 MB took 2.7 s, 8.4 MB 8.9 s, 21 MB 22.6 s and 10 partitions of 1 MiB 11.8 s (Kafka's replication
     * quota uses a rate over the elapsed time, with no initial burst). Kept to the millisecond: a cluster-wide plan
     * adds the estimates of many small topics.
     */
    static Duration estimate(List<PartitionMove> moves, Map<TopicPartitionRef, PartitionInfo> parts,
                             OptionalLong throttle) {
        long rate = throttle.orElse(DEFAULT_RATE);
        long millis = 0;
        for (List<PartitionMove> batch : Batches.of(moves, Batches.MAX_PER_BROKER)) {
            millis += batchMillis(batch, parts, rate);
        }
        return Duration.ofMillis(millis);
    }

    /**
     * The longest batch of a stored plan as {@link #estimate} counts it: what a run needs left of its window to go
     * on. A stored plan keeps each move's bytes, not the partition's leader, so the source is the first replica of
     * the move (the preferred leader, the leader in a balanced cluster).
     */
    public static Duration longestBatch(ReassignmentPlan plan) {
        long rate = plan.throttleBytesPerSec().orElse(DEFAULT_RATE);
        long worst = 0;
        for (List<PartitionMove> batch : Batches.of(plan.moves(), Batches.MAX_PER_BROKER)) {
            worst = Math.max(worst, batchMillis(batch, Map.of(), rate));
        }
        return Duration.ofMillis(worst);
    }

    /** One batch as the runner spends it: its busiest broker's data at {@code rate}, plus {@link #PER_BATCH}. */
    private static long batchMillis(List<PartitionMove> batch, Map<TopicPartitionRef, PartitionInfo> parts,
                                    long rate) {
        return PER_BATCH.toMillis() + busiestBroker(batch, parts, rate);
    }

    /** Milliseconds the busiest broker of one batch needs to send and receive its data at {@code rate}. */
    private static long busiestBroker(List<PartitionMove> batch, Map<TopicPartitionRef, PartitionInfo> parts,
                                      long rate) {
        Map<Integer, long[]> io = new HashMap<>();
        for (PartitionMove m : batch) {
            if (m.added().isEmpty()) continue;
            PartitionInfo p = parts.get(m.tp());
            long size = p == null ? m.bytes() / m.added().size() : p.sizeBytes();
            int source = p == null ? m.from().get(0) : p.leader().orElse(p.isr().isEmpty() ? m.from().get(0)
                    : p.isr().get(0));
            long[] s = io.computeIfAbsent(source, x -> new long[4]);
            s[1] += size * m.added().size();
            s[3]++;
            for (int b : m.added()) {
                long[] d = io.computeIfAbsent(b, x -> new long[4]);
                d[0] += size;
                d[2]++;
            }
        }
        long worst = 0;
        for (long[] v : io.values()) {
            long transfer = (long) Math.ceil(Math.max(v[0], v[1]) * 1000.0 / rate);
            worst = Math.max(worst, transfer + PER_PARTITION.toMillis() * Math.max(v[2], v[3]));
        }
        return worst;
    }

    private static List<Risk> risks(ClusterAssignment cluster, String topic, List<PartitionInfo> parts,
                                    List<PartitionMove> moves, Map<TopicPartitionRef, PartitionInfo> byTp,
                                    OptionalLong throttle, boolean leadersBalanced, Map<Integer, Long> used) {
        List<Risk> out = new ArrayList<>();
        List<PartitionMove> data = moves.stream().filter(m -> !m.added().isEmpty()).toList();
        long single = data.stream().filter(m -> byTp.get(m.tp()).replicationFactor() == 1).count();
        if (single > 0) {
            out.add(new Risk(Risk.Reason.REPLICATION_FACTOR_ONE, topic + ": " + single + " moving partition"
                    + (single == 1 ? " has" : "s have") + " a single replica, so no second copy exists while "
                    + (single == 1 ? "it moves" : "they move")));
        }
        List<TopicPartitionRef> offline = parts.stream().filter(PartitionInfo::offline).map(PartitionInfo::tp).toList();
        if (!offline.isEmpty()) {
            out.add(new Risk(Risk.Reason.PARTITIONS_OFFLINE, list(offline) + " (no leader: a move cannot finish "
                    + "until the partition is back)"));
        }
        List<String> under = parts.stream().filter(p -> !p.offline() && p.underReplicated())
                .map(p -> p.tp() + " (ISR " + p.isr().size() + " of " + p.replicationFactor() + ")").toList();
        if (!under.isEmpty()) {
            out.add(new Risk(Risk.Reason.UNDER_REPLICATED, String.join(", ", under.subList(0, Math.min(10,
                    under.size()))) + (under.size() > 10 ? " and " + (under.size() - 10) + " more" : "")
                    + ": copying adds load to brokers already behind"));
        }
        Map<Integer, Long> in = new TreeMap<>();
        for (PartitionMove m : data) {
            for (int b : m.added()) in.merge(b, byTp.get(m.tp()).sizeBytes(), Long::sum);
        }
        in.forEach((b, bytes) -> cluster.broker(b).ifPresent(info -> {
            if (!info.alive()) {
                out.add(new Risk(Risk.Reason.DESTINATION_NOT_ALIVE, "broker " + b + " would receive "
                        + Bytes.format(bytes) + " but is not alive"));
            }
            if (info.freeBytes().isPresent() && bytes > 0) {
                long free = info.freeBytes().getAsLong();
                long capacity = free + used.getOrDefault(b, 0L);
                if (free < bytes * 1.2 || free - bytes < capacity * 0.10) {
                    out.add(new Risk(Risk.Reason.LOW_DISK, "broker " + b + " receives " + Bytes.format(bytes)
                            + " and has " + Bytes.format(free) + " free"));
                }
            }
        }));
        long bytes = data.stream().mapToLong(PartitionMove::bytes).sum();
        if (throttle.isEmpty() && bytes > 0) {
            out.add(new Risk(Risk.Reason.NO_THROTTLE, "copying " + Bytes.format(bytes) + " unthrottled competes "
                    + "with client traffic; set a throttle (e.g. throttle=50MB/s)"));
        }
        if (!leadersBalanced) {
            out.add(new Risk(Risk.Reason.LEADERS_UNBALANCED, "the planned replicas leave some brokers unable to "
                    + "lead their share; the plan keeps preferred leaders as even as it can"));
        }
        return out;
    }

    private static String list(List<TopicPartitionRef> tps) {
        String s = tps.stream().limit(10).map(Object::toString).collect(Collectors.joining(", "));
        return tps.size() > 10 ? s + " and " + (tps.size() - 10) + " more" : s;
    }
}
