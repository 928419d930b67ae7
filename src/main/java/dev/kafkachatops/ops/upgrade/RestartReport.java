package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.plan.upgrade.RestartPlan;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where a rolling restart tells what it does: the checklist (one message edited in place) and the thread, as an
 * upgrade's ({@link UpgradeReport}) without the rollback. It never blocks the runner and never throws into it;
 * {@link #close} flushes what is pending.
 */
public interface RestartReport extends RollReport {
    /** Opens the report of one run; the arguments are {@link UpgradeReport.Factory#open}'s. */
    interface Factory {
        RestartReport open(Operation op, RestartPlan plan, Set<String> done, Optional<String> checklistTs,
                           Consumer<String> checklistPosted);
    }
}
