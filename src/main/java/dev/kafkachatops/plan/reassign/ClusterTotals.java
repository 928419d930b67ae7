package dev.kafkachatops.plan.reassign;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-broker totals over the whole cluster (all topics): bytes, replicas and preferred leaders. The planner uses
 * them for tie-breaks and disk risks.
 */
record ClusterTotals(Map<Integer, Long> bytes, Map<Integer, Integer> replicas, Map<Integer, Integer> leaders) {

    static ClusterTotals of(ClusterAssignment c) {
        return new ClusterTotals(new HashMap<>(c.bytesPerBroker()), new HashMap<>(c.replicasPerBroker()),
                new HashMap<>(c.preferredLeadersPerBroker()));
    }
}
