package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.ops.RunResult;
import dev.kafkachatops.plan.upgrade.UpgradeSnapshot;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.run.RunControl;
import dev.kafkachatops.run.upgrade.UpgradeRunner;
import dev.kafkachatops.view.Format;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What {@link UpgradeKind} and {@link RestartKind} do alike: both run {@link UpgradeRunner}'s per-node procedure. */
final class Rolls {
    /**
     * The checkpoint that remembers the checklist message (its ts as the detail), so that a run continued after a
     * pause or a restart edits the same message. Not a plan step: the runner never looks at it.
     */
    static final String CHECKLIST_STEP = "progress-message";

    private Rolls() {
    }

    /** The longest node by the plan's estimate: the steps of one node (in one phase), which run back to back. */
    static Duration longestNode(List<UpgradeStep> steps) {
        Map<String, Duration> perNode = new HashMap<>();
        for (UpgradeStep step : steps) {
            String unit = step.key().substring(0, Math.max(0, step.key().lastIndexOf('/')));
            perNode.merge(step.node().isPresent() ? unit : step.key(), step.estimate(), Duration::plus);
        }
        return perNode.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }

    /** Partitions offline or under-replicated now, each a line of what changed since planning. */
    static void unhealthy(UpgradeSnapshot now, List<String> changes) {
        int offline = now.offline();
        int urp = now.underReplicated();
        if (offline > 0) changes.add(Format.plural(offline, "partition") + (offline == 1 ? " is" : " are") + " offline now");
        if (urp > 0) changes.add(Format.plural(urp, "partition") + (urp == 1 ? " is" : " are") + " under-replicated now");
    }

    /** The steps a run finished before (a resumed run skips them). */
    static Set<String> done(RunControl control) {
        return control.steps().all().stream().filter(c -> c.status() == Checkpoint.Status.DONE)
                .map(Checkpoint::step).collect(Collectors.toSet());
    }

    /** The checklist message of an earlier part of this run, if one was posted. */
    static Optional<String> checklist(RunControl control) {
        return control.steps().get(CHECKLIST_STEP).map(Checkpoint::detail).filter(d -> !d.isBlank());
    }

    /** The checklist and the thread say how a run stopped short of its end. */
    static void reportStop(UpgradeRunner.Outcome o, RollReport report) {
        switch (o.status()) {
            case PAUSED -> {
                report.stopped("paused");
                report.paused(o.message());
            }
            case HALTED -> report.stopped("halted");
            case CANCELLED -> report.stopped("cancelled");
            case DONE -> { }
        }
    }

    /** The run's outcome for the workflow; {@code haltedNote} is added to a halt's message. */
    static RunResult result(UpgradeRunner.Outcome o, String haltedNote) {
        return switch (o.status()) {
            case DONE -> new RunResult(RunResult.Status.DONE, o.message() + ".");
            case PAUSED -> new RunResult(RunResult.Status.PAUSED, o.message() + ".");
            case CANCELLED -> new RunResult(RunResult.Status.CANCELLED, o.message() + "; every node is up.");
            case HALTED -> new RunResult(RunResult.Status.HALTED, o.message() + haltedNote);
        };
    }
}
