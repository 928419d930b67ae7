package dev.kafkachatops.plan.upgrade;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One phase of a hop: its kind, key ({@code hop1/phase1}), a title for people, and its steps in order.
 * {@link #nodeOrder()} is the order in which nodes are restarted (or prepared). {@code batches} groups the nodes the
 * runner restarts together ({@link RollBatches}), in order; empty (and absent in plans stored before batches) means
 * one node at a time. A batched phase lists the steps of a batch's members one member after the other.
 */
public record Phase(Kind kind, String key, String title, List<UpgradeStep> steps, List<List<Integer>> batches) {

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

    /** One node at a time. */
    public Phase(Kind kind, String key, String title, List<UpgradeStep> steps) {
        this(kind, key, title, steps, List.of());
    }

    public Phase {
        batches = batches == null ? List.of() : batches.stream().map(List::copyOf).toList();
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException(key + ": a phase has at least one step");
        for (UpgradeStep s : steps) {
            if (!s.key().startsWith(key + "/")) throw new IllegalArgumentException(s.key() + " is not in " + key);
        }
        if (!batches.isEmpty()) {
            List<Integer> batched = batches.stream().flatMap(List::stream).toList();
            Set<Integer> nodes = Set.copyOf(steps.stream().map(UpgradeStep::node).flatMap(Optional::stream).toList());
            if (new HashSet<>(batched).size() != batched.size() || !new HashSet<>(batched).equals(nodes)) {
                throw new IllegalArgumentException(key + ": batches " + batches + " must hold each node of the phase "
                        + "once " + nodes);
            }
        }
    }

    /** The nodes in restart units, in order: the batches, or every node alone. */
    public List<List<Integer>> units() {
        return batches.isEmpty() ? nodeOrder().stream().map(List::of).toList() : batches;
    }

    /** True when some unit restarts more than one node together. */
    public boolean batched() {
        return batches.stream().anyMatch(b -> b.size() > 1);
    }

    /** The unit {@code node} restarts in (alone when the phase is not batched). */
    public List<Integer> unitOf(int node) {
        return units().stream().filter(b -> b.contains(node)).findFirst().orElse(List.of(node));
    }

    /**
     * The expected duration: the cluster-wide steps, plus per unit its slowest member's steps (a batch's members
     * restart together), the rule {@link RollBatches#estimate} applies to {@code bench roll}'s model too.
     */
    public Duration estimate() {
        Duration cluster = steps.stream().filter(s -> s.node().isEmpty()).map(UpgradeStep::estimate)
                .reduce(Duration.ZERO, Duration::plus);
        Map<Integer, Duration> perNode = steps.stream().filter(s -> s.node().isPresent()).collect(Collectors
                .groupingBy(s -> s.node().get(), Collectors.reducing(Duration.ZERO, UpgradeStep::estimate,
                        Duration::plus)));
        return cluster.plus(RollBatches.estimate(units(), id -> perNode.getOrDefault(id, Duration.ZERO)));
    }

    /** What is left of {@link #estimate()} once the steps {@code done} (keys) are: for an ETA. */
    public Duration remaining(Set<String> done) {
        List<UpgradeStep> left = steps.stream().filter(s -> !done.contains(s.key())).toList();
        Duration cluster = left.stream().filter(s -> s.node().isEmpty()).map(UpgradeStep::estimate)
                .reduce(Duration.ZERO, Duration::plus);
        Map<Integer, Duration> perNode = left.stream().filter(s -> s.node().isPresent()).collect(Collectors
                .groupingBy(s -> s.node().get(), Collectors.reducing(Duration.ZERO, UpgradeStep::estimate,
                        Duration::plus)));
        return cluster.plus(RollBatches.estimate(units(), id -> perNode.getOrDefault(id, Duration.ZERO)));
    }

    /** The estimate of one unit: its slowest member. */
    public Duration estimate(List<Integer> unit) {
        return RollBatches.estimate(List.of(unit), id -> steps.stream().filter(s -> s.node().equals(Optional.of(id)))
                .map(UpgradeStep::estimate).reduce(Duration.ZERO, Duration::plus));
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
