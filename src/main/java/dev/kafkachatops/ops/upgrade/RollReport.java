package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.run.upgrade.UpgradeRunner;

/**
 * What an upgrade's and a restart's report share: the checklist (one message edited in place) and the thread. It
 * never blocks the runner and never throws into it; {@link #close} flushes what is pending.
 */
public interface RollReport extends UpgradeRunner.Listener, AutoCloseable {
    /** The run stopped short of the end ({@code how}: "paused", "halted", "cancelled"): the checklist says so. */
    void stopped(String how);

    /** A pause at a safe point (every node up and healthy). */
    void paused(String message);

    @Override
    void close();
}
