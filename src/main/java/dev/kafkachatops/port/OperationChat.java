package dev.kafkachatops.port;

import dev.kafkachatops.domain.ops.OpEvent;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.PlanStatus;

/**
 * The channel side of the operation workflow. The core hands over data (the operation as stored, its approval
 * status, events); rendering them is the adapter's business.
 */
public interface OperationChat {
    /** Posts the plan message of a new operation and returns its ts. */
    String postPlan(Operation op, PlanStatus status);

    /** Re-renders the operation's plan message (its state, approvals, schedule or outcome). */
    void refresh(Operation op, PlanStatus status);

    /** Tells the operation's thread what happened (a halted run also offers its operators the choices). */
    void notify(Operation op, OpEvent event);

    /** A note only {@code user} sees in {@code channel} (plain text). */
    void ephemeral(String channel, String user, String text);
}
