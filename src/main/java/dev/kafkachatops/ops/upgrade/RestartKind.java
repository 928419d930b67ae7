package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.OperationKind;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.ops.RunResult;
import dev.kafkachatops.run.RunControl;
import dev.kafkachatops.run.upgrade.RestartPayload;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;
import dev.kafkachatops.run.upgrade.UpgradeRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rolling restarts: {@link UpgradeRunner}'s per-node procedure over the cluster's Admin API and its hosts, with the
 * checklist report. A halted run offers retry or abort; there is nothing to roll back (no version and no config
 * changed), so a roll-back request is answered with that and the run stays halted.
 */
public final class RestartKind implements OperationKind<RestartPayload> {
    private final Function<String, SnapshotGatherer> gatherers;
    private final Function<String, UpgradeRunner> runners;
    private final RestartReport.Factory reports;

    public RestartKind(Function<String, SnapshotGatherer> gatherers, Function<String, UpgradeRunner> runners,
                       RestartReport.Factory reports) {
        this.gatherers = gatherers;
        this.runners = runners;
        this.reports = reports;
    }

    @Override
    public OpKind kind() {
        return OpKind.RESTART;
    }

    @Override
    public Class<RestartPayload> payloadType() {
        return RestartPayload.class;
    }

    @Override
    public String fingerprint(RestartPayload p) {
        return PlanCodec.hash(p.roles().toString());
    }

    /** The nodes and their roles as planned; partitions offline or under-replicated now. Versions do not matter. */
    @Override
    public List<String> changes(Operation op, RestartPayload p) throws Exception {
        var now = gatherers.apply(op.cluster()).gather(op.cluster());
        List<String> changes = new ArrayList<>();
        if (!now.roles().equals(p.roles())) changes.add("the nodes changed: now " + now.roles() + ", planned " + p.roles());
        Rolls.unhealthy(now.snapshot(), changes);
        return changes;
    }

    /** The longest node by the plan's estimate: the steps of one node, which run back to back. */
    @Override
    public Duration longestStep(RestartPayload p) {
        return Rolls.longestNode(p.plan().steps());
    }

    @Override
    public RunResult run(Operation op, RestartPayload p, RunControl control) {
        if (control.rollbackRequested()) {
            return new RunResult(RunResult.Status.HALTED, "a restart has nothing to roll back (no version and no "
                    + "config were changed): choose Retry or Abort");
        }
        UpgradeRunner.Outcome o;
        try (RestartReport report = reports.open(op, p.plan(), Rolls.done(control), Rolls.checklist(control),
                posted -> control.steps().skipped(Rolls.CHECKLIST_STEP, posted))) {
            o = runners.apply(op.cluster()).run(p, control, report);
            Rolls.reportStop(o, report);
        } // the progress is all in the channel before the outcome is
        return Rolls.result(o, "");
    }
}
