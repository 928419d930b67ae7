package dev.kafkachatops.port;

import dev.kafkachatops.domain.ops.Approval;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.ControlRequest;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.OpState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Durable store of operations, approvals, step checkpoints and the audit log. Safe for several bot instances on
 * one database: {@link #update} is an optimistic compare-and-set on {@link Operation#version()}.
 */
public interface OperationStore {

    /** Stores a new operation in AWAITING_APPROVAL and returns it with its id (kind prefix + a global sequence). */
    Operation insert(NewOperation op);

    Optional<Operation> find(String id);

    /**
     * Operations in any of {@code states} ({@code cluster} empty = every cluster), in approval order (approved
     * first by approvedAt, then the rest by createdAt), then by id.
     */
    List<Operation> list(Optional<String> cluster, Set<OpState> states);

    /** The operation whose plan message is {@code ts} in {@code channel} (what a reaction points at), if any. */
    Optional<Operation> findByMessage(String channel, String ts);

    /**
     * Applies {@code change} to the current row and stores the result if nobody changed the row meanwhile
     * (re-reads and re-applies on a conflict). {@code change} returns empty to leave the row alone; the result
     * is the stored row, or empty when the change declined or the id is unknown.
     */
    Optional<Operation> update(String id, Function<Operation, Optional<Operation>> change);

    /** Records an approval; false when this user had already approved this operation (idempotent). */
    boolean addApproval(Approval approval);

    /** Withdraws an approval; false when there was none. */
    boolean removeApproval(String operationId, String user);

    /** The approvals of one operation, oldest first. */
    List<Approval> approvals(String operationId);

    /** Inserts or replaces the checkpoint of (operation, step). */
    void checkpoint(Checkpoint checkpoint);

    /** Every checkpoint of one operation, in the order they were first written. */
    List<Checkpoint> checkpoints(String operationId);

    /** Records an operator's request to an operation, replacing any earlier one of the same operation. */
    void request(ControlRequest request);

    /** The pending request to an operation, if any. */
    Optional<ControlRequest> control(String operationId);

    /** Removes the pending request of an operation (no-op when there is none). */
    void clearControl(String operationId);

    /** Appends to the audit log and returns the entry with its sequence number. */
    AuditEntry audit(AuditEntry entry);

    /** The newest {@code limit} audit entries, newest first, filtered by cluster and/or operation when given. */
    List<AuditEntry> history(Optional<String> cluster, Optional<String> operationId, int limit);

    /** Deletes checkpoints, approvals and audit entries older than {@code before} of terminal operations. */
    default int prune(Instant before) {
        return 0;
    }
}
