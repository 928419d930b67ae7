package dev.kafkachatops.plan.reassign;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-broker totals over the whole cluster (all topics): bytes, replicas and preferred leaders. The planner uses
 * them for tie-breaks and disk risks; {@link ExpandPlanner} keeps them up to date as its queue grows instead of
 * recounting the cluster for every topic.
 */
record ClusterTotals(Map<Integer, Long> bytes, Map<Integer, Integer> replicas, Map<Integer, Integer> leaders) {

    static ClusterTotals of(ClusterAssignment c) {
        return new ClusterTotals(new HashMap<>(c.bytesPerBroker()), new HashMap<>(c.replicasPerBroker()),
                new HashMap<>(c.preferredLeadersPerBroker()));
    }

    /** Accounts for a plan carried out (mutates this instance's maps). */
    void apply(ReassignmentPlan plan, Map<dev.kafkachatops.domain.TopicPartitionRef, Long> sizes) {
        for (PartitionMove m : plan.moves()) {
            long size = sizes.getOrDefault(m.tp(), 0L);
            account(m.from(), size, -1);
            account(m.to(), size, 1);
        }
    }

    private void account(List<Integer> replicas, long size, int sign) {
        for (int b : replicas) {
            bytes.merge(b, sign * size, Long::sum);
            replicas().merge(b, sign, Integer::sum);
        }
        leaders.merge(replicas.get(0), sign, Integer::sum);
    }
}
