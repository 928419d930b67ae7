package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.OperationKind;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.ops.RunResult;
import dev.kafkachatops.plan.upgrade.Phase;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.run.RunControl;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;
import dev.kafkachatops.run.upgrade.UpgradePayload;
import dev.kafkachatops.run.upgrade.UpgradeRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rolling upgrades: {@link UpgradeRunner} over the cluster's Admin API and its hosts, with the checklist report. A
 * halted run offers retry, rollback of the halted node (until the finalize / pin-removal phase), or abort.
 */
public final class UpgradeKind implements OperationKind<UpgradePayload> {
    private final Function<String, SnapshotGatherer> gatherers;
    private final Function<String, UpgradeRunner> runners;
    private final UpgradeReport.Factory reports;

    public UpgradeKind(Function<String, SnapshotGatherer> gatherers, Function<String, UpgradeRunner> runners,
                       UpgradeReport.Factory reports) {
        this.gatherers = gatherers;
        this.runners = runners;
        this.reports = reports;
    }

    @Override
    public OpKind kind() {
        return OpKind.UPGRADE;
    }

    @Override
    public Class<UpgradePayload> payloadType() {
        return UpgradePayload.class;
    }

    @Override
    public String fingerprint(UpgradePayload p) {
        return PlanCodec.hash(p.versions().toString() + "|" + p.roles());
    }

    @Override
    public List<String> changes(Operation op, UpgradePayload p) throws Exception {
        var now = gatherers.apply(op.cluster()).gather(op.cluster());
        List<String> changes = new ArrayList<>();
        if (!now.roles().equals(p.roles())) changes.add("the nodes changed: now " + now.roles() + ", planned " + p.roles());
        p.versions().forEach((node, v) -> {
            String cur = now.versions().get(node);
            if (!v.equals(cur)) changes.add("node " + node + " runs " + (cur == null ? "an unknown version" : cur)
                    + " (planned from " + v + ")");
        });
        Rolls.unhealthy(now.snapshot(), changes);
        return changes;
    }

    @Override
    public int extraApprovals(UpgradePayload p) {
        return p.extraApprovals();
    }

    /** The longest node by the plan's estimate: the steps of one node in one phase, which run back to back. */
    @Override
    public Duration longestStep(UpgradePayload p) {
        return Rolls.longestNode(p.plan().steps());
    }

    @Override
    public RunResult run(Operation op, UpgradePayload p, RunControl control) {
        UpgradeRunner runner = runners.apply(op.cluster());
        UpgradeRunner.Outcome o;
        try (UpgradeReport report = reports.open(op, p.plan(), Rolls.done(control), Rolls.checklist(control),
                posted -> control.steps().skipped(Rolls.CHECKLIST_STEP, posted))) {
            if (control.rollbackRequested()) return rollback(p, runner, control, report);
            o = runner.run(p, control, report);
            Rolls.reportStop(o, report);
        } // the progress is all in the channel before the outcome is
        return Rolls.result(o, o.haltedAt().flatMap(s -> rollbackTarget(p, s).map(v -> " (node" + s.node()
                .map(n -> " " + n).orElse("") + " can be rolled back to " + v + ")")).orElse(""));
    }

    /** The version the halted step's node ran before its hop, if the hop is still before its finalize phase. */
    static Optional<String> rollbackTarget(UpgradePayload p, UpgradeStep halted) {
        for (var h : p.plan().hops()) {
            for (Phase ph : h.phases()) {
                if (!ph.steps().contains(halted)) continue;
                if (ph.kind() == Phase.Kind.FINALIZE || ph.kind() == Phase.Kind.REMOVE_PINS) return Optional.empty();
                return Optional.of(h.from().toString());
            }
        }
        return Optional.empty();
    }

    private RunResult rollback(UpgradePayload p, UpgradeRunner runner, RunControl control, UpgradeReport report) {
        Optional<UpgradeStep> failed = control.steps().all().stream()
                .filter(c -> c.status() == Checkpoint.Status.FAILED).reduce((a, b) -> b)
                .flatMap(c -> p.plan().steps().stream().filter(s -> s.key().equals(c.step())).findFirst());
        Optional<String> version = failed.flatMap(s -> rollbackTarget(p, s));
        if (failed.isEmpty() || failed.get().node().isEmpty() || version.isEmpty()) {
            return new RunResult(RunResult.Status.HALTED, "nothing to roll back: the halted step "
                    + failed.map(UpgradeStep::key).orElse("?") + " is past the point where a node can go back");
        }
        int node = failed.get().node().get();
        report.rollingBack(node, version.get());
        try {
            runner.rollback(node, version.get(), p.role(node), report);
        } catch (Exception e) {
            return new RunResult(RunResult.Status.HALTED, "rollback of node " + node + " to " + version.get()
                    + " failed: " + e.getMessage());
        }
        return new RunResult(RunResult.Status.CANCELLED, "node " + node + " was rolled back to " + version.get()
                + " and is healthy; the upgrade is aborted there (the cluster may run mixed versions: plan again to "
                + "continue).");
    }
}
