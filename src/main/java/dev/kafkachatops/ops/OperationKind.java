package dev.kafkachatops.ops;

import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.run.RunControl;

import java.time.Duration;
import java.util.List;

/**
 * One kind of operation (rebalance, expand, upgrade, ...) as the workflow sees it: its stored plan ({@code P}, the
 * payload), the fingerprint of the cluster state the plan depends on, what changed since planning, and how it runs.
 * Adding a kind costs a planner (with the request use case that gathers the snapshot), an implementation of this
 * interface (the executor), a view in the chat adapter, and one registration line in the composition root.
 */
public interface OperationKind<P> {
    OpKind kind();

    /** The stored plan's type ({@link PlanCodec} writes and reads it). */
    Class<P> payloadType();

    /** A hash of the cluster state the plan depends on, stored with the operation. */
    String fingerprint(P payload);

    /** Re-reads the cluster: what changed since the plan was computed that it depends on; empty = still valid. */
    List<String> changes(Operation op, P payload) throws Exception;

    /**
     * Executes (or resumes) the plan. Checkpoints every step through {@link RunControl#steps()} so that a run
     * resumed after a crash neither repeats a completed step nor skips one; stops at the next safe point when
     * {@link RunControl#pauseRequested()} (PAUSED) and reverts what is in flight on {@link RunControl#cancelRequested()}.
     */
    RunResult run(Operation op, P payload, RunControl control);

    /**
     * The longest unit of work that must not be cut by a window's end (a node of an upgrade, a batch of moves), by
     * the plan's estimate: a run starts, and goes on to its next step, only with at least this much window left
     * (plus a margin).
     */
    default Duration longestStep(P payload) {
        return Duration.ZERO;
    }

    /** Approvals the plan needs beyond the cluster's {@code required} (e.g. a preflight gate it overrides). */
    default int extraApprovals(P payload) {
        return 0;
    }
}
