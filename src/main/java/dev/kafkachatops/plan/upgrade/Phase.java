package dev.kafkachatops.plan.upgrade;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One phase of a hop: its kind, key ({@code hop1/phase1}), a title for people, and its steps in order.
 * {@link #nodeOrder()} is the order in which nodes are restarted (or prepared).
 */
public record Phase(Kind kind, String key, String title, List<UpgradeStep> steps) {

    /** Phases in the order they run inside a hop; the number is part of step keys and fixed per kind. */
    public enum Kind {
        PREPARE("prepare"),
        ROLL_BINARIES("phase1"),
        REMOVE_PINS("phase2"),
        ROLL_CONTROLLERS("phase1"),
        ROLL_BROKERS("phase2"),
        FINALIZE("phase3");

        private final String slug;

        Kind(String slug) {
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }

    public Phase {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException(key + ": a phase has at least one step");
        for (UpgradeStep s : steps) {
            if (!s.key().startsWith(key + "/")) throw new IllegalArgumentException(s.key() + " is not in " + key);
        }
    }

    /** The nodes this phase acts on, each once, in the order it reaches them. */
    public List<Integer> nodeOrder() {
        return steps.stream().map(UpgradeStep::node).flatMap(Optional::stream).distinct().toList();
    }

    /** True for the phases that stop and start nodes. */
    public boolean restartsNodes() {
        return steps.stream().anyMatch(s -> s.kind() == StepKind.STOP);
    }
}
