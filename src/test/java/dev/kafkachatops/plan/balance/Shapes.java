package dev.kafkachatops.plan.balance;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.BrokerInfo;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.KafkaGenerator;
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

    static int spread(Map<Integer, ? extends Number> m) {
        long max = m.values().stream().mapToLong(Number::longValue).max().orElse(0);
        long min = m.values().stream().mapToLong(Number::longValue).min().orElse(0);
        return (int) (max - min);
    }
}
