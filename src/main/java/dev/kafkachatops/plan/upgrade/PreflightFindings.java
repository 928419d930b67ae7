package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.JavaRuntime;
import dev.kafkachatops.domain.version.ConfigRule;
import dev.kafkachatops.domain.version.ReleaseLine;
import dev.kafkachatops.domain.version.VersionCatalogue;
import dev.kafkachatops.plan.upgrade.Finding.Reason;
import dev.kafkachatops.plan.upgrade.UpgradeSnapshot.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The host-side pre-flight findings of a plan, from what the snapshot carries per node:
 * <ol>
 *   <li>Java: every node the plan restarts must have at least the Java floor of the newest line it enters
 *       ({@code config/versions.yaml}, {@code java}); an older one is a blocker naming the nodes and versions (the
 *       broker would stop and never start again), an unreadable one a warning when the floor is above 8;</li>
 *   <li>renamed and removed configs: the keys of each node's config file that a line the plan enters renamed or
 *       removed, which the config-copy step renames or drops (a warning, so configuration management follows).</li>
 * </ol>
 * Nodes with the same finding are listed together, at most {@value #MAX_NODES} by name.
 */
final class PreflightFindings {
    static final int MAX_NODES = 10;
    private static final int NO_FLOOR = 8;

    private PreflightFindings() {
    }

    static List<Finding> of(VersionCatalogue catalogue, UpgradeSnapshot s, List<HopPlan> hops) {
        List<Finding> out = new ArrayList<>();
        java(catalogue, s, hops).ifPresent(out::addAll);
        configRules(s, hops).ifPresent(out::add);
        return out;
    }

    private static Optional<List<Finding>> java(VersionCatalogue catalogue, UpgradeSnapshot s, List<HopPlan> hops) {
        Optional<ReleaseLine> newest = hops.stream().map(h -> catalogue.lineOf(h.to())).flatMap(Optional::stream)
                .reduce((a, b) -> a.javaMin() >= b.javaMin() ? a : b);
        if (newest.isEmpty()) return Optional.empty();
        int floor = newest.get().javaMin();
        List<Node> restarted = restarted(s, hops);
        Map<String, List<Node>> tooOld = new TreeMap<>();
        List<Node> unknown = new ArrayList<>();
        for (Node n : restarted) {
            if (n.java().isEmpty()) unknown.add(n);
            else if (n.java().get().major() < floor) tooOld.computeIfAbsent(n.java().get().version(), v -> new ArrayList<>()).add(n);
        }
        List<Finding> out = new ArrayList<>();
        if (!tooOld.isEmpty()) {
            String which = tooOld.values().stream().map(PreflightFindings::withJava).collect(Collectors.joining("; "));
            out.add(new Finding(Reason.JAVA_TOO_OLD, which + ": Kafka " + newest.get().version() + " brokers need Java "
                    + floor + " or newer, so a stopped broker would not start again. Install Java " + floor
                    + "+ there and point the broker's start at it (JAVA_HOME, or javaHome in the host's config), "
                    + "then plan again"));
        }
        if (!unknown.isEmpty() && floor > NO_FLOOR) {
            out.add(new Finding(Reason.JAVA_UNKNOWN, "the Java of " + describe(unknown) + " could not be read: "
                    + "check by hand that it is " + floor + " or newer before approving"));
        }
        return Optional.of(out);
    }

    /** "node 2 (h2) and node 3 (h3) run Java 11.0.22 (/usr/bin/java)" */
    private static String withJava(List<Node> nodes) {
        JavaRuntime j = nodes.get(0).java().orElseThrow();
        return describe(nodes) + (nodes.size() == 1 ? " runs " : " run ") + j.describe();
    }

    private static Optional<Finding> configRules(UpgradeSnapshot s, List<HopPlan> hops) {
        Map<Integer, List<ConfigRule>> perNode = new TreeMap<>();
        for (UpgradeStep step : hops.stream().flatMap(h -> h.steps().stream()).toList()) {
            if (step.kind() != StepKind.WRITE_CONFIG || step.configRules().isEmpty()) continue;
            perNode.computeIfAbsent(step.node().orElseThrow(), k -> new ArrayList<>()).addAll(step.configRules());
        }
        if (perNode.isEmpty()) return Optional.empty();
        Map<String, List<Node>> byChange = new LinkedHashMap<>();
        perNode.forEach((id, rules) -> byChange.computeIfAbsent(rules.stream().map(ConfigRule::describe)
                .collect(Collectors.joining(", ")), k -> new ArrayList<>()).add(s.node(id).orElseThrow()));
        String text = byChange.entrySet().stream().map(e -> describe(e.getValue()) + ": " + e.getKey())
                .collect(Collectors.joining("; "));
        return Optional.of(new Finding(Reason.CONFIG_RENAMED, text + ". The config-copy step renames or drops them "
                + "(the old version's file stays as it was); change them in your configuration management too"));
    }

    private static List<Node> restarted(UpgradeSnapshot s, List<HopPlan> hops) {
        return hops.stream().flatMap(h -> h.restartOrder().stream()).distinct().sorted()
                .map(id -> s.node(id).orElseThrow()).toList();
    }

    /** "node 1 (h1), node 2 (h2)", at most {@value #MAX_NODES} named, then "and 290 more". */
    static String describe(List<Node> nodes) {
        String shown = nodes.stream().limit(MAX_NODES).map(Node::describe).collect(Collectors.joining(", "));
        return nodes.size() > MAX_NODES ? shown + " and " + (nodes.size() - MAX_NODES) + " more" : shown;
    }
}
