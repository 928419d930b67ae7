package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.UpgradeAdmin;
import dev.kafkachatops.run.RunControl;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Picks the next step in plan order, except that a node about to be restarted is put after the other nodes of its
 * phase while it is the active controller: leadership moves during a roll, and restarting the current controller
 * last keeps the controller fail-overs to one per phase. A node whose restart is under way is finished first.
 */
final class StepOrder {
    private final UpgradeAdmin admin;

    StepOrder(UpgradeAdmin admin) {
        this.admin = admin;
    }

    UpgradeStep next(List<UpgradeStep> remaining, RunControl control) {
        // every checkpoint read once (the store is a database); a node whose restart is under way is finished first
        Set<String> checkpointed = control.steps().all().stream().map(Checkpoint::step).collect(Collectors.toSet());
        Optional<UpgradeStep> inProgress = remaining.stream().filter(s -> s.node().isPresent()
                && s.kind() != StepKind.SAFETY_GATE && started(s, checkpointed)).findFirst();
        if (inProgress.isPresent()) return inProgress.get();
        UpgradeStep first = remaining.get(0);
        if (first.kind() != StepKind.SAFETY_GATE || first.node().isEmpty() || started(first, checkpointed)) {
            return first;
        }
        OptionalInt active;
        try {
            active = admin.activeController();
        } catch (AdminException e) {
            return first;
        }
        if (active.isEmpty() || active.getAsInt() != first.node().get()) return first;
        String phase = phaseKey(first);
        return remaining.stream().filter(s -> s.kind() == StepKind.SAFETY_GATE && s.node().isPresent()
                        && !s.node().equals(first.node()) && phaseKey(s).equals(phase) && !started(s, checkpointed))
                .findFirst().orElse(first);
    }

    private static String phaseKey(UpgradeStep s) {
        String[] parts = s.key().split("/");
        return parts[0] + "/" + parts[1];
    }

    /** Some step of this node in this phase has already been checkpointed (the node's restart is under way). */
    private static boolean started(UpgradeStep gate, Set<String> checkpointed) {
        String prefix = gate.key().substring(0, gate.key().lastIndexOf('/') + 1);
        return checkpointed.stream().anyMatch(k -> k.startsWith(prefix));
    }
}
