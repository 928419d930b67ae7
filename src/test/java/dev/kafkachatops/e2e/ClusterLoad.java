package dev.kafkachatops.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The cluster as the balance criteria see it, read with the Admin API: every partition's replica list
 * (describeTopics) and size (describeLogDirs: the largest replica, as the planner counts it), and per broker the
 * partitions its log dirs hold and their total capacity where reported. Bytes per broker = the sizes of the
 * partitions it is a replica of.
 *
 * @param brokers  broker ids, ascending
 * @param replicas per partition, its replicas, the preferred leader first
 * @param sizes    per partition, its largest replica's size in bytes
 * @param onDisk   per broker, the partitions its log dirs hold
 * @param capacity per broker that reports it, the total bytes of its log dirs
 */
record ClusterLoad(List<Integer> brokers, Map<TopicPartition, List<Integer>> replicas, Map<TopicPartition, Long> sizes,
                   Map<Integer, Set<TopicPartition>> onDisk, Map<Integer, Long> capacity) {
    private static final long TIMEOUT_SECONDS = 15;

    static ClusterLoad read(Admin admin) throws Exception {
        List<Integer> brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                .map(Node::id).sorted().toList();
        Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, List<Integer>> replicas = new TreeMap<>(ClusterLoad::compare);
        if (!names.isEmpty()) {
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            for (TopicDescription t : topics.values()) {
                for (TopicPartitionInfo p : t.partitions()) {
                    replicas.put(new TopicPartition(t.name(), p.partition()), p.replicas().stream().map(Node::id)
                            .toList());
                }
            }
        }
        Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(brokers).allDescriptions()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<TopicPartition, Long> sizes = new HashMap<>();
        Map<Integer, Set<TopicPartition>> onDisk = new TreeMap<>();
        Map<Integer, Long> capacity = new TreeMap<>();
        dirs.forEach((broker, byDir) -> byDir.values().forEach(d -> {
            d.replicaInfos().forEach((tp, info) -> {
                sizes.merge(tp, info.size(), Math::max);
                onDisk.computeIfAbsent(broker, b -> new TreeSet<>(ClusterLoad::compare)).add(tp);
            });
            d.totalBytes().ifPresent(total -> capacity.merge(broker, total, Long::sum));
        }));
        return new ClusterLoad(brokers, replicas, sizes, onDisk, capacity);
    }

    /** Replicas per broker, every broker listed. */
    Map<Integer, Long> replicasPerBroker() {
        return perBroker(r -> r, tp -> 1L);
    }

    /** Preferred leaders (first replicas) per broker, every broker listed. */
    Map<Integer, Long> leadersPerBroker() {
        return perBroker(r -> r.subList(0, 1), tp -> 1L);
    }

    /** Bytes per broker: the sizes of the partitions it is a replica of. */
    Map<Integer, Long> bytesPerBroker() {
        return perBroker(r -> r, this::size);
    }

    long size(TopicPartition tp) {
        return sizes.getOrDefault(tp, 0L);
    }

    long largestPartition() {
        return replicas.keySet().stream().mapToLong(this::size).max().orElse(0);
    }

    /** The mean bytes per broker. */
    double meanBytes() {
        return bytesPerBroker().values().stream().mapToLong(Long::longValue).sum() / (double) brokers.size();
    }

    /** {@code min-max} of a per-broker figure. */
    static String spread(Map<Integer, Long> perBroker) {
        var stats = perBroker.values().stream().mapToLong(Long::longValue).summaryStatistics();
        return stats.getMin() + "-" + stats.getMax();
    }

    /** The fullest broker as a share of the mean, e.g. {@code 132%}. */
    String fullestOfMean() {
        long max = bytesPerBroker().values().stream().mapToLong(Long::longValue).max().orElse(0);
        return Math.round(100 * max / Math.max(1, meanBytes())) + "%";
    }

    private Map<Integer, Long> perBroker(Function<List<Integer>, List<Integer>> which,
                                         Function<TopicPartition, Long> weight) {
        Map<Integer, Long> out = new TreeMap<>();
        brokers.forEach(b -> out.put(b, 0L));
        replicas.forEach((tp, r) -> which.apply(r).forEach(b -> out.merge(b, weight.apply(tp), Long::sum)));
        return out;
    }

    private static int compare(TopicPartition a, TopicPartition b) {
        int c = a.topic().compareTo(b.topic());
        return c != 0 ? c : Integer.compare(a.partition(), b.partition());
    }
}
