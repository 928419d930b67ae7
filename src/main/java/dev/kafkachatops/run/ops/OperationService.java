package dev.kafkachatops.run.ops;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.Approval;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.ApproverDirectory;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.port.OperationChat;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.port.WindowCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The approval and scheduling workflow, one mechanism for every kind of operation.
 * <ol>
 *   <li>{@link #submit}: the plan is stored (AWAITING_APPROVAL, audited) and posted with its status line.</li>
 *   <li>{@link #onReaction}: {@link ApprovalPolicy} decides; approvals are idempotent per (plan, approver). With
 *       enough approvals the plan is APPROVED and gets a durable timer at the cluster's next window start;
 *       a removed reaction withdraws the approval (back to waiting, timer removed) until the run starts.</li>
 *   <li>{@link #fire} (the timer, on a scheduler thread): never starts outside an open window (a missed start,
 *       e.g. the bot was down, moves to the next window) unless it is an approver's break-glass run-now; one
 *       operation per cluster at a time, in approval order; the cluster is re-read and a plan whose inputs
 *       changed is not run (STALE, with what changed). Then RUNNING, and the handler runs it with checkpoints.</li>
 *   <li>The run ends DONE/FAILED/CANCELLED, or PAUSED at a safe point when the window closes (a timer at the next
 *       window start continues it) or an operator pauses it (continues on resume). Then the next queued
 *       operation of the cluster starts if its window is open.</li>
 *   <li>A run interrupted by a crash is re-fired by the scheduler's recovery ({@code recovering}) and resumes
 *       from its checkpoints.</li>
 * </ol>
 * Every decision is in the audit log with who and when.
 */
public final class OperationService {
    private static final Logger log = LoggerFactory.getLogger(OperationService.class);
    public static final String CONTROL_STEP = "control";

    private final OperationStore store;
    private final JobScheduler scheduler;
    private final OperationChat chat;
    private final ApproverDirectory approvers;
    private final Function<String, Optional<BotConfig.Cluster>> clusters;
    private final Function<String, WindowCalendar> calendars;
    private final Map<OpKind, OperationHandler> handlers;
    private final Clock clock;
    private final Controls controls;
    private volatile java.util.function.Consumer<Operation> replanner = op -> { };

    public OperationService(OperationStore store, JobScheduler scheduler, OperationChat chat,
                            ApproverDirectory approvers, Function<String, Optional<BotConfig.Cluster>> clusters,
                            Function<String, WindowCalendar> calendars, Map<OpKind, OperationHandler> handlers,
                            Clock clock) {
        this.store = store;
        this.scheduler = scheduler;
        this.chat = chat;
        this.approvers = approvers;
        this.clusters = clusters;
        this.calendars = calendars;
        this.handlers = Map.copyOf(handlers);
        this.clock = clock;
        this.controls = new Controls(store, clock);
    }

    public OperationStore store() {
        return store;
    }

    /** Called with an operation that was not run because the cluster changed: post a fresh plan for approval. */
    public void onStale(java.util.function.Consumer<Operation> replanner) {
        this.replanner = replanner;
    }

    /** Stores and posts a new plan; returns it with its message ts. */
    public Operation submit(NewOperation n) {
        Operation op = store.insert(n);
        audit(op, AuditEvent.REQUESTED, n.requester(), op.title());
        String ts = chat.postPlan(op, status(op));
        return store.update(op.id(), o -> Optional.of(o.withMessageTs(ts))).orElse(op);
    }

    /** A reaction was added or removed on some message; only plan messages matter. */
    public void onReaction(String channel, String ts, String user, String reaction, boolean added) {
        Optional<Operation> found = store.findByMessage(channel, ts);
        // A reaction can overtake the write of a just-posted plan's message ts: look again briefly, but only
        // for the reactions that approve or reject somewhere.
        boolean decision = found.isEmpty() && isDecisionReaction(reaction);
        for (int i = 0; i < 10 && found.isEmpty() && decision; i++) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            found = store.findByMessage(channel, ts);
        }
        if (found.isEmpty()) return;
        Operation op = found.get();
        BotConfig.Cluster cluster = clusters.apply(op.cluster()).orElse(null);
        if (cluster == null) return;
        if (!added) {
            withdraw(op, cluster, user, reaction);
            return;
        }
        var verdict = ApprovalPolicy.onReaction(op, cluster.approvals(), user, reaction,
                approvers.isApprover(cluster, user), clock.instant());
        verdict.note().ifPresent(n -> chat.ephemeral(channel, user, n));
        switch (verdict.kind()) {
            case IGNORE -> {
                if (verdict.note().isPresent()) audit(op, AuditEvent.REFUSED, user, ":" + reaction + ": not counted");
            }
            case EXPIRE -> expire(op);
            case REJECT -> reject(op, user);
            case APPROVE -> approve(op, cluster, user);
        }
    }

    private boolean isDecisionReaction(String reaction) {
        return store.list(Optional.empty(), OpState.OPEN).stream().map(o -> clusters.apply(o.cluster()))
                .flatMap(Optional::stream).anyMatch(c -> ApprovalPolicy.matches(c.approvals().approveReaction(),
                        reaction) || ApprovalPolicy.matches(c.approvals().rejectReaction(), reaction));
    }

    private void approve(Operation op, BotConfig.Cluster cluster, String user) {
        if (!store.addApproval(new Approval(op.id(), user, clock.instant()))) return; // a redelivery: counted once
        audit(op, AuditEvent.APPROVED, user, "");
        int have = store.approvals(op.id()).size();
        if (have < cluster.approvals().required()) {
            refresh(op.id());
            return;
        }
        Optional<Instant> at = calendars.apply(op.cluster()).nextStart(clock.instant());
        Optional<Operation> approved = store.update(op.id(), o -> o.state() == OpState.AWAITING_APPROVAL
                ? Optional.of(o.withState(OpState.APPROVED, null).withApprovedAt(Optional.of(clock.instant()))
                .withScheduledFor(at)) : Optional.empty());
        if (approved.isPresent() && at.isPresent()) {
            scheduler.schedule(op.id(), at.get(), false);
            audit(op, AuditEvent.SCHEDULED, "bot", "next window start " + when(at.get()));
        }
        refresh(op.id());
    }

    private void withdraw(Operation op, BotConfig.Cluster cluster, String user, String reaction) {
        if (!ApprovalPolicy.matches(cluster.approvals().approveReaction(), reaction)) return;
        if (op.state() != OpState.AWAITING_APPROVAL && op.state() != OpState.APPROVED) return;
        if (!store.removeApproval(op.id(), user)) return;
        audit(op, AuditEvent.WITHDRAWN, user, "");
        if (store.approvals(op.id()).size() < cluster.approvals().required()) {
            Optional<Operation> back = store.update(op.id(), o -> o.state() == OpState.APPROVED
                    ? Optional.of(o.withState(OpState.AWAITING_APPROVAL, null).withApprovedAt(Optional.empty())
                    .withScheduledFor(Optional.empty())) : Optional.empty());
            if (back.isPresent()) scheduler.unschedule(op.id());
        }
        refresh(op.id());
    }

    private void reject(Operation op, String user) {
        end(op.id(), EnumSet.of(OpState.AWAITING_APPROVAL, OpState.APPROVED), OpState.REJECTED,
                "by <@" + user + "> at " + when(clock.instant()) + ".", AuditEvent.REJECTED, user);
    }

    private void expire(Operation op) {
        end(op.id(), EnumSet.of(OpState.AWAITING_APPROVAL), OpState.EXPIRED, "at " + when(op.expiresAt())
                + " without enough approvals; plan it again.", AuditEvent.EXPIRED, "bot");
    }

    /**
     * At start: every approved or paused operation with a start time gets its timer again (idempotent; covers a
     * timer lost between the state change and the scheduler's write).
     */
    public void reconcile() {
        for (Operation op : store.list(Optional.empty(), EnumSet.of(OpState.APPROVED, OpState.PAUSED))) {
            op.scheduledFor().ifPresent(t -> scheduler.schedule(op.id(), t, false));
        }
    }

    /** Expires every waiting plan past its expiry (called periodically). */
    public void expireDue() {
        Instant now = clock.instant();
        for (Operation op : store.list(Optional.empty(), EnumSet.of(OpState.AWAITING_APPROVAL))) {
            if (!now.isBefore(op.expiresAt())) expire(op);
        }
    }

    private boolean end(String id, Set<OpState> from, OpState to, String detail, AuditEvent event, String actor) {
        Optional<Operation> done = store.update(id, o -> from.contains(o.state())
                ? Optional.of(o.withState(to, detail)) : Optional.empty());
        if (done.isEmpty()) return false;
        scheduler.unschedule(id);
        audit(done.get(), event, actor, detail);
        refresh(id);
        return true;
    }

    // ---- execution -------------------------------------------------------------------------------------------

    /**
     * The durable timer fired (on a scheduler thread; runs the operation to its end or pause on this thread).
     * {@code recovering}: the scheduler re-fires a run that a crashed bot left RUNNING.
     */
    public void fire(String id, boolean breakGlass, boolean recovering) {
        Optional<Operation> found = store.find(id);
        if (found.isEmpty()) return;
        Operation op = found.get();
        if (op.state() == OpState.RUNNING) {
            if (recovering) {
                audit(op, AuditEvent.RESUMED, "bot", "after a restart of the bot");
                chat.thread(op, ":recycle: The bot restarted during this run; resuming from its checkpoints.");
                execute(op, breakGlass, true);
            }
            return;
        }
        if (op.state() != OpState.APPROVED && op.state() != OpState.PAUSED) return;
        WindowCalendar cal = calendars.apply(op.cluster());
        Instant now = clock.instant();
        if (!breakGlass && cal.openUntil(now).isEmpty()) {
            reschedule(op, cal, "the window had closed when its start came (missed start)");
            return;
        }
        Optional<Operation> blocker = holder(op.cluster()).filter(h -> !h.id().equals(op.id()));
        if (blocker.isPresent()) {
            log.info("{} waits: {} holds cluster {}", op.id(), blocker.get().id(), op.cluster());
            return; // started by kick() when the holder ends
        }
        if (!breakGlass && op.state() == OpState.APPROVED) {
            Optional<Operation> first = queue(op.cluster()).stream().findFirst();
            if (first.isPresent() && !first.get().id().equals(op.id())) {
                scheduler.schedule(first.get().id(), now, false);
                return; // approved earlier: it goes first, this one follows via kick()
            }
        }
        if (op.state() == OpState.APPROVED && !checkUnchanged(op)) return;
        execute(op, breakGlass, false);
    }

    /** True when the plan still matches the cluster; otherwise marks it STALE and says what changed. */
    private boolean checkUnchanged(Operation op) {
        List<String> changes;
        try {
            changes = handler(op).changes(op);
        } catch (Exception e) {
            chat.thread(op, ":x: Could not re-read cluster " + op.cluster() + " before starting (" + e.getMessage()
                    + "); trying again at the next window.");
            reschedule(op, calendars.apply(op.cluster()), "the cluster could not be read at the start");
            return false;
        }
        if (changes.isEmpty()) return true;
        String what = String.join("; ", changes.stream().limit(5).toList())
                + (changes.size() > 5 ? "; and " + (changes.size() - 5) + " more" : "");
        end(op.id(), EnumSet.of(OpState.APPROVED), OpState.STALE, "— checked at " + when(clock.instant()) + ": "
                + what + ". Plan again to get a fresh plan for approval.", AuditEvent.STALE, "bot");
        chat.thread(op, ":warning: Not started: the cluster changed since this plan was made (" + what
                + "). Nothing was changed. A fresh plan (`" + op.title() + "`) follows in the channel for approval.");
        try {
            replanner.accept(op);
        } catch (RuntimeException e) {
            log.warn("re-planning {} failed: {}", op.id(), e.getMessage());
        }
        kick(op.cluster());
        return false;
    }

    private void execute(Operation op, boolean breakGlass, boolean recovering) {
        WindowCalendar cal = calendars.apply(op.cluster());
        Optional<Instant> deadline = breakGlass ? Optional.empty() : cal.openUntil(clock.instant());
        if (!recovering) {
            Optional<Operation> running = store.update(op.id(), o -> (o.state() == OpState.APPROVED
                    || o.state() == OpState.PAUSED) ? Optional.of(o.withState(OpState.RUNNING, runningDetail(deadline,
                    breakGlass)).withScheduledFor(Optional.empty())) : Optional.empty());
            if (running.isEmpty()) return; // another instance took it
            controls.clearForStart(op.id());
            audit(op, op.state() == OpState.PAUSED ? AuditEvent.RESUMED : AuditEvent.STARTED, "bot",
                    breakGlass ? "break-glass run-now" : "window until " + deadline.map(OperationService::when).orElse("-"));
            if (op.state() == OpState.PAUSED) {
                chat.thread(op, ":arrow_forward: Resumed at " + when(clock.instant()) + (breakGlass
                        ? " (break-glass, outside the window)." : "; the window is open until "
                        + deadline.map(OperationService::when).orElse("?") + "."));
            }
            refresh(op.id());
        }
        OperationHandler.RunResult result;
        Operation current = store.find(op.id()).orElse(op);
        try {
            result = handler(op).run(current, controls.control(op.id(), deadline));
        } catch (RuntimeException e) {
            log.error("operation {} failed", op.id(), e);
            result = new OperationHandler.RunResult(OperationHandler.RunResult.Status.FAILED,
                    "unexpected error: " + e.getMessage() + " (the bot's log has the details)");
        }
        finish(op.id(), result, cal, deadline);
    }

    private static String runningDetail(Optional<Instant> deadline, boolean breakGlass) {
        return breakGlass ? " (break-glass run-now, outside the window). Progress is in the thread."
                : " until the window closes at " + deadline.map(OperationService::when).orElse("?")
                + "; it pauses at a safe point then. Progress is in the thread.";
    }

    private void finish(String id, OperationHandler.RunResult r, WindowCalendar cal, Optional<Instant> deadline) {
        String at = " at " + when(clock.instant()) + ": " + r.summary();
        switch (r.status()) {
            case DONE -> transitionEnd(id, OpState.DONE, at, AuditEvent.FINISHED);
            case FAILED -> transitionEnd(id, OpState.FAILED, at, AuditEvent.FAILED);
            case CANCELLED -> transitionEnd(id, OpState.CANCELLED, at, AuditEvent.CANCELLED);
            case HALTED -> halt(id, r);
            case PAUSED -> {
                boolean byOperator = controls.pauseByOperator(id);
                Instant after = clock.instant().plusSeconds(1);
                if (deadline.isPresent() && deadline.get().isAfter(after)) after = deadline.get();
                Optional<Instant> next = byOperator ? Optional.empty() : cal.nextStart(after);
                Optional<Operation> paused = store.update(id, o -> o.state() == OpState.RUNNING ? Optional.of(
                        o.withState(OpState.PAUSED, at + (byOperator ? " Resume with `resume " + id + "`." : ""))
                                .withScheduledFor(next)) : Optional.empty());
                paused.ifPresent(p -> {
                    audit(p, AuditEvent.PAUSED, byOperator ? controls.requester(id) : "bot",
                            byOperator ? "operator" : "window ended");
                    next.ifPresent(t -> scheduler.schedule(id, t, false));
                    refresh(id);
                });
            }
        }
        Optional<Operation> op = store.find(id);
        op.ifPresent(o -> {
            if (o.state().terminal()) kick(o.cluster());
        });
    }

    /** A step failed: keep the state, offer retry / roll back / abort, and hold the cluster until one is chosen. */
    private void halt(String id, OperationHandler.RunResult r) {
        Optional<Operation> halted = store.update(id, o -> o.state() == OpState.RUNNING ? Optional.of(o.withState(
                OpState.PAUSED, HALTED + " at " + when(clock.instant()) + ": " + r.summary())
                .withScheduledFor(Optional.empty())) : Optional.empty());
        halted.ifPresent(op -> {
            audit(op, AuditEvent.FAILED, "bot", "halted: " + r.summary());
            refresh(id);
            chat.choices(op, ":rotating_light: *" + id + " halted*: " + r.summary() + "\nNothing else is changed "
                    + "until you choose: *Retry* the step, *Roll back* the node to its previous version, or *Abort* "
                    + "(the cluster stays as it is now).", List.of(
                    new OperationChat.Choice(OperationChat.CHOICE_RETRY, "Retry", false),
                    new OperationChat.Choice(OperationChat.CHOICE_ROLLBACK, "Roll back the node", true),
                    new OperationChat.Choice(OperationChat.CHOICE_ABORT, "Abort", true)));
        });
    }

    static final String HALTED = " — halted";

    /** After a halt: roll the node back to its old version at once (then the operation ends). */
    public String rollback(String id, String user) {
        return guarded(id, user, op -> {
            if (op.state() != OpState.PAUSED || !op.stateDetail().orElse("").startsWith(HALTED)) {
                return id + " is not halted at a failed step; nothing to roll back.";
            }
            controls.request(id, "rollback", user);
            audit(op, AuditEvent.RESUMED, user, "roll back the halted node");
            scheduler.schedule(id, clock.instant(), true);
            return ":leftwards_arrow_with_hook: Rolling back the node " + id + " halted at; progress in the thread.";
        });
    }

    private void transitionEnd(String id, OpState to, String detail, AuditEvent event) {
        end(id, EnumSet.of(OpState.RUNNING), to, detail, event, "bot");
    }

    /** Starts the next queued operation of the cluster if its window is open now (on a scheduler thread). */
    private void kick(String cluster) {
        if (holder(cluster).isPresent()) return;
        if (calendars.apply(cluster).openUntil(clock.instant()).isEmpty()) return;
        queue(cluster).stream().findFirst().ifPresent(next -> scheduler.schedule(next.id(), clock.instant(), false));
    }

    /** The operation that holds the cluster: running, or paused after it started. */
    Optional<Operation> holder(String cluster) {
        return store.list(Optional.of(cluster), OpState.ACTIVE).stream()
                .filter(o -> o.state() == OpState.RUNNING || !store.checkpoints(o.id()).stream()
                        .allMatch(c -> c.step().equals(CONTROL_STEP)))
                .findFirst();
    }

    /** Approved operations of a cluster in approval order (the queue {@code jobs} shows). */
    public List<Operation> queue(String cluster) {
        return store.list(Optional.of(cluster), EnumSet.of(OpState.APPROVED));
    }

    private void reschedule(Operation op, WindowCalendar cal, String why) {
        Optional<Instant> next = cal.nextStart(clock.instant().plusSeconds(1));
        store.update(op.id(), o -> Optional.of(o.withScheduledFor(next)));
        next.ifPresent(t -> scheduler.schedule(op.id(), t, false));
        audit(op, AuditEvent.SCHEDULED, "bot", why + "; next window start "
                + next.map(OperationService::when).orElse("none"));
        chat.thread(op, ":calendar: Not started now: " + why + ". Next window start: "
                + next.map(OperationService::when).orElse("none in the coming year") + ".");
        refresh(op.id());
    }

    // ---- operator commands -----------------------------------------------------------------------------------

    /** {@code cancel <id>}: at every stage; a running operation stops at once and reverts what is in flight. */
    public String cancel(String id, String user) {
        return guarded(id, user, op -> switch (op.state()) {
            case RUNNING -> {
                controls.request(id, "cancel", user);
                audit(op, AuditEvent.CANCELLED, user, "requested while running");
                yield ":no_entry_sign: Cancelling " + id + ": in-flight work is being reverted; the plan message shows "
                        + "the outcome.";
            }
            case AWAITING_APPROVAL, APPROVED, PAUSED -> end(id, EnumSet.of(op.state()), OpState.CANCELLED,
                    "by <@" + user + "> at " + when(clock.instant()) + ".", AuditEvent.CANCELLED, user)
                    ? ":no_entry_sign: " + id + " cancelled." : id + " changed meanwhile; look at its message.";
            default -> id + " has already ended (" + ApprovalPolicy.describe(op.state()) + ").";
        });
    }

    /** {@code pause <id>}: a running operation stops at its next safe point and waits for {@code resume}. */
    public String pause(String id, String user) {
        return guarded(id, user, op -> switch (op.state()) {
            case RUNNING -> {
                controls.request(id, "pause", user);
                yield ":double_vertical_bar: " + id + " pauses at its next safe point.";
            }
            case APPROVED -> {
                controls.request(id, "pause", user);
                store.update(id, o -> o.state() == OpState.APPROVED ? Optional.of(o.withState(OpState.PAUSED,
                        " by <@" + user + "> before it started. Resume with `resume " + id + "`.")
                        .withScheduledFor(Optional.empty())) : Optional.empty());
                scheduler.unschedule(id);
                audit(op, AuditEvent.PAUSED, user, "before start");
                refresh(id);
                kick(op.cluster());
                yield ":double_vertical_bar: " + id + " will not start until resumed.";
            }
            default -> id + " is " + ApprovalPolicy.describe(op.state()) + "; only an approved or running operation "
                    + "can be paused.";
        });
    }

    /** {@code resume <id>}: a paused operation continues now if its window is open, else at the next start. */
    public String resume(String id, String user) {
        return guarded(id, user, op -> {
            if (op.state() != OpState.PAUSED) return id + " is " + ApprovalPolicy.describe(op.state())
                    + "; only a paused operation can be resumed.";
            controls.clear(id);
            WindowCalendar cal = calendars.apply(op.cluster());
            if (op.stateDetail().orElse("").startsWith(HALTED)) { // retry a failed step now: a node may be down
                audit(op, AuditEvent.RESUMED, user, "retry the halted step");
                scheduler.schedule(id, clock.instant(), true);
                return ":arrows_counterclockwise: Retrying " + id + " now.";
            }
            Optional<Instant> at = cal.nextStart(clock.instant());
            store.update(id, o -> Optional.of(o.withScheduledFor(at)));
            at.ifPresent(t -> scheduler.schedule(id, t, false));
            audit(op, AuditEvent.RESUMED, user, "continues at " + at.map(OperationService::when).orElse("-"));
            refresh(id);
            return ":arrow_forward: " + id + " continues " + at.map(t -> t.isAfter(clock.instant().plusSeconds(1))
                    ? "at " + when(t) : "now").orElse("when a window opens (none in the coming year)") + ".";
        });
    }

    /** Break-glass {@code run <id> now} (after the approver confirmed): starts outside the window. */
    public String runNow(String id, String user) {
        Optional<Operation> found = store.find(id);
        if (found.isEmpty()) return "No operation `" + id + "`.";
        Operation op = found.get();
        BotConfig.Cluster cluster = clusters.apply(op.cluster()).orElseThrow();
        if (!approvers.isApprover(cluster, user)) return "Only approvers of " + op.cluster() + " may start " + id
                + " now.";
        if (op.state() != OpState.APPROVED && op.state() != OpState.PAUSED) {
            return id + " is " + ApprovalPolicy.describe(op.state()) + "; only an approved or paused plan can be "
                    + "started now.";
        }
        Optional<Operation> blocker = holder(op.cluster()).filter(h -> !h.id().equals(id));
        if (blocker.isPresent()) return blocker.get().id() + " holds cluster " + op.cluster()
                + "; one operation per cluster at a time. Cancel or finish it first.";
        controls.clear(id);
        audit(op, AuditEvent.RUN_NOW, user, "break-glass start outside the window");
        chat.thread(op, ":rotating_light: <@" + user + "> started " + id + " now (break-glass, outside the window).");
        scheduler.schedule(id, clock.instant(), true);
        return ":rotating_light: Starting " + id + " now.";
    }

    private String guarded(String id, String user, Function<Operation, String> action) {
        Optional<Operation> found = store.find(id);
        if (found.isEmpty()) return "No operation `" + id + "`. `jobs` lists the open ones.";
        Operation op = found.get();
        BotConfig.Cluster cluster = clusters.apply(op.cluster()).orElse(null);
        if (cluster == null) return "Operation " + id + " belongs to a cluster that is no longer configured.";
        if (!user.equals(op.requester()) && !approvers.isApprover(cluster, user)) {
            return "Only the requester or an approver of " + op.cluster() + " may change " + id + ".";
        }
        return action.apply(op);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    public String status(Operation op) {
        BotConfig.Cluster c = clusters.apply(op.cluster()).orElseThrow();
        return StatusLine.of(op, store.approvals(op.id()), c.approvals(), zone(c));
    }

    public void refresh(String id) {
        store.find(id).ifPresent(op -> {
            if (op.messageTs().isPresent()) chat.refresh(op, status(op));
        });
    }

    private static ZoneId zone(BotConfig.Cluster c) {
        return c.windows().isEmpty() ? ZoneOffset.UTC : ZoneId.of(c.windows().get(0).timeZone());
    }

    private OperationHandler handler(Operation op) {
        OperationHandler h = handlers.get(op.kind());
        if (h == null) throw new IllegalStateException("no handler for " + op.kind());
        return h;
    }

    private void audit(Operation op, AuditEvent event, String actor, String detail) {
        store.audit(AuditEntry.of(op.cluster(), op.id(), event, actor, detail == null ? "" : detail.strip(),
                clock.instant()));
    }

    static String when(Instant t) {
        return StatusLine.when(t, ZoneOffset.UTC);
    }
}
