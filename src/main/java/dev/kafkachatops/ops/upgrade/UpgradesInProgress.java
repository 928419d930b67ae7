package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.upgrade.HopPlan;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.run.upgrade.UpgradePayload;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One upgrade of a cluster at a time: while an upgrade is approved, running, paused or halted, a new upgrade plan is
 * refused with one line that names it, says where it stands and what to do first. Where it stands comes from the
 * store alone: the state, and from the checkpoints how many of the hop's nodes have been switched to its version
 * (their link step done); without checkpoints no numbers are given.
 */
final class UpgradesInProgress {
    /** Approved and not finished, or holding the cluster: a second upgrade would race it. */
    private static final Set<OpState> UNFINISHED = EnumSet.of(OpState.RUNNING, OpState.PAUSED, OpState.HALTED,
            OpState.APPROVED);
    private final OperationStore store;

    UpgradesInProgress(OperationStore store) {
        this.store = store;
    }

    /** The refusal (without the leading mark) if an upgrade of {@code cluster} is unfinished, else empty. */
    Optional<String> refusal(String cluster) {
        List<Operation> open = store.list(Optional.of(cluster), UNFINISHED).stream()
                .filter(o -> o.kind() == OpKind.UPGRADE).toList();
        return open.stream().filter(o -> o.state() != OpState.APPROVED).findFirst().or(() -> open.stream().findFirst())
                .map(this::refusal);
    }

    private String refusal(Operation op) {
        Optional<String> progress = progress(op);
        String id = op.id();
        String where = switch (op.state()) {
            case RUNNING -> "is running" + progress.map(p -> " (" + p + ")").orElse("");
            case PAUSED -> progress.map(p -> "is paused mid-roll (" + p + ")").orElse("is paused before its start");
            case HALTED -> "is halted at a failed step" + progress.map(p -> " (" + p + ")").orElse("");
            default -> "is approved and waits for its window";
        };
        String next = switch (op.state()) {
            case RUNNING -> "let it finish or `cancel " + id + "`";
            case PAUSED -> "`resume " + id + "` or `cancel " + id + "`";
            case HALTED -> "choose Retry, Roll back or Abort in its thread (or `cancel " + id + "`)";
            default -> "let it run or `cancel " + id + "`";
        };
        return "Upgrade " + id + " of " + op.cluster() + " " + where + ": " + next + " first; nothing was changed.";
    }

    /**
     * "2 of 4 nodes on 4.1.2" for the hop the run has reached (with "hop 2 of 3" when there are several), counting
     * the nodes whose link was switched to the hop's version; empty before the first node or if the plan is unreadable.
     */
    private Optional<String> progress(Operation op) {
        List<HopPlan> hops;
        try {
            hops = PlanCodec.readVerified(op, UpgradePayload.class).plan().hops();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Set<String> done = store.checkpoints(op.id()).stream().filter(c -> c.status() == Checkpoint.Status.DONE)
                .map(Checkpoint::step).collect(Collectors.toSet());
        for (int i = hops.size() - 1; i >= 0; i--) {
            HopPlan hop = hops.get(i);
            List<UpgradeStep> relinks = hop.steps().stream().filter(s -> s.kind() == StepKind.RELINK).toList();
            long switched = relinks.stream().filter(s -> done.contains(s.key())).map(UpgradeStep::node).distinct()
                    .count();
            if (switched == 0) continue;
            long nodes = relinks.stream().map(UpgradeStep::node).distinct().count();
            return Optional.of(switched + " of " + nodes + " nodes on " + hop.to()
                    + (hops.size() > 1 ? ", hop " + hop.number() + " of " + hops.size() : ""));
        }
        return Optional.empty();
    }
}
