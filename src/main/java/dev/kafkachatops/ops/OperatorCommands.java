package dev.kafkachatops.ops;

import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.ControlRequest;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.ApproverDirectory;
import dev.kafkachatops.port.WindowCalendar;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Function;

/**
 * What operators do to an operation after it was planned: cancel, pause, resume, retry / roll back / abort a halted
 * run, and the break-glass run-now. Only the requester or an approver may change an operation (run-now: approvers
 * only). A request to a running operation is a {@link ControlRequest} the run reads at its next check; anything
 * else changes the state at once. Each answer is one line for the person who asked.
 */
final class OperatorCommands {
    private final OpRecords ops;
    private final ApproverDirectory approvers;
    private final Function<String, WindowCalendar> calendars;
    private final ClusterQueue queue;
    private final Controls controls;

    OperatorCommands(OpRecords ops, ApproverDirectory approvers, Function<String, WindowCalendar> calendars,
                     ClusterQueue queue, Controls controls) {
        this.ops = ops;
        this.approvers = approvers;
        this.calendars = calendars;
        this.queue = queue;
        this.controls = controls;
    }

    /** {@code cancel <id>} (and Abort on a halted run): a running operation stops at once, reverting what is in flight. */
    String cancel(String id, String user) {
        return guarded(id, user, op -> switch (op.state()) {
            case RUNNING -> {
                controls.request(id, ControlRequest.Action.CANCEL, user);
                ops.audit(op, AuditEvent.CANCELLED, user, "requested while running");
                yield ":no_entry_sign: Cancelling " + id + ": in-flight work is being reverted; the plan message shows "
                        + "the outcome.";
            }
            case AWAITING_APPROVAL, APPROVED, PAUSED, HALTED -> {
                boolean ended = ops.end(id, EnumSet.of(op.state()), OpState.CANCELLED, "by <@" + user + "> at "
                        + OpRecords.when(ops.now()) + ".", AuditEvent.CANCELLED, user);
                if (ended) {
                    controls.clear(id);
                    queue.kick(op.cluster());
                }
                yield ended ? ":no_entry_sign: " + id + " cancelled." : id + " changed meanwhile; look at its message.";
            }
            default -> id + " has already ended (" + ApprovalPolicy.describe(op.state()) + ").";
        });
    }

    /** {@code pause <id>}: a running operation stops at its next safe point and waits for {@code resume}. */
    String pause(String id, String user) {
        return guarded(id, user, op -> switch (op.state()) {
            case RUNNING -> {
                controls.request(id, ControlRequest.Action.PAUSE, user);
                yield ":double_vertical_bar: " + id + " pauses at its next safe point.";
            }
            case APPROVED -> {
                ops.store.update(id, o -> o.state() == OpState.APPROVED ? Optional.of(o.withState(OpState.PAUSED,
                        " by <@" + user + "> before it started. Resume with `resume " + id + "`.")
                        .withScheduledFor(Optional.empty())) : Optional.empty());
                ops.scheduler.unschedule(id);
                ops.audit(op, AuditEvent.PAUSED, user, "before start");
                ops.refresh(id);
                queue.kick(op.cluster());
                yield ":double_vertical_bar: " + id + " will not start until resumed.";
            }
            default -> id + " is " + ApprovalPolicy.describe(op.state()) + "; only an approved or running operation "
                    + "can be paused.";
        });
    }

    /** {@code resume <id>}: a paused operation continues now if its window is open, else at the next start; Retry
     * on a halted one runs the failed step again now. */
    String resume(String id, String user) {
        return guarded(id, user, op -> {
            if (op.state() == OpState.HALTED) { // retry a failed step now: a node may be down
                controls.clear(id);
                ops.audit(op, AuditEvent.RESUMED, user, "retry the halted step");
                ops.scheduler.schedule(id, ops.now(), true);
                return ":arrows_counterclockwise: Retrying " + id + " now.";
            }
            if (op.state() != OpState.PAUSED) return id + " is " + ApprovalPolicy.describe(op.state())
                    + "; only a paused operation can be resumed.";
            controls.clear(id);
            Optional<Instant> at = calendars.apply(op.cluster()).nextStart(ops.now());
            ops.store.update(id, o -> Optional.of(o.withScheduledFor(at)));
            at.ifPresent(t -> ops.scheduler.schedule(id, t, false));
            ops.audit(op, AuditEvent.RESUMED, user, "continues at " + at.map(OpRecords::when).orElse("-"));
            ops.refresh(id);
            return ":arrow_forward: " + id + " continues " + at.map(t -> t.isAfter(ops.now().plusSeconds(1))
                    ? "at " + OpRecords.when(t) : "now").orElse("when a window opens (none in the coming year)") + ".";
        });
    }

    /** After a halt: roll the node back to its old version at once (then the operation ends). */
    String rollback(String id, String user) {
        return guarded(id, user, op -> {
            if (op.state() != OpState.HALTED) return id + " is not halted at a failed step; nothing to roll back.";
            controls.request(id, ControlRequest.Action.ROLLBACK, user);
            ops.audit(op, AuditEvent.RESUMED, user, "roll back the halted node");
            ops.scheduler.schedule(id, ops.now(), true);
            return ":leftwards_arrow_with_hook: Rolling back the node " + id + " halted at; progress in the thread.";
        });
    }

    /** Break-glass {@code run <id> now} (after the approver confirmed): starts outside the window. */
    String runNow(String id, String user) {
        Optional<Operation> found = ops.store.find(id);
        if (found.isEmpty()) return "No operation `" + id + "`.";
        Operation op = found.get();
        if (!approvers.isApprover(op.cluster(), user)) return "Only approvers of " + op.cluster() + " may start " + id
                + " now.";
        if (op.state() != OpState.APPROVED && op.state() != OpState.PAUSED) {
            return id + " is " + ApprovalPolicy.describe(op.state()) + "; only an approved or paused plan can be "
                    + "started now.";
        }
        Optional<Operation> blocker = queue.holder(op.cluster()).filter(h -> !h.id().equals(id));
        if (blocker.isPresent()) return blocker.get().id() + " holds cluster " + op.cluster()
                + "; one operation per cluster at a time. Cancel or finish it first.";
        controls.clear(id);
        ops.audit(op, AuditEvent.RUN_NOW, user, "break-glass start outside the window");
        ops.chat.thread(op, ":rotating_light: <@" + user + "> started " + id + " now (break-glass, outside the window).");
        ops.scheduler.schedule(id, ops.now(), true);
        return ":rotating_light: Starting " + id + " now.";
    }

    private String guarded(String id, String user, Function<Operation, String> action) {
        Optional<Operation> found = ops.store.find(id);
        if (found.isEmpty()) return "No operation `" + id + "`. `jobs` lists the open ones.";
        Operation op = found.get();
        if (ops.cluster(op.cluster()).isEmpty()) {
            return "Operation " + id + " belongs to a cluster that is no longer configured.";
        }
        if (!user.equals(op.requester()) && !approvers.isApprover(op.cluster(), user)) {
            return "Only the requester or an approver of " + op.cluster() + " may change " + id + ".";
        }
        return action.apply(op);
    }
}
