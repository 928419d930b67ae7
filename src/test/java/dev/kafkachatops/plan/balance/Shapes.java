package dev.kafkachatops.plan.balance;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.BrokerInfo;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.KafkaGenerator;
import dev.kafkachatops.plan.reassign.PartitionInfo;
import dev.kafkachatops.plan.reassign.PartitionMove;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Cluster shapes for the cluster-wide planner's tests, and the state a plan leaves behind. */
final class Shapes {
    private Shapes() {
    }

    /**
     * {@code topics} topics of {@code partitions} partitions each, created by Kafka's round robin on brokers
     * 1..old; brokers old+1..old+added are new and empty. Sizes are uniform in [minBytes, maxBytes] (0 for none).
     */
    static ClusterAssignment expansion(int topics, int partitions, int rf, int old, int added, long minBytes,
                                       long maxBytes, long seed) {
        Random rnd = new Random(seed);
        var b = ClusterAssignment.builder();
        List<BrokerInfo> oldBrokers = new ArrayList<>();
        for (int id = 1; id <= old + added; id++) {
            b.broker(BrokerInfo.of(id));
            if (id <= old) oldBrokers.add(BrokerInfo.of(id));
        }
        for (int t = 0; t < topics; t++) {
            Map<Integer, List<Integer>> created = KafkaGenerator.assign(oldBrokers, partitions, rf, rnd);
            String topic = String.format("topic-%03d", t);
            created.forEach((p, replicas) -> b.partition(topic, p, replicas,
                    maxBytes == 0 ? 0 : minBytes + (long) (rnd.nextDouble() * (maxBytes - minBytes))));
        }
        return b.build();
    }

    /** The cluster once the plan has run. */
    static ClusterAssignment after(ClusterAssignment c, ClusterPlan plan) {
        Map<TopicPartitionRef, List<Integer>> moved = new HashMap<>();
        for (PartitionMove m : plan.moves()) moved.put(m.tp(), m.to());
        return c.withReplicas(moved);
    }

    /** Per target broker, a count over the cluster after the plan. */
    static Map<Integer, Integer> onTargets(ClusterPlan plan, Map<Integer, Integer> counts) {
        Map<Integer, Integer> out = new TreeMap<>();
        plan.targetBrokers().forEach(b -> out.put(b, counts.getOrDefault(b, 0)));
        return out;
    }

    /**
     * Per target broker, its group's disk limit after the plan: {@code max(1.05 x mean, mean + the largest
     * partition)}, rounded down, the mean over the group (one group of all targets when racks are equal or absent).
     */
    static Map<Integer, Long> diskLimits(ClusterAssignment c, ClusterPlan plan, List<List<Integer>> groups) {
        long largest = c.partitions().stream().mapToLong(PartitionInfo::sizeBytes).max().orElse(0);
        Map<Integer, Long> out = new TreeMap<>();
        for (List<Integer> group : groups) {
            long bytes = group.stream().mapToLong(b -> plan.brokers().get(b).bytesAfter()).sum();
            double mean = (double) bytes / group.size();
            group.forEach(b -> out.put(b, (long) Math.floor(Math.max(1.05 * mean, mean + largest))));
        }
        return out;
    }

    static int spread(Map<Integer, ? extends Number> m) {
        long max = m.values().stream().mapToLong(Number::longValue).max().orElse(0);
        long min = m.values().stream().mapToLong(Number::longValue).min().orElse(0);
        return (int) (max - min);
    }

    /**
     * The lowest load the rack rule allows on the fullest target broker, the groups given by rack (one group of all
     * targets when racks are equal or absent): the smallest {@code m} where every group can take at least its
     * forced replicas and all groups together, each at most {@code m} per broker and the rule's most, every replica.
     */
    static int lowestFullest(ClusterAssignment c, List<List<Integer>> groups) {
        int k = groups.size();
        long[] least = new long[k];
        long[] most = new long[k];
        long total = 0;
        for (var p : c.partitions()) {
            int rf = p.replicationFactor();
            total += rf;
            int[] hi = new int[k];
            int sumHi = 0;
            for (int g = 0; g < k; g++) sumHi += hi[g] = Math.min((rf + k - 1) / k, groups.get(g).size());
            for (int g = 0; g < k; g++) {
                least[g] += Math.max(rf / k, rf - (sumHi - hi[g]));
                most[g] += hi[g];
            }
        }
        int brokers = groups.stream().mapToInt(List::size).sum();
        long m = (total + brokers - 1) / brokers;
        for (int g = 0; g < k; g++) m = Math.max(m, (least[g] + groups.get(g).size() - 1) / groups.get(g).size());
        while (true) {
            long room = 0;
            for (int g = 0; g < k; g++) room += Math.min(m * groups.get(g).size(), most[g]);
            if (room >= total) return (int) m;
            m++;
        }
    }
}
