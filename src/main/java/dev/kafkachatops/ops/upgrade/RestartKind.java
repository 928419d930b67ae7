package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.OperationKind;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.ops.RunResult;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.run.RunControl;
import dev.kafkachatops.run.upgrade.RestartPayload;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;
import dev.kafkachatops.run.upgrade.UpgradeRunner;
import dev.kafkachatops.view.Format;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

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
        int offline = now.snapshot().offline();
        int urp = now.snapshot().underReplicated();
        if (offline > 0) changes.add(Format.plural(offline, "partition") + (offline == 1 ? " is" : " are") + " offline now");
        if (urp > 0) changes.add(Format.plural(urp, "partition") + (urp == 1 ? " is" : " are") + " under-replicated now");
        return changes;
    }

    /** The longest node by the plan's estimate: the steps of one node, which run back to back. */
    @Override
    public Duration longestStep(RestartPayload p) {
        Map<String, Duration> perNode = new HashMap<>();
        for (UpgradeStep step : p.plan().steps()) {
            String unit = step.key().substring(0, Math.max(0, step.key().lastIndexOf('/')));
            perNode.merge(step.node().isPresent() ? unit : step.key(), step.estimate(), Duration::plus);
        }
        return perNode.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    @Override
    public RunResult run(Operation op, RestartPayload p, RunControl control) {
        if (control.rollbackRequested()) {
            return new RunResult(RunResult.Status.HALTED, "a restart has nothing to roll back (no version and no "
                    + "config were changed): choose Retry or Abort");
        }
        UpgradeRunner runner = runners.apply(op.cluster());
        Set<String> done = control.steps().all().stream().filter(c -> c.status() == Checkpoint.Status.DONE)
                .map(Checkpoint::step).collect(Collectors.toSet());
        Optional<String> checklist = control.steps().get(UpgradeKind.CHECKLIST_STEP).map(Checkpoint::detail)
                .filter(d -> !d.isBlank());
        UpgradeRunner.Outcome o;
        try (RestartReport report = reports.open(op, p.plan(), done, checklist,
                posted -> control.steps().skipped(UpgradeKind.CHECKLIST_STEP, posted))) {
            o = runner.run(p, control, report);
            switch (o.status()) {
                case PAUSED -> {
                    report.stopped("paused");
                    report.paused(o.message());
                }
                case HALTED -> report.stopped("halted");
                case CANCELLED -> report.stopped("cancelled");
                case DONE -> { }
            }
        } // the progress is all in the channel before the outcome is
        return switch (o.status()) {
            case DONE -> new RunResult(RunResult.Status.DONE, o.message() + ".");
            case PAUSED -> new RunResult(RunResult.Status.PAUSED, o.message() + ".");
            case CANCELLED -> new RunResult(RunResult.Status.CANCELLED, o.message() + "; every node is up.");
            case HALTED -> new RunResult(RunResult.Status.HALTED, o.message());
        };
    }
}
