package dev.kafkachatops.run;

import dev.kafkachatops.domain.ops.Checkpoint;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What a running operation asks its service while it runs. */
public interface RunControl {
    /** An operator asked to cancel: revert what is in flight and stop. */
    boolean cancelRequested();

    /** Stop at the next safe point: the window has ended, or an operator asked to pause. */
    boolean pauseRequested();

    /** An operator chose to roll back the node a halted upgrade stopped at. */
    default boolean rollbackRequested() {
        return false;
    }

    /** When the current window closes (empty for a break-glass run). */
    Optional<Instant> deadline();

    /** The run's step log, persisted at every call. */
    Steps steps();

    interface Steps {
        List<Checkpoint> all();

        Optional<Checkpoint> get(String step);

        default boolean isDone(String step) {
            return get(step).map(c -> c.status() == Checkpoint.Status.DONE).orElse(false);
        }

        /** Records (inserts or replaces) the state of one step; a null detail is stored as empty. */
        void write(String step, Checkpoint.Status status, String detail);

        default void started(String step, String detail) {
            write(step, Checkpoint.Status.STARTED, detail);
        }

        default void done(String step, String detail) {
            write(step, Checkpoint.Status.DONE, detail);
        }

        default void failed(String step, String detail) {
            write(step, Checkpoint.Status.FAILED, detail);
        }

        default void skipped(String step, String detail) {
            write(step, Checkpoint.Status.SKIPPED, detail);
        }
    }
}
