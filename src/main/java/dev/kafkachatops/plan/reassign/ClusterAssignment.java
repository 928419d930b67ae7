package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the planner reads from a cluster: its brokers, the partitions it was asked about (one topic, or all of
 * them for a cluster-wide queue) and their topics' configs. Every replica must name a broker in {@code brokers};
 * a replica on a broker that left the cluster is a broker with {@code alive = false}.
 */
public record ClusterAssignment(List<BrokerInfo> brokers, List<PartitionInfo> partitions,
                                Map<String, Map<String, String>> topicConfigs) {
    public ClusterAssignment {
        brokers = sorted(brokers, Comparator.comparingInt(BrokerInfo::id));
        partitions = sorted(partitions, Comparator.comparing(PartitionInfo::tp));
        Map<String, Map<String, String>> configs = new HashMap<>();
        topicConfigs.forEach((k, v) -> configs.put(k, Map.copyOf(v)));
        topicConfigs = Map.copyOf(configs);
        Set<Integer> ids = new HashSet<>();
        for (BrokerInfo b : brokers) {
            if (!ids.add(b.id())) throw new IllegalArgumentException("broker " + b.id() + " is listed twice");
        }
        Set<TopicPartitionRef> seen = new HashSet<>();
        for (PartitionInfo p : partitions) {
            if (!seen.add(p.tp())) throw new IllegalArgumentException("partition " + p.tp() + " is listed twice");
            for (int r : p.replicas()) {
                if (!ids.contains(r)) {
                    throw new IllegalArgumentException(p.tp() + " has a replica on broker " + r
                            + ", which is not in the broker list " + ids(brokers));
                }
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A snapshot from a reassignment JSON alone (no cluster to ask): every broker named in the file or in
     * {@code moreBrokers} is alive, with the rack given in {@code racks} if any, and every partition is healthy
     * with size 0.
     */
    public static ClusterAssignment offline(List<PartitionReplicas> assignment, java.util.Collection<Integer> moreBrokers,
                                            Map<Integer, String> racks) {
        var ids = new TreeSet<>(moreBrokers);
        assignment.forEach(p -> ids.addAll(p.replicas()));
        List<BrokerInfo> bs = ids.stream().map(id -> new BrokerInfo(id, Optional.ofNullable(racks.get(id)), true,
                OptionalLong.empty())).toList();
        List<PartitionInfo> ps = assignment.stream().map(p -> PartitionInfo.healthy(p.tp(), p.replicas(), 0)).toList();
        return new ClusterAssignment(bs, ps, Map.of());
    }

    public Optional<BrokerInfo> broker(int id) {
        return brokers.stream().filter(b -> b.id() == id).findFirst();
    }

    public List<Integer> brokerIds() {
        return brokers.stream().map(BrokerInfo::id).toList();
    }

    public List<Integer> aliveBrokerIds() {
        return brokers.stream().filter(BrokerInfo::alive).map(BrokerInfo::id).toList();
    }

    public SortedSet<String> topics() {
        return Collections.unmodifiableSortedSet(partitions.stream().map(p -> p.tp().topic())
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    /** The partitions of {@code topic}, by partition number. */
    public List<PartitionInfo> partitions(String topic) {
        return partitions.stream().filter(p -> p.tp().topic().equals(topic)).toList();
    }

    /** Replicas per broker over all partitions in the snapshot; every broker is a key. */
    public Map<Integer, Integer> replicasPerBroker() {
        return count(partitions, false);
    }

    /** Replicas per broker of one topic; every broker is a key. */
    public Map<Integer, Integer> replicasPerBroker(String topic) {
        return count(partitions(topic), false);
    }

    /** Preferred leaders (first replicas) per broker over all partitions; every broker is a key. */
    public Map<Integer, Integer> preferredLeadersPerBroker() {
        return count(partitions, true);
    }

    /** Bytes stored per broker over all partitions in the snapshot; every broker is a key. */
    public Map<Integer, Long> bytesPerBroker() {
        return sum(partitions);
    }

    /** Bytes stored per broker for one topic; every broker is a key. */
    public Map<Integer, Long> bytesPerBroker(String topic) {
        return sum(partitions(topic));
    }

    /**
     * The snapshot after the given partitions have moved: new replica lists, preferred leader leading, every
     * replica in sync, and each broker's free space reduced by what it received and increased by what it dropped.
     */
    public ClusterAssignment withReplicas(Map<TopicPartitionRef, List<Integer>> moved) {
        Map<Integer, Long> freeDelta = new HashMap<>();
        List<PartitionInfo> out = new ArrayList<>(partitions.size());
        for (PartitionInfo p : partitions) {
            List<Integer> to = moved.get(p.tp());
            if (to == null || to.equals(p.replicas())) {
                out.add(p);
                continue;
            }
            for (int b : to) if (!p.replicas().contains(b)) freeDelta.merge(b, -p.sizeBytes(), Long::sum);
            for (int b : p.replicas()) if (!to.contains(b)) freeDelta.merge(b, p.sizeBytes(), Long::sum);
            out.add(PartitionInfo.healthy(p.tp(), to, p.sizeBytes()));
        }
        List<BrokerInfo> bs = brokers.stream().map(b -> {
            long d = freeDelta.getOrDefault(b.id(), 0L);
            if (d == 0 || b.freeBytes().isEmpty()) return b;
            return b.withFreeBytes(Math.max(0, b.freeBytes().getAsLong() + d));
        }).toList();
        return new ClusterAssignment(bs, out, topicConfigs);
    }

    /** The same snapshot with these partition sizes (bytes of the largest replica); others keep theirs. */
    public ClusterAssignment withSizes(Map<TopicPartitionRef, Long> sizes) {
        List<PartitionInfo> out = partitions.stream().map(p -> !sizes.containsKey(p.tp()) ? p
                : new PartitionInfo(p.tp(), p.replicas(), p.leader(), p.isr(), sizes.get(p.tp()))).toList();
        return new ClusterAssignment(brokers, out, topicConfigs);
    }

    /** The snapshot after {@code plan} has been carried out. */
    public ClusterAssignment apply(ReassignmentPlan plan) {
        Map<TopicPartitionRef, List<Integer>> moved = new LinkedHashMap<>();
        plan.moves().forEach(m -> moved.put(m.tp(), m.to()));
        return withReplicas(moved);
    }

    private Map<Integer, Integer> count(List<PartitionInfo> ps, boolean leadersOnly) {
        Map<Integer, Integer> out = new TreeMap<>();
        brokers.forEach(b -> out.put(b.id(), 0));
        for (PartitionInfo p : ps) {
            for (int b : leadersOnly ? p.replicas().subList(0, 1) : p.replicas()) out.merge(b, 1, Integer::sum);
        }
        return Collections.unmodifiableMap(out);
    }

    private Map<Integer, Long> sum(List<PartitionInfo> ps) {
        Map<Integer, Long> out = new TreeMap<>();
        brokers.forEach(b -> out.put(b.id(), 0L));
        for (PartitionInfo p : ps) for (int b : p.replicas()) out.merge(b, p.sizeBytes(), Long::sum);
        return Collections.unmodifiableMap(out);
    }

    private static <T> List<T> sorted(List<T> list, Comparator<T> order) {
        for (int i = 1; i < list.size(); i++) {
            if (order.compare(list.get(i - 1), list.get(i)) > 0) return List.copyOf(list.stream().sorted(order).toList());
        }
        return List.copyOf(list);
    }

    static String ids(List<BrokerInfo> brokers) {
        return brokers.stream().map(b -> String.valueOf(b.id())).collect(Collectors.joining(", "));
    }

    /**
     * A validating fluent builder, mostly for tests: declare brokers first, then partitions. It rejects unknown
     * broker ids, duplicate replicas, an ISR that is not a subset of the replicas and a leader outside the replicas.
     */
    public static final class Builder {
        private final Map<Integer, BrokerInfo> brokers = new TreeMap<>();
        private final List<PartitionInfo> partitions = new ArrayList<>();
        private final Map<String, Map<String, String>> configs = new HashMap<>();

        private Builder() {
        }

        /** Alive brokers without rack. */
        public Builder brokers(int... ids) {
            for (int id : ids) broker(BrokerInfo.of(id));
            return this;
        }

        /** An alive broker in {@code rack}. */
        public Builder broker(int id, String rack) {
            return broker(BrokerInfo.of(id, rack));
        }

        public Builder broker(BrokerInfo b) {
            if (brokers.putIfAbsent(b.id(), b) != null) {
                throw new IllegalArgumentException("broker " + b.id() + " is declared twice");
            }
            return this;
        }

        /** A broker that is registered but not alive (or gone, with replicas still naming it). */
        public Builder deadBroker(int id) {
            return broker(new BrokerInfo(id, Optional.empty(), false, OptionalLong.empty()));
        }

        /** Sets the free disk space of a declared broker. */
        public Builder freeBytes(int id, long bytes) {
            BrokerInfo b = known(id, "freeBytes");
            brokers.put(id, b.withFreeBytes(bytes));
            return this;
        }

        /** Sets the log-dir capacity of a declared broker. */
        public Builder capacityBytes(int id, long bytes) {
            BrokerInfo b = known(id, "capacityBytes");
            brokers.put(id, new BrokerInfo(id, b.rack(), b.alive(), b.freeBytes(), OptionalLong.of(bytes)));
            return this;
        }

        /** A healthy partition of size 0: leader = first replica, all in sync. */
        public Builder partition(String topic, int partition, List<Integer> replicas) {
            return partition(topic, partition, replicas, 0);
        }

        /** A healthy partition: leader = first replica, all in sync. */
        public Builder partition(String topic, int partition, List<Integer> replicas, long sizeBytes) {
            return partition(PartitionInfo.healthy(new TopicPartitionRef(topic, partition), replicas, sizeBytes));
        }

        public Builder partition(String topic, int partition, List<Integer> replicas, Optional<Integer> leader,
                                 List<Integer> isr, long sizeBytes) {
            return partition(new PartitionInfo(new TopicPartitionRef(topic, partition), replicas, leader, isr,
                    sizeBytes));
        }

        public Builder partition(PartitionInfo p) {
            for (int b : p.replicas()) known(b, p.tp().toString());
            partitions.add(p);
            return this;
        }

        /** Partitions 0..n-1 of {@code topic}, partition i on {@code replicas.get(i)}. */
        public Builder topic(String topic, List<List<Integer>> replicas) {
            for (int i = 0; i < replicas.size(); i++) partition(topic, i, replicas.get(i));
            return this;
        }

        public Builder topicConfig(String topic, Map<String, String> config) {
            configs.put(topic, config);
            return this;
        }

        public ClusterAssignment build() {
            return new ClusterAssignment(List.copyOf(brokers.values()), partitions, configs);
        }

        private BrokerInfo known(int id, String where) {
            BrokerInfo b = brokers.get(id);
            if (b == null) {
                throw new IllegalArgumentException(where + ": broker " + id + " is not declared (brokers: "
                        + ids(List.copyOf(brokers.values())) + ")");
            }
            return b;
        }
    }
}
