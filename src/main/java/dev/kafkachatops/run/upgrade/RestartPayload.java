package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.RestartPlan;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** A stored rolling restart: the plan, and each node's role when it was planned (its fingerprint). */
public record RestartPayload(RestartPlan plan, Map<Integer, NodeRole> roles) {
    public RestartPayload {
        roles = Collections.unmodifiableSortedMap(new TreeMap<>(roles));
    }

    public NodeRole role(int node) {
        return roles.getOrDefault(node, NodeRole.BROKER);
    }
}
