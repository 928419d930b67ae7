package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.plan.upgrade.UpgradePlan;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where an upgrade run tells what it does: the checklist (one message edited in place) and the thread. It never
 * blocks the runner and never throws into it; {@link #close} flushes what is pending.
 */
public interface UpgradeReport extends RollReport {
    void rollingBack(int node, String version);

    /** Opens the report of one run. */
    interface Factory {
        /**
         * {@code done}: the steps finished before (a resumed run); {@code checklistTs}: the checklist message of an
         * earlier part of this run, edited again; {@code checklistPosted} is told the ts of a new one.
         */
        UpgradeReport open(Operation op, UpgradePlan plan, Set<String> done, Optional<String> checklistTs,
                           Consumer<String> checklistPosted);
    }
}
