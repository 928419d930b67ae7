package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared assertions over a plan: what every plan must satisfy. */
final class Checks {
    private Checks() {
    }

    /** Replica lists after the plan, per partition. */
    static Map<TopicPartitionRef, List<Integer>> after(ClusterAssignment c, ReassignmentPlan plan) {
        Map<TopicPartitionRef, List<Integer>> out = new TreeMap<>();
        c.partitions(plan.topic()).forEach(p -> out.put(p.tp(), p.replicas()));
        plan.moves().forEach(m -> out.put(m.tp(), m.to()));
        return out;
    }

    /** RF kept, replicas distinct and on target brokers, every move starts from the current list. */
    static void wellFormed(ClusterAssignment c, ReassignmentPlan plan) {
        Map<TopicPartitionRef, PartitionInfo> now = new HashMap<>();
        c.partitions(plan.topic()).forEach(p -> now.put(p.tp(), p));
        for (PartitionMove m : plan.moves()) {
            assertThat(m.from()).isEqualTo(now.get(m.tp()).replicas());
        }
        after(c, plan).forEach((tp, replicas) -> {
            assertThat(replicas).as(tp.toString()).hasSize(now.get(tp).replicationFactor());
            assertThat(new HashSet<>(replicas)).as(tp.toString()).hasSize(replicas.size());
            assertThat(plan.targetBrokers()).as(tp.toString()).containsAll(replicas);
        });
        assertThat(plan.replicaMoves()).isEqualTo(plan.lowerBound());
    }

    /** Replica count per target broker after the plan. */
    static Map<Integer, Integer> replicas(ClusterAssignment c, ReassignmentPlan plan) {
        Map<Integer, Integer> out = new TreeMap<>();
        plan.targetBrokers().forEach(b -> out.put(b, 0));
        after(c, plan).values().forEach(l -> l.forEach(b -> out.merge(b, 1, Integer::sum)));
        return out;
    }

    /** Preferred leaders per target broker after the plan. */
    static Map<Integer, Integer> leaders(ClusterAssignment c, ReassignmentPlan plan) {
        Map<Integer, Integer> out = new TreeMap<>();
        plan.targetBrokers().forEach(b -> out.put(b, 0));
        after(c, plan).values().forEach(l -> out.merge(l.get(0), 1, Integer::sum));
        return out;
    }

    static int spread(Map<Integer, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).max().orElse(0)
                - counts.values().stream().mapToInt(Integer::intValue).min().orElse(0);
    }

    /** Per rack, replicas of each partition after the plan. */
    static Map<String, Integer> perRack(ClusterAssignment c, List<Integer> replicas) {
        Map<String, Integer> out = new TreeMap<>();
        replicas.forEach(b -> out.merge(c.broker(b).orElseThrow().rack().orElseThrow(), 1, Integer::sum));
        return out;
    }

    /** Round robin like Kafka's with start 0 and no shift: partition i on brokers[i], brokers[i+1], ... */
    static List<List<Integer>> roundRobin(int partitions, int rf, List<Integer> brokers) {
        return java.util.stream.IntStream.range(0, partitions).mapToObj(i -> java.util.stream.IntStream.range(0, rf)
                .mapToObj(j -> brokers.get((i + j) % brokers.size())).toList()).toList();
    }
}
