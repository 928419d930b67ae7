package dev.kafkachatops.port;

import java.time.Instant;

/**
 * Durable timers for operations (Quartz on the JDBC store in production): at {@code at} the scheduler calls back
 * into the operation service with the operation id, even if the bot restarted in between.
 */
public interface JobScheduler {
    /**
     * Fires the operation at {@code at}. {@code breakGlass} marks a run-now: it may start outside a window.
     * Replaces any earlier timer of the same operation.
     */
    void schedule(String operationId, Instant at, boolean breakGlass);

    /** Removes the operation's pending timers (a running job is not interrupted). */
    void unschedule(String operationId);
}
