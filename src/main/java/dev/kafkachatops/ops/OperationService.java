package dev.kafkachatops.ops;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.ApproverDirectory;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.port.OperationChat;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.port.OperationTrigger;
import dev.kafkachatops.port.WindowCalendar;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The application's operation workflow, one mechanism for every kind of operation, assembled from its parts:
 * {@link ApprovalWorkflow} (submit, reactions, expiry), {@link ClusterQueue} (one operation per cluster, in approval
 * order), {@link RunSupervisor} (the durable timer fires: check, run, pause, halt, end) and {@link OperatorCommands}
 * (cancel, pause, resume, retry, roll back, run-now), with who may do what in {@link Permissions}. Every decision is
 * in the audit log with who and when.
 */
public final class OperationService implements OperationTrigger {
    private final OperationStore store;
    private final ApprovalWorkflow approvals;
    private final ClusterQueue queue;
    private final RunSupervisor runs;
    private final OperatorCommands commands;
    private final Permissions permissions;

    public OperationService(OperationStore store, JobScheduler scheduler, OperationChat chat,
                            ApproverDirectory approvers, Function<String, Optional<BotConfig.Cluster>> clusters,
                            Function<String, WindowCalendar> calendars, OperationKinds kinds, Clock clock) {
        OpRecords records = new OpRecords(store, chat, scheduler, clusters, clock, kinds::extraApprovals);
        Controls controls = new Controls(store, clock);
        this.store = store;
        this.queue = new ClusterQueue(store, scheduler, calendars, clock);
        this.permissions = new Permissions(approvers, clusters);
        this.approvals = new ApprovalWorkflow(records, approvers, calendars);
        this.runs = new RunSupervisor(records, kinds, queue, controls, calendars);
        this.commands = new OperatorCommands(records, permissions, calendars, queue, controls);
    }

    public OperationStore store() {
        return store;
    }

    /** Called with an operation that was not run because the cluster changed: post a fresh plan for approval. */
    public void onStale(Consumer<Operation> replanner) {
        runs.onStale(replanner);
    }

    /**
     * May {@code user} plan on {@code cluster}: its operators and approvers, or anyone when the cluster names no
     * operators ({@link Permissions}).
     */
    public boolean mayPlan(String cluster, String user) {
        return permissions.mayPlan(cluster, user);
    }

    /**
     * The cluster's approver and operator groups the chat would not list (e.g. {@code <!subteam^S0OPS>
     * (no_such_subteam)}): a refusal names them, since their members may have been refused for it.
     */
    public List<String> unreadableGroups(String cluster) {
        return permissions.unreadableGroups(cluster);
    }

    /** Stores and posts a new plan; returns it with its message ts. */
    public Operation submit(NewOperation n) {
        return approvals.submit(n);
    }

    /** A reaction was added or removed on some message; only plan messages matter. */
    public void onReaction(String channel, String ts, String user, String reaction, boolean added) {
        approvals.onReaction(channel, ts, user, reaction, added);
    }

    /** At start: every approved or paused operation with a start time gets its timer again. */
    public void reconcile() {
        approvals.reconcile();
    }

    /** Expires every waiting plan past its expiry (called periodically). */
    public void expireDue() {
        approvals.expireDue();
    }

    @Override
    public void fire(String id, boolean breakGlass, boolean recovering) {
        runs.fire(id, breakGlass, recovering);
    }

    /** Approved operations of a cluster in approval order (the queue {@code jobs} shows). */
    public List<Operation> queue(String cluster) {
        return queue.queue(cluster);
    }

    public Reply cancel(String id, String user) {
        return commands.cancel(id, user);
    }

    public Reply pause(String id, String user) {
        return commands.pause(id, user);
    }

    public Reply resume(String id, String user) {
        return commands.resume(id, user);
    }

    public Reply rollback(String id, String user) {
        return commands.rollback(id, user);
    }

    /** {@code run <id> now}: the refusal, or CONFIRM_RUN_NOW (then the confirmation button may be shown). */
    public Reply confirmRunNow(String id, String user) {
        return commands.confirmRunNow(id, user);
    }

    public Reply runNow(String id, String user) {
        return commands.runNow(id, user);
    }
}
