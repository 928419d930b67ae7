package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.plan.upgrade.RollBatches;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.run.RunControl;
import dev.kafkachatops.run.upgrade.UpgradeRunner.Outcome;
import dev.kafkachatops.view.Format;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs one batch of a batched phase: brokers restarted together, as safe as one at a time.
 * <ol>
 *   <li>Members whose steps are all done are left out (a resumed run repeats no finished node). Members already under
 *       way (a run stopped mid-batch: some step past the safety gate checkpointed) are finished first, without a
 *       gate: stop again (idempotent), start, health gate, leaders.</li>
 *   <li>A safe point: the run pauses or stops here when asked.</li>
 *   <li>The batch safety gate on the live state: no partition may fall below {@code min.insync.replicas} with every
 *       member down. When the batch breaks it now, it is split by first fit over the live state
 *       ({@link RollBatches#split}), the listener hears why, and the parts run in turn, each with its own gate (a
 *       part of one broker waits as a one-at-a-time roll does).</li>
 *   <li>Every member stopped at once (each stop waits until its broker is no longer registered, so no health gate can
 *       pass on an old registration), the per-node config steps, every member started at once, then each member's
 *       health gate and preferred leader election.</li>
 * </ol>
 * Checkpoints stay per node and step, as in a one-at-a-time roll.
 */
final class BatchRun {
    /** How the runner runs steps between their checkpoints (one, or several at once). */
    interface Steps {
        Optional<Outcome> one(UpgradeStep step, Optional<Checkpoint> checkpoint);

        Optional<Outcome> together(List<UpgradeStep> steps, Map<String, Optional<Checkpoint>> checkpoints);

        Optional<Outcome> safePoint(UpgradeStep step, Optional<Checkpoint> checkpoint);

        /** A step passed without acting on its own (a member's safety gate, covered by the batch's). */
        void passed(UpgradeStep step, String detail);
    }

    private final Gates gates;
    private final RunControl control;
    private final UpgradeRunner.Listener listener;
    private final Steps steps;

    BatchRun(Gates gates, RunControl control, UpgradeRunner.Listener listener, Steps steps) {
        this.gates = gates;
        this.control = control;
        this.listener = listener;
        this.steps = steps;
    }

    /** {@code unit}: the steps of the batch's members, each member's in plan order. */
    Optional<Outcome> run(List<Integer> members, List<UpgradeStep> unit) {
        Map<String, Optional<Checkpoint>> cps = new HashMap<>();
        for (Checkpoint c : control.steps().all()) cps.put(c.step(), Optional.of(c));
        List<Integer> left = members.stream().filter(m -> of(unit, m).stream().anyMatch(s -> !done(cps, s))).toList();
        List<Integer> underWay = left.stream().filter(m -> of(unit, m).stream().anyMatch(s -> s.kind()
                != StepKind.SAFETY_GATE && cps.getOrDefault(s.key(), Optional.empty()).isPresent())).toList();
        List<Integer> fresh = left.stream().filter(m -> !underWay.contains(m)).toList();
        if (!underWay.isEmpty()) {
            Optional<Outcome> o = restart(underWay, unit, cps);
            if (o.isPresent()) return o;
        }
        if (fresh.isEmpty()) return Optional.empty();
        return gated(fresh, unit, cps);
    }

    /** The safe point, the batch gate (splitting the batch when it fails), then the restart of the batch. */
    private Optional<Outcome> gated(List<Integer> batch, List<UpgradeStep> unit, Map<String, Optional<Checkpoint>> cps) {
        UpgradeStep firstGate = gate(unit, batch.get(0));
        Optional<Outcome> stop = steps.safePoint(firstGate, cps.getOrDefault(firstGate.key(), Optional.empty()));
        if (stop.isPresent()) return stop;
        if (batch.size() > 1) {
            Gates.BatchCheck check;
            try {
                check = gates.batchSafety(batch);
            } catch (AdminException e) {
                check = null; // the cluster did not answer: one at a time, each with its own gate
            }
            if (check == null || !check.below().isEmpty()) {
                List<List<Integer>> parts = check == null ? batch.stream().map(List::of).toList()
                        : RollBatches.split(batch, check.live());
                listener.batchSplit(batch, parts, check == null ? "the cluster could not be read to check the batch"
                        : Format.plural(check.below().size(), "partition") + " would fall below min.insync.replicas "
                        + "with every broker of the batch down (e.g. " + check.below().get(0) + ")");
                for (List<Integer> part : parts) {
                    Optional<Outcome> o = gated(part, unit, cps);
                    if (o.isPresent()) return o;
                    cps.clear();
                    for (Checkpoint c : control.steps().all()) cps.put(c.step(), Optional.of(c));
                }
                return Optional.empty();
            }
        }
        // the gate steps: for one broker its own gate (which waits); for a batch, passed above, each checkpointed
        for (int m : batch) {
            UpgradeStep g = gate(unit, m);
            if (done(cps, g)) continue;
            if (batch.size() > 1) {
                steps.passed(g, "batch " + batch + ": no partition falls below min.insync.replicas with all of it down");
                continue;
            }
            Optional<Outcome> o = steps.one(g, cps.getOrDefault(g.key(), Optional.empty()));
            if (o.isPresent()) return o;
        }
        return restart(batch, unit, cps);
    }

    /** Stop all, config steps, start all, then each one's health gate and leaders; finished steps are skipped. */
    private Optional<Outcome> restart(List<Integer> batch, List<UpgradeStep> unit,
                                      Map<String, Optional<Checkpoint>> cps) {
        for (StepKind kind : List.of(StepKind.STOP, StepKind.RELINK, StepKind.WRITE_CONFIG, StepKind.START,
                StepKind.HEALTH_GATE, StepKind.ELECT_LEADERS)) {
            List<UpgradeStep> round = batch.stream().flatMap(m -> of(unit, m).stream())
                    .filter(s -> s.kind() == kind && !done(cps, s)).toList();
            if (round.isEmpty()) continue;
            Optional<Outcome> o;
            if (kind == StepKind.STOP || kind == StepKind.START) {
                o = steps.together(round, round.stream().collect(Collectors.toMap(UpgradeStep::key,
                        s -> cps.getOrDefault(s.key(), Optional.empty()))));
            } else {
                o = Optional.empty();
                for (UpgradeStep s : round) {
                    o = steps.one(s, cps.getOrDefault(s.key(), Optional.empty()));
                    if (o.isPresent()) break;
                }
            }
            if (o.isPresent()) return o;
        }
        return Optional.empty();
    }

    private static boolean done(Map<String, Optional<Checkpoint>> cps, UpgradeStep s) {
        return cps.getOrDefault(s.key(), Optional.empty()).map(c -> c.status() == Checkpoint.Status.DONE)
                .orElse(false);
    }

    private static List<UpgradeStep> of(List<UpgradeStep> unit, int member) {
        List<UpgradeStep> out = new ArrayList<>();
        for (UpgradeStep s : unit) if (s.node().equals(Optional.of(member))) out.add(s);
        return out;
    }

    private static UpgradeStep gate(List<UpgradeStep> unit, int member) {
        return of(unit, member).stream().filter(s -> s.kind() == StepKind.SAFETY_GATE).findFirst().orElseThrow();
    }
}
