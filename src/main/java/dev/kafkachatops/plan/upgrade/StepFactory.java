package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.version.ConfigRule;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.domain.version.MetadataLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds the steps of one phase, with their keys ({@code <phase>/<role>-<id>/<kind>}), texts and estimates. A node's
 * roll follows the guide: may it stop, stop (controlled shutdown), switch the link, copy the config into the new
 * version and set the options (backup first, atomic write), start, health gate, preferred leader election.
 */
final class StepFactory {
    private final String phaseKey;
    private final UpgradeEstimates estimates;

    StepFactory(String phaseKey, UpgradeEstimates estimates) {
        this.phaseKey = phaseKey;
        this.estimates = estimates;
    }

    /**
     * Restart {@code n} onto the binaries of {@code to}, writing {@code set} into the copied config and applying
     * {@code rules} (keys the target renamed or removed, those the node's config has).
     */
    List<UpgradeStep> roll(NodeState n, KafkaVersion to, Map<String, String> set, List<ConfigRule> rules) {
        List<UpgradeStep> out = new ArrayList<>();
        out.add(node(n, StepKind.SAFETY_GATE, to, Map.of(), List.of(), safetyText(n)));
        out.add(node(n, StepKind.STOP, to, Map.of(), List.of(), "stop " + n.name()
                + (n.role().isBroker() ? " (controlled shutdown moves its leaders to other brokers)" : "")));
        out.add(node(n, StepKind.RELINK, to, Map.of(), List.of(), "point the kafka link on " + n.node().host()
                + " at the " + to + " install"));
        out.add(node(n, StepKind.WRITE_CONFIG, to, set, List.of(), rules, "copy " + n.name() + "'s config into the "
                + to + " install (backup first, atomic write)" + (set.isEmpty() ? "" : ", setting " + assignments(set))
                + rules(rules)));
        out.addAll(afterStop(n, to, "start " + n.name() + " on " + to));
        return out;
    }

    /** Restart {@code n} on its current binaries after removing {@code remove} from its config. */
    List<UpgradeStep> reconfigure(NodeState n, KafkaVersion at, List<String> remove) {
        List<UpgradeStep> out = new ArrayList<>();
        out.add(node(n, StepKind.SAFETY_GATE, at, Map.of(), List.of(), safetyText(n)));
        out.add(node(n, StepKind.STOP, at, Map.of(), List.of(), "stop " + n.name()
                + " (controlled shutdown moves its leaders to other brokers)"));
        out.add(node(n, StepKind.WRITE_CONFIG, at, Map.of(), remove, List.of(), "remove " + String.join(" and ", remove)
                + " from " + n.name() + "'s config (backup first, atomic write)"));
        out.addAll(afterStop(n, at, "start " + n.name() + " again on " + at));
        return out;
    }

    /**
     * Restart {@code n} as it is, on its version and its config (the rolling restart): may it stop, stop, start,
     * health gate, preferred leader election. No relink, no config copy.
     */
    List<UpgradeStep> restart(NodeState n) {
        List<UpgradeStep> out = new ArrayList<>();
        out.add(unchanged(n, StepKind.SAFETY_GATE, safetyText(n)));
        out.add(unchanged(n, StepKind.STOP, "stop " + n.name()
                + (n.role().isBroker() ? " (controlled shutdown moves its leaders to other brokers)" : "")));
        out.add(unchanged(n, StepKind.START, "start " + n.name() + " again, same version and config"));
        out.add(unchanged(n, StepKind.HEALTH_GATE, healthText(n)));
        if (n.role().isBroker()) {
            out.add(unchanged(n, StepKind.ELECT_LEADERS, "preferred leader election for the partitions of "
                    + n.name() + ", so leadership is balanced before the next node"));
        }
        return out;
    }

    UpgradeStep restartPreflight() {
        return cluster("preflight", StepKind.PREFLIGHT, Optional.empty(), "check the cluster before the restart: "
                + "no offline and no under-replicated partitions");
    }

    UpgradeStep install(NodeState n, KafkaVersion to, String mirror) {
        return node(n, StepKind.INSTALL, to, Map.of(), List.of(), "download Kafka " + to + " from " + mirror
                + " onto " + n.node().host() + ", verify its checksum and unpack it beside the current install");
    }

    UpgradeStep preflight(int hop, KafkaVersion to) {
        return cluster("preflight", StepKind.PREFLIGHT, Optional.empty(), "check the cluster before hop " + hop
                + " to " + to + ": every node running and as planned, no offline and no under-replicated partitions");
    }

    UpgradeStep finalizeMetadata(MetadataLevel level) {
        return cluster("finalize-metadata", StepKind.FINALIZE_METADATA,
                Optional.of(new UpgradeStep.FeatureLevel(MetadataLevel.FEATURE, level.level())),
                "raise " + MetadataLevel.FEATURE + " to " + level + " with updateFeatures, level set explicitly "
                        + "(by hand: kafka-features.sh upgrade --feature " + MetadataLevel.FEATURE + "="
                        + level.level() + ")");
    }

    private List<UpgradeStep> afterStop(NodeState n, KafkaVersion to, String startText) {
        List<UpgradeStep> out = new ArrayList<>();
        out.add(node(n, StepKind.START, to, Map.of(), List.of(), startText));
        out.add(node(n, StepKind.HEALTH_GATE, to, Map.of(), List.of(), healthText(n)));
        if (n.role().isBroker()) {
            out.add(node(n, StepKind.ELECT_LEADERS, to, Map.of(), List.of(), "preferred leader election for the "
                    + "partitions of " + n.name() + ", so leadership is balanced before the next node"));
        }
        return out;
    }

    private static String safetyText(NodeState n) {
        List<String> checks = new ArrayList<>();
        if (n.role().isBroker()) checks.add("no partition it hosts would fall below min.insync.replicas");
        if (n.role().isController()) checks.add("a majority of the other controllers is caught up");
        return "check that " + n.name() + " may stop: " + String.join(", and ", checks);
    }

    private static String healthText(NodeState n) {
        String self = n.role().isBroker() ? n.name() + " is registered and unfenced"
                : n.name() + " is back in the quorum and caught up";
        if (n.role() == NodeRole.COMBINED) self += ", back in the quorum and caught up";
        return "wait until " + self + ", with no under-replicated and no offline partitions";
    }

    /** ", renaming a → b, dropping c (keys 4.0 no longer accepts)" */
    private static String rules(List<ConfigRule> rules) {
        if (rules.isEmpty()) return "";
        List<String> renamed = rules.stream().filter(r -> !r.removed()).map(ConfigRule::describe).toList();
        List<String> dropped = rules.stream().filter(ConfigRule::removed).map(ConfigRule::key).toList();
        List<String> parts = new ArrayList<>();
        if (!renamed.isEmpty()) parts.add("renaming " + String.join(", ", renamed));
        if (!dropped.isEmpty()) parts.add("dropping " + String.join(", ", dropped));
        return ", " + String.join(", ", parts) + " (keys the target no longer accepts)";
    }

    private static String assignments(Map<String, String> set) {
        return set.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private UpgradeStep node(NodeState n, StepKind kind, KafkaVersion to, Map<String, String> set,
                             List<String> remove, String text) {
        return node(n, kind, to, set, remove, List.of(), text);
    }

    private UpgradeStep node(NodeState n, StepKind kind, KafkaVersion to, Map<String, String> set,
                             List<String> remove, List<ConfigRule> rules, String text) {
        String key = phaseKey + "/" + n.role().label() + "-" + n.id() + "/" + kind.slug();
        return new UpgradeStep(key, kind, Optional.of(n.id()), n.version(), Optional.of(to), set, remove, rules,
                Optional.empty(), text, estimates.of(kind));
    }

    /** A step of a node that stays on its version ({@code from} and {@code to} both its own, if detected). */
    private UpgradeStep unchanged(NodeState n, StepKind kind, String text) {
        String key = phaseKey + "/" + n.role().label() + "-" + n.id() + "/" + kind.slug();
        return new UpgradeStep(key, kind, Optional.of(n.id()), n.version(), n.version(), Map.of(), List.of(),
                List.of(), Optional.empty(), text, estimates.of(kind));
    }

    private UpgradeStep cluster(String name, StepKind kind, Optional<UpgradeStep.FeatureLevel> feature,
                                String text) {
        return new UpgradeStep(phaseKey + "/" + name, kind, Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of(), List.of(), List.of(), feature, text, estimates.of(kind));
    }
}
