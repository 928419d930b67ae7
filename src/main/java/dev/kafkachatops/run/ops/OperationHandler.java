package dev.kafkachatops.run.ops;

import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;

import java.util.List;

/** Runs one kind of operation (rebalance, expand, upgrade) for the {@link OperationService}. */
public interface OperationHandler {
    OpKind kind();

    /**
     * Re-reads the cluster and lists what changed since the plan was computed that the plan depends on (its
     * fingerprint); empty when it may still run as approved.
     */
    List<String> changes(Operation op) throws Exception;

    /**
     * Executes (or resumes) the plan. Must checkpoint every step through {@link RunControl#steps()} so that a run
     * resumed after a crash neither repeats a completed step nor skips one, and must stop at the next safe point
     * when {@link RunControl#pauseRequested()} (returning PAUSED) or {@link RunControl#cancelRequested()}.
     */
    RunResult run(Operation op, RunControl control);

    /** How a run ended (or paused). {@code summary} is one line of mrkdwn for the plan message. */
    record RunResult(Status status, String summary) {
        public enum Status {
            DONE, PAUSED, CANCELLED, FAILED,
            /** Stopped at a failed step with its state kept: the operator retries, rolls back or aborts. */
            HALTED
        }
    }
}
