package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.version.MetadataLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One hop of a KRaft cluster:
 * <ol>
 *   <li>roll the controllers (controller-only and combined nodes) onto the new binaries, by ascending id with the
 *       active controller last;</li>
 *   <li>roll the broker-only nodes, by ascending id, or in batches ({@link Batching});</li>
 *   <li>finalize {@code metadata.version} to the target line's level, set explicitly with updateFeatures; skipped
 *       when the finalized level is already there.</li>
 * </ol>
 * Only {@code metadata.version} is raised: other features ({@code kraft.version}, {@code transaction.version},
 * {@code group.version}, ...) change behaviour beyond the upgrade and are left to the operator (the plan says so).
 */
final class KraftRoll {
    private KraftRoll() {
    }

    /** {@code levelBefore}: the finalized metadata.version level at the start of the hop, empty if unknown. */
    static HopResult build(HopContext c, OptionalInt levelBefore) {
        List<NodeState> controllers = RollOrder.controllers(c.toRoll(), c.activeController());
        List<NodeState> brokers = RollOrder.brokers(c.toRoll());
        List<Phase> phases = new ArrayList<>();
        if (!controllers.isEmpty()) {
            phases.add(roll(c, Phase.Kind.ROLL_CONTROLLERS, controllers, "Roll "
                    + RollOrder.nodes("controller", controllers) + " onto " + c.to()
                    + (c.activeController().isPresent() ? " (the active controller last)" : "")));
        }
        if (!brokers.isEmpty()) {
            StepFactory f = c.steps(Phase.Kind.ROLL_BROKERS);
            phases.add(c.batchedPhase(Phase.Kind.ROLL_BROKERS, "Roll " + RollOrder.nodes("broker", brokers) + " onto "
                    + c.to(), brokers, n -> f.roll(n, c.to(), Map.of(), c.configRules(n)), OptionalInt.empty()));
        }
        Optional<MetadataLevel> finalize = c.toLine().metadataVersion()
                .filter(mv -> levelBefore.isEmpty() || levelBefore.getAsInt() < mv.level());
        finalize.ifPresent(mv -> phases.add(c.phase(Phase.Kind.FINALIZE, "Finalize metadata.version to " + mv,
                List.of(c.steps(Phase.Kind.FINALIZE).finalizeMetadata(mv)))));
        if (phases.isEmpty()) return new HopResult(Optional.empty(), List.of());
        List<NodeState> rolled = new ArrayList<>(controllers);
        rolled.addAll(brokers);
        phases.add(0, c.prepare(rolled));
        return new HopResult(Optional.of(new HopPlan(c.number(), c.from(), c.to(), c.toLine().upgradeNotes(), phases,
                note(c, rolled, levelBefore))), List.of());
    }

    /** The level the cluster has after the hop. */
    static OptionalInt levelAfter(HopContext c, OptionalInt levelBefore) {
        return c.toLine().metadataVersion().map(mv -> OptionalInt.of(Math.max(mv.level(), levelBefore.orElse(0))))
                .orElse(levelBefore);
    }

    private static Phase roll(HopContext c, Phase.Kind kind, List<NodeState> nodes, String title) {
        StepFactory f = c.steps(kind);
        List<UpgradeStep> steps = new ArrayList<>();
        nodes.forEach(n -> steps.addAll(f.roll(n, c.to(), Map.of(), c.configRules(n))));
        return c.phase(kind, title, steps);
    }

    private static Optional<String> note(HopContext c, List<NodeState> rolled, OptionalInt levelBefore) {
        if (!c.first()) return Optional.empty();
        if (rolled.isEmpty()) {
            return Optional.of("every node already runs " + c.to() + " but metadata.version is "
                    + levelBefore.stream().mapToObj(c.catalogue()::describeMetadataLevel).findFirst().orElse("unknown")
                    + ": only the finalize step is left");
        }
        return c.continuing("node");
    }
}
