package dev.kafkachatops.ops;

import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.ControlRequest;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.StateNote;
import dev.kafkachatops.domain.ops.OpEvent;
import dev.kafkachatops.port.OperationTrigger;
import dev.kafkachatops.port.WindowCalendar;
import dev.kafkachatops.view.Format;
import dev.kafkachatops.view.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Starts, runs and ends operations when their durable timer fires (on a scheduler thread, to the run's end or stop).
 * <ol>
 *   <li>Never starts outside an open window (a missed start moves to the next window) unless it is an approver's
 *       break-glass run-now or an operator's choice on a halted run.</li>
 *   <li>One operation per cluster ({@link ClusterQueue}); an approved plan is first checked against the cluster: a
 *       plan whose inputs changed is not run (STALE, with what changed) and a fresh plan is requested.</li>
 *   <li>RUNNING, then the kind runs it with checkpoints; it ends DONE/FAILED/CANCELLED, PAUSED at a safe point (the
 *       window closed: a timer at the next start continues it; an operator paused it: resume continues it), or
 *       HALTED at a failed step with retry / roll back / abort offered. Then the next queued operation may start.</li>
 *   <li>A run interrupted by a crash is re-fired with {@code recovering} and resumes from its checkpoints.</li>
 * </ol>
 */
final class RunSupervisor implements OperationTrigger {
    private static final Logger log = LoggerFactory.getLogger(RunSupervisor.class);

    private final OpRecords ops;
    private final OperationKinds kinds;
    private final ClusterQueue queue;
    private final Controls controls;
    private final Function<String, WindowCalendar> calendars;
    private volatile Consumer<Operation> replanner = op -> { };

    RunSupervisor(OpRecords ops, OperationKinds kinds, ClusterQueue queue, Controls controls,
                  Function<String, WindowCalendar> calendars) {
        this.ops = ops;
        this.kinds = kinds;
        this.queue = queue;
        this.controls = controls;
        this.calendars = calendars;
    }

    void onStale(Consumer<Operation> replanner) {
        this.replanner = replanner;
    }

    @Override
    public void fire(String id, boolean breakGlass, boolean recovering) {
        Optional<Operation> found = ops.store.find(id);
        if (found.isEmpty()) return;
        Operation op = found.get();
        // every log line of the firing (and of the run, on this thread) names the operation and its cluster
        try (var o = MDC.putCloseable("operation", op.id()); var c = MDC.putCloseable("cluster", op.cluster())) {
            fire(op, breakGlass, recovering);
        }
    }

    private void fire(Operation op, boolean breakGlass, boolean recovering) {
        if (op.state() == OpState.RUNNING) {
            if (recovering) {
                ops.audit(op, AuditEvent.RESUMED, "bot", "after a restart of the bot");
                ops.chat.notify(op, new OpEvent.Recovered());
                execute(op, breakGlass, true);
            }
            return;
        }
        boolean startable = op.state() == OpState.APPROVED || op.state() == OpState.PAUSED
                || op.state() == OpState.HALTED && breakGlass;
        if (!startable) return;
        WindowCalendar cal = calendars.apply(op.cluster());
        Instant now = ops.now();
        if (!breakGlass && cal.openUntil(now).isEmpty()) {
            reschedule(op, cal, "the window had closed when its start came (missed start)");
            return;
        }
        Optional<Operation> blocker = queue.holder(op.cluster()).filter(h -> !h.id().equals(op.id()));
        if (blocker.isPresent()) {
            log.info("{} waits: {} holds cluster {}", op.id(), blocker.get().id(), op.cluster());
            return; // started by kick() when the holder ends
        }
        if (!breakGlass && op.state() == OpState.APPROVED) {
            Optional<Operation> first = queue.queue(op.cluster()).stream().findFirst();
            if (first.isPresent() && !first.get().id().equals(op.id())) {
                ops.scheduler.schedule(first.get().id(), now, false);
                return; // approved earlier: it goes first, this one follows via kick()
            }
        }
        if (!breakGlass && !roomFor(op, cal, now)) return;
        if (op.state() == OpState.APPROVED && !checkUnchanged(op)) return;
        execute(op, breakGlass, false);
    }

    /**
     * A run starts only when the window has room for its longest step (a node, a batch) by the estimate, so the
     * cluster does not sit half-changed (mixed versions) while it waits for the next window; otherwise it waits for
     * the next window and says so.
     */
    private boolean roomFor(Operation op, WindowCalendar cal, Instant now) {
        Optional<Instant> until = cal.openUntil(now);
        Duration room = room(op, cal);
        if (until.isEmpty() || !now.plus(room).isAfter(until.get())) return true;
        reschedule(op, cal, "the window has " + Format.duration(Duration.between(now, until.get())) + " left, less "
                + "than its longest step needs (about " + Format.duration(room) + ")", until.get());
        return false;
    }

    /**
     * The room a run of {@code op} needs left in its window; none when even a whole window is shorter (the run then
     * goes step by step from each window start as it would without the rule, rather than never).
     */
    private Duration room(Operation op, WindowCalendar cal) {
        Duration room = kinds.room(op);
        Optional<Instant> next = cal.nextStart(cal.openUntil(ops.now()).orElse(ops.now()).plusSeconds(1));
        Optional<Instant> end = next.flatMap(cal::openUntil);
        if (next.isEmpty() || end.isEmpty()) return room;
        return Duration.between(next.get(), end.get()).compareTo(room) < 0 ? Duration.ZERO : room;
    }

    /** True when the plan still matches the cluster; otherwise marks it STALE and says what changed. */
    private boolean checkUnchanged(Operation op) {
        List<String> changes;
        try {
            changes = kinds.changes(op);
        } catch (Exception e) {
            ops.chat.notify(op, new OpEvent.ReadFailed(String.valueOf(e.getMessage())));
            reschedule(op, calendars.apply(op.cluster()), "the cluster could not be read at the start");
            return false;
        }
        if (changes.isEmpty()) return true;
        var stale = new OpEvent.Stale(changes, op.title());
        ops.end(op.id(), EnumSet.of(OpState.APPROVED), OpState.STALE, StateNote.of(StateNote.Reason.STALE, ops.now(),
                stale.summary()), AuditEvent.STALE, "bot");
        ops.chat.notify(op, stale);
        try {
            replanner.accept(op);
        } catch (RuntimeException e) {
            log.warn("re-planning {} failed: {}", op.id(), LogText.safe(e.getMessage(), 500));
        }
        queue.kick(op.cluster());
        return false;
    }

    private void execute(Operation op, boolean breakGlass, boolean recovering) {
        WindowCalendar cal = calendars.apply(op.cluster());
        Optional<Instant> deadline = breakGlass ? Optional.empty() : cal.openUntil(ops.now());
        if (!recovering && !markRunning(op, deadline, breakGlass)) return;
        RunResult result;
        Operation current = ops.store.find(op.id()).orElse(op);
        log.info("{} starts: {} on cluster {}{}", op.id(), op.kind().label().toLowerCase(Locale.ROOT), op.cluster(),
                recovering ? " (resumed after a restart of the bot)" : breakGlass ? " (break-glass)" : "");
        long started = System.nanoTime();
        try {
            result = kinds.run(current, controls.control(op.id(), deadline, room(current, cal)));
        } catch (RuntimeException e) {
            log.error("operation {} failed", op.id(), e);
            result = new RunResult(RunResult.Status.FAILED, "unexpected error: " + e.getMessage()
                    + " (the bot's log has the details)");
        }
        log.info("{} ended {} after {} s: {}", op.id(), result.status(), (System.nanoTime() - started) / 1_000_000_000,
                LogText.safe(result.summary(), 300));
        finish(op.id(), result, cal, deadline);
    }

    private boolean markRunning(Operation op, Optional<Instant> deadline, boolean breakGlass) {
        Optional<Operation> running = ops.store.update(op.id(), o -> (o.state() == OpState.APPROVED
                || o.state() == OpState.PAUSED || o.state() == OpState.HALTED) ? Optional.of(o.withState(
                OpState.RUNNING, StateNotes.write(runningNote(deadline, breakGlass))).withScheduledFor(Optional.empty()))
                : Optional.empty());
        if (running.isEmpty()) return false; // another instance took it
        controls.clearForStart(op.id());
        boolean continued = op.state() == OpState.PAUSED || op.state() == OpState.HALTED;
        ops.audit(op, continued ? AuditEvent.RESUMED : AuditEvent.STARTED, "bot",
                breakGlass ? "break-glass run-now" : "window until " + deadline.map(OpRecords::when).orElse("-"));
        if (op.state() == OpState.PAUSED) {
            ops.chat.notify(op, new OpEvent.Resumed(ops.now(), breakGlass, deadline));
        }
        ops.refresh(op.id());
        return true;
    }

    private static StateNote runningNote(Optional<Instant> deadline, boolean breakGlass) {
        return new StateNote(breakGlass ? StateNote.Reason.RUNNING_BREAK_GLASS : StateNote.Reason.RUNNING_IN_WINDOW,
                Optional.empty(), Optional.empty(), deadline, "");
    }

    private void finish(String id, RunResult r, WindowCalendar cal, Optional<Instant> deadline) {
        StateNote at = StateNote.of(StateNote.Reason.ENDED, ops.now(), r.summary());
        boolean cancelAsked = controls.is(id, ControlRequest.Action.CANCEL);
        boolean pauseAsked = controls.is(id, ControlRequest.Action.PAUSE);
        switch (r.status()) {
            case DONE -> {
                if (ops.end(id, EnumSet.of(OpState.RUNNING), OpState.DONE, at, AuditEvent.FINISHED, "bot")
                        && (cancelAsked || pauseAsked)) {
                    // one outcome, told truthfully: the run had finished before it saw the cancel or the pause
                    ops.store.find(id).ifPresent(o -> ops.chat.notify(o, new OpEvent.TooLate(
                            cancelAsked ? "cancel" : "pause", controls.requester(id))));
                }
            }
            case FAILED -> ops.end(id, EnumSet.of(OpState.RUNNING), OpState.FAILED, at, AuditEvent.FAILED, "bot");
            case CANCELLED -> ops.end(id, EnumSet.of(OpState.RUNNING), OpState.CANCELLED, at, AuditEvent.CANCELLED,
                    cancelAsked ? controls.requester(id) : "bot");
            case HALTED -> halt(id, r);
            case PAUSED -> pause(id, r.summary(), cal, deadline);
        }
        ops.store.find(id).filter(o -> o.state().terminal()).ifPresent(o -> {
            controls.clear(id); // a pause asked for just as the run ended has nothing left to pause
            queue.kick(o.cluster());
        });
    }

    private void pause(String id, String summary, WindowCalendar cal, Optional<Instant> deadline) {
        boolean byOperator = controls.is(id, ControlRequest.Action.PAUSE);
        Instant after = ops.now().plusSeconds(1);
        if (deadline.isPresent() && deadline.get().isAfter(after)) after = deadline.get();
        Optional<Instant> next = byOperator ? Optional.empty() : cal.nextStart(after);
        Optional<Operation> paused = ops.store.update(id, o -> o.state() == OpState.RUNNING ? Optional.of(
                o.withState(OpState.PAUSED, StateNotes.write(StateNote.of(byOperator ? StateNote.Reason.PAUSED_BY_OPERATOR
                        : StateNote.Reason.ENDED, ops.now(), summary))).withScheduledFor(next)) : Optional.empty());
        paused.ifPresent(p -> {
            ops.audit(p, AuditEvent.PAUSED, byOperator ? controls.requester(id) : "bot",
                    byOperator ? "operator" : "window ended");
            next.ifPresent(t -> ops.scheduler.schedule(id, t, false));
            ops.refresh(id);
        });
    }

    /** A step failed: keep the state, offer retry / roll back / abort, and hold the cluster until one is chosen. */
    private void halt(String id, RunResult r) {
        Optional<Operation> halted = ops.store.update(id, o -> o.state() == OpState.RUNNING ? Optional.of(o.withState(
                OpState.HALTED, StateNotes.write(StateNote.of(StateNote.Reason.ENDED, ops.now(), r.summary())))
                .withScheduledFor(Optional.empty())) : Optional.empty());
        halted.ifPresent(op -> {
            ops.audit(op, AuditEvent.FAILED, "bot", "halted: " + r.summary());
            ops.refresh(id);
            ops.chat.notify(op, new OpEvent.Halted(r.summary()));
        });
    }

    private void reschedule(Operation op, WindowCalendar cal, String why) {
        reschedule(op, cal, why, ops.now().plusSeconds(1));
    }

    private void reschedule(Operation op, WindowCalendar cal, String why, Instant after) {
        Optional<Instant> next = cal.nextStart(after);
        ops.store.update(op.id(), o -> Optional.of(o.withScheduledFor(next)));
        next.ifPresent(t -> ops.scheduler.schedule(op.id(), t, false));
        ops.audit(op, AuditEvent.SCHEDULED, "bot", why + "; next window start "
                + next.map(OpRecords::when).orElse("none"));
        ops.chat.notify(op, new OpEvent.NotStarted(why, next));
        ops.refresh(op.id());
    }
}
