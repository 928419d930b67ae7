package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A planned rolling restart: what was asked ({@code brokers}, {@code controllers}; neither means every node), why
 * ({@code reason}, checked by the command's grammar), and its phases: a check of the cluster, then the controllers
 * (the active one last), then the brokers, each node with the upgrade's per-node procedure minus the version change.
 */
public record RestartPlan(String cluster, ClusterMode mode, List<Integer> brokers, boolean controllers,
                          Optional<String> reason, List<Phase> phases, Duration estimated) {
    public RestartPlan {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(mode, "mode");
        brokers = List.copyOf(brokers);
        Objects.requireNonNull(reason, "reason");
        phases = List.copyOf(phases);
        Objects.requireNonNull(estimated, "estimated");
        if (phases.stream().noneMatch(Phase::restartsNodes)) throw new IllegalArgumentException("nothing to restart");
        var keys = new HashSet<String>();
        for (UpgradeStep s : phases.stream().flatMap(p -> p.steps().stream()).toList()) {
            if (!keys.add(s.key())) throw new IllegalArgumentException("duplicate step key " + s.key());
            if (s.kind() == StepKind.RELINK || s.kind() == StepKind.WRITE_CONFIG || s.kind() == StepKind.INSTALL
                    || s.kind() == StepKind.FINALIZE_METADATA) {
                throw new IllegalArgumentException(s.key() + ": a restart changes no version and no config");
            }
        }
    }

    /** No selection: every node. */
    public boolean everything() {
        return brokers.isEmpty() && !controllers;
    }

    public List<UpgradeStep> steps() {
        return phases.stream().flatMap(p -> p.steps().stream()).toList();
    }

    /** The nodes in the order they restart, each once. */
    public List<Integer> restartOrder() {
        return phases.stream().filter(Phase::restartsNodes).flatMap(p -> p.nodeOrder().stream()).distinct().toList();
    }

    /** "every node", "the controllers", "brokers 1, 2 and 3", "the controllers and broker 4": what was asked. */
    public String scope() {
        if (everything()) return "every node";
        String listed = brokers.isEmpty() ? "" : (brokers.size() == 1 ? "broker " : "brokers ")
                + RollOrder.ids(brokers);
        if (!controllers) return listed;
        return "the controllers" + (listed.isEmpty() ? "" : " and " + listed);
    }
}
