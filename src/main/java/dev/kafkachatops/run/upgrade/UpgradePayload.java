package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.UpgradePlan;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stored upgrade operation: the plan, each node's role and version when it was planned (its fingerprint), and how
 * many approvals it needs beyond the cluster's {@code required} (a skipped rehearsal: one; absent in older plans).
 */
public record UpgradePayload(UpgradePlan plan, Map<Integer, NodeRole> roles, Map<Integer, String> versions,
                             int extraApprovals) {
    public UpgradePayload {
        roles = Collections.unmodifiableSortedMap(new TreeMap<>(roles));
        versions = Collections.unmodifiableSortedMap(new TreeMap<>(versions));
        if (extraApprovals < 0) throw new IllegalArgumentException("extraApprovals must not be negative");
    }

    public UpgradePayload(UpgradePlan plan, Map<Integer, NodeRole> roles, Map<Integer, String> versions) {
        this(plan, roles, versions, 0);
    }

    public NodeRole role(int node) {
        return roles.getOrDefault(node, NodeRole.BROKER);
    }
}
