package dev.kafkachatops.ops;

import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.ControlRequest;
import dev.kafkachatops.domain.ops.OpEvent;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.StateNote;
import dev.kafkachatops.port.WindowCalendar;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Function;

/**
 * What operators do to an operation after it was planned: cancel, pause, resume, retry / roll back / abort a halted
 * run, and the break-glass run-now. Who may is {@link Permissions}' (the requester, operators and approvers; run-now:
 * approvers only, refused before its confirmation is even shown). A refusal changes nothing. A request to a running
 * operation is a {@link ControlRequest} the run reads at its next check; anything else changes the state at once.
 * Each answer is a {@link Reply} for the person who asked (the chat adapter words it).
 */
final class OperatorCommands {
    private final OpRecords ops;
    private final Permissions permissions;
    private final Function<String, WindowCalendar> calendars;
    private final ClusterQueue queue;
    private final Controls controls;

    OperatorCommands(OpRecords ops, Permissions permissions, Function<String, WindowCalendar> calendars,
                     ClusterQueue queue, Controls controls) {
        this.ops = ops;
        this.permissions = permissions;
        this.calendars = calendars;
        this.queue = queue;
        this.controls = controls;
    }

    /** {@code cancel <id>} (and Abort on a halted run): a running operation stops at once, reverting what is in flight. */
    Reply cancel(String id, String user) {
        return guarded(id, user, op -> switch (op.state()) {
            case RUNNING -> {
                controls.request(id, ControlRequest.Action.CANCEL, user);
                ops.audit(op, AuditEvent.CANCEL_REQUESTED, user, "while running");
                yield Reply.of(Reply.Kind.CANCELLING, id);
            }
            case AWAITING_APPROVAL, APPROVED, PAUSED, HALTED -> {
                boolean ended = ops.end(id, EnumSet.of(op.state()), OpState.CANCELLED,
                        StateNote.by(StateNote.Reason.BY_OPERATOR, user, ops.now()), AuditEvent.CANCELLED, user);
                if (ended) {
                    controls.clear(id);
                    queue.kick(op.cluster());
                }
                yield Reply.of(ended ? Reply.Kind.CANCELLED : Reply.Kind.CHANGED, id);
            }
            default -> Reply.state(Reply.Kind.ENDED, id, op.state());
        });
    }

    /** {@code pause <id>}: a running operation stops at its next safe point and waits for {@code resume}. */
    Reply pause(String id, String user) {
        return guarded(id, user, op -> switch (op.state()) {
            case RUNNING -> {
                controls.request(id, ControlRequest.Action.PAUSE, user);
                yield Reply.of(Reply.Kind.PAUSING, id);
            }
            case APPROVED -> {
                ops.store.update(id, o -> o.state() == OpState.APPROVED ? Optional.of(o.withState(OpState.PAUSED,
                        StateNotes.write(StateNote.by(StateNote.Reason.PAUSED_BEFORE_START, user, ops.now())))
                        .withScheduledFor(Optional.empty())) : Optional.empty());
                ops.scheduler.unschedule(id);
                ops.audit(op, AuditEvent.PAUSED, user, "before start");
                ops.refresh(id);
                queue.kick(op.cluster());
                yield Reply.of(Reply.Kind.HELD_BEFORE_START, id);
            }
            default -> Reply.state(Reply.Kind.CANNOT_PAUSE, id, op.state());
        });
    }

    /** {@code resume <id>}: a paused operation continues now if its window is open, else at the next start; Retry
     * on a halted one runs the failed step again now. */
    Reply resume(String id, String user) {
        return guarded(id, user, op -> {
            if (op.state() == OpState.HALTED) { // retry a failed step now: a node may be down
                controls.clear(id);
                ops.audit(op, AuditEvent.RESUMED, user, "retry the halted step");
                ops.scheduler.schedule(id, ops.now(), true);
                return Reply.of(Reply.Kind.RETRYING, id);
            }
            if (op.state() != OpState.PAUSED) return Reply.state(Reply.Kind.NOT_PAUSED, id, op.state());
            controls.clear(id);
            Optional<Instant> at = calendars.apply(op.cluster()).nextStart(ops.now());
            ops.store.update(id, o -> Optional.of(o.withScheduledFor(at)));
            at.ifPresent(t -> ops.scheduler.schedule(id, t, false));
            ops.audit(op, AuditEvent.RESUMED, user, "continues at " + at.map(OpRecords::when).orElse("-"));
            ops.refresh(id);
            if (at.isEmpty()) return Reply.of(Reply.Kind.NO_WINDOW, id);
            return at.get().isAfter(ops.now().plusSeconds(1)) ? Reply.continuesAt(id, at.get())
                    : Reply.of(Reply.Kind.CONTINUES_NOW, id);
        });
    }

    /** After a halt: roll the node back to its old version at once (then the operation ends). */
    Reply rollback(String id, String user) {
        return guarded(id, user, op -> {
            if (op.state() != OpState.HALTED) return Reply.of(Reply.Kind.NOT_HALTED, id);
            controls.request(id, ControlRequest.Action.ROLLBACK, user);
            ops.audit(op, AuditEvent.RESUMED, user, "roll back the halted node");
            ops.scheduler.schedule(id, ops.now(), true);
            return Reply.of(Reply.Kind.ROLLING_BACK, id);
        });
    }

    /**
     * {@code run <id> now} before its confirmation button: the refusal (not an approver, not approved or paused, the
     * cluster held by another operation), else CONFIRM_RUN_NOW with the end of the window open now, if one is.
     */
    Reply confirmRunNow(String id, String user) {
        Optional<Operation> found = ops.store.find(id);
        if (found.isEmpty()) return Reply.of(Reply.Kind.UNKNOWN, id);
        return refuseRunNow(found.get(), user).orElseGet(() -> Reply.confirmRunNow(id,
                calendars.apply(found.get().cluster()).openUntil(ops.now())));
    }

    /** Break-glass {@code run <id> now} (after the approver confirmed): starts outside the window. */
    Reply runNow(String id, String user) {
        Optional<Operation> found = ops.store.find(id);
        if (found.isEmpty()) return Reply.of(Reply.Kind.UNKNOWN, id);
        Operation op = found.get();
        Optional<Reply> refused = refuseRunNow(op, user);
        if (refused.isPresent()) return refused.get();
        controls.clear(id);
        boolean open = calendars.apply(op.cluster()).openUntil(ops.now()).isPresent();
        ops.audit(op, AuditEvent.RUN_NOW, user, open ? "break-glass start, the window being open"
                : "break-glass start outside the window");
        ops.chat.notify(op, new OpEvent.StartedNow(user, open));
        ops.scheduler.schedule(id, ops.now(), true);
        return Reply.of(Reply.Kind.STARTING, id);
    }

    private Optional<Reply> refuseRunNow(Operation op, String user) {
        String id = op.id();
        if (!permissions.mayRunNow(op.cluster(), user)) {
            return Optional.of(Reply.in(Reply.Kind.NOT_APPROVER, id, op.cluster()));
        }
        if (op.state() != OpState.APPROVED && op.state() != OpState.PAUSED) {
            return Optional.of(Reply.state(Reply.Kind.CANNOT_START, id, op.state()));
        }
        return queue.holder(op.cluster()).filter(h -> !h.id().equals(id))
                .map(blocker -> Reply.heldBy(id, op.cluster(), blocker.id()));
    }

    private Reply guarded(String id, String user, Function<Operation, Reply> action) {
        Optional<Operation> found = ops.store.find(id);
        if (found.isEmpty()) return Reply.of(Reply.Kind.UNKNOWN, id);
        Operation op = found.get();
        if (ops.cluster(op.cluster()).isEmpty()) return Reply.in(Reply.Kind.CLUSTER_GONE, id, op.cluster());
        if (!permissions.mayChange(op, user)) return Reply.in(Reply.Kind.NOT_ALLOWED, id, op.cluster());
        return action.apply(op);
    }
}
