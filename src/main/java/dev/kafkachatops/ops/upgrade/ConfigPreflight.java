package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.domain.version.ConfigRule;
import dev.kafkachatops.plan.upgrade.Finding;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradeSnapshot;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.ReleaseConfigs;
import dev.kafkachatops.port.ReleaseConfigs.Verdict;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks each restarted node's config against the target release's own broker config definitions, as the config-copy
 * step will leave it (the plan's renames and removals applied first), and adds the findings to the plan: values the
 * target rejects (a blocker: the broker would not start), keys it does not define (a warning: it starts and ignores
 * them), or that the check could not be made (a warning). Values are never shown for passwords.
 */
public final class ConfigPreflight {
    private static final int MAX_NODES = 10;
    private final ReleaseConfigs releases;

    public ConfigPreflight(ReleaseConfigs releases) {
        this.releases = releases;
    }

    public UpgradePlan check(UpgradePlan plan, SnapshotGatherer.Gathered g) {
        if (plan.isEmpty()) return plan;
        String target = plan.target().toString();
        Set<Integer> restarted = plan.hops().stream().flatMap(h -> h.restartOrder().stream())
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, List<UpgradeSnapshot.Node>> unknown = new LinkedHashMap<>();
        List<String> rejected = new ArrayList<>();
        for (int id : restarted) {
            Optional<Map<String, String>> config = Optional.ofNullable(g.configs().get(id));
            if (config.isEmpty()) continue;
            UpgradeSnapshot.Node node = g.snapshot().node(id).orElseThrow();
            Verdict v;
            try {
                v = releases.check(target, afterCopy(plan, id, config.get()));
            } catch (ReleaseConfigs.Unavailable e) {
                return plan.withFindings(List.of(new Finding(Finding.Reason.CONFIG_NOT_CHECKED, e.getMessage()
                        + ": check each node's config against the " + target + " documentation by hand")));
            }
            if (!v.unknown().isEmpty()) {
                unknown.computeIfAbsent(String.join(", ", v.unknown()), k -> new ArrayList<>()).add(node);
            }
            v.rejected().forEach(r -> rejected.add(node.describe() + ": " + r.key() + "=" + r.shown() + " ("
                    + r.reason() + ")"));
        }
        List<Finding> out = new ArrayList<>();
        if (!rejected.isEmpty()) {
            out.add(new Finding(Finding.Reason.CONFIG_REJECTED, String.join("; ", limit(rejected)) + ": Kafka "
                    + target + " would refuse to start with " + (rejected.size() == 1 ? "this value" : "these values")
                    + "; fix the config of the running version, then plan again"));
        }
        if (!unknown.isEmpty()) {
            out.add(new Finding(Finding.Reason.CONFIG_UNKNOWN, unknown.entrySet().stream()
                    .map(e -> nodes(e.getValue()) + ": " + e.getKey()).collect(Collectors.joining("; "))
                    + ": Kafka " + target + " does not define them (a plugin's own settings, a typo, or a setting "
                    + "removed earlier); the broker starts and ignores them"));
        }
        return out.isEmpty() ? plan : plan.withFindings(out);
    }

    /** The node's config as its last config-copy step leaves it: renamed keys under their new names, removed gone. */
    static Map<String, String> afterCopy(UpgradePlan plan, int node, Map<String, String> config) {
        Map<String, String> out = new TreeMap<>(config);
        for (UpgradeStep s : plan.steps()) {
            if (s.kind() != StepKind.WRITE_CONFIG || !s.node().equals(Optional.of(node))) continue;
            for (ConfigRule r : s.configRules()) {
                String value = out.remove(r.key());
                if (value != null) r.replacedBy().forEach(k -> out.putIfAbsent(k, value));
            }
            s.remove().forEach(out::remove);
            out.putAll(s.set());
        }
        return out;
    }

    private static List<String> limit(List<String> items) {
        if (items.size() <= MAX_NODES) return items;
        List<String> out = new ArrayList<>(items.subList(0, MAX_NODES));
        out.add("and " + (items.size() - MAX_NODES) + " more");
        return out;
    }

    private static String nodes(List<UpgradeSnapshot.Node> nodes) {
        return String.join(", ", limit(nodes.stream().map(UpgradeSnapshot.Node::describe).toList()));
    }
}
