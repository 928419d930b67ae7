package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.UpgradePlan;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** A stored upgrade operation: the plan, and each node's role and version when it was planned (its fingerprint). */
public record UpgradePayload(UpgradePlan plan, Map<Integer, NodeRole> roles, Map<Integer, String> versions) {
    public UpgradePayload {
        roles = Collections.unmodifiableSortedMap(new TreeMap<>(roles));
        versions = Collections.unmodifiableSortedMap(new TreeMap<>(versions));
    }

    public NodeRole role(int node) {
        return roles.getOrDefault(node, NodeRole.BROKER);
    }
}
