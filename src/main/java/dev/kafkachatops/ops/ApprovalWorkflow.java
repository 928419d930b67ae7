package dev.kafkachatops.ops;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.Approval;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.StateNote;
import dev.kafkachatops.port.ApproverDirectory;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.port.WindowCalendar;
import dev.kafkachatops.view.LogText;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.Function;

/**
 * From a new plan to an approved, scheduled one.
 * <ol>
 *   <li>{@link #submit}: the plan is stored (AWAITING_APPROVAL, audited) and posted with its status line; a post
 *       the chat refuses cancels it at once (audited) and is the caller's error.</li>
 *   <li>{@link #onReaction}: {@link ApprovalPolicy} decides; approvals are idempotent per (plan, approver). With
 *       enough approvals the plan is APPROVED and gets a durable timer at the cluster's next window start; a removed
 *       reaction withdraws the approval (back to waiting, timer removed) until the run starts. An approver's
 *       rejection reaction rejects the plan; the requester's withdraws it (CANCELLED, audited as WITHDRAWN).</li>
 *   <li>{@link #expireDue}: a plan nobody approved in time expires; {@link #reconcile}: at start, every approved or
 *       paused operation gets its timer again.</li>
 * </ol>
 */
final class ApprovalWorkflow {
    private final OpRecords ops;
    private final ApproverDirectory approvers;
    private final Function<String, WindowCalendar> calendars;

    ApprovalWorkflow(OpRecords ops, ApproverDirectory approvers, Function<String, WindowCalendar> calendars) {
        this.ops = ops;
        this.approvers = approvers;
        this.calendars = calendars;
    }

    Operation submit(NewOperation n) {
        Operation op = ops.store.insert(n);
        ops.audit(op, AuditEvent.REQUESTED, n.requester(), op.title());
        String ts;
        try {
            ts = ops.chat.postPlan(op, ops.status(op));
        } catch (ChatNotifier.Refused e) { // e.g. the bot was removed from the channel since the check: never shown
            ops.store.update(op.id(), o -> Optional.of(o.withState(OpState.CANCELLED, "not posted: " + e.error())));
            ops.audit(op, AuditEvent.CANCELLED, n.requester(), "the plan message was refused: " + e.error());
            throw e;
        }
        return ops.store.update(op.id(), o -> Optional.of(o.withMessageTs(ts))).orElse(op);
    }

    /** A refusal names the approver groups that could not be read: their members may be refused wrongly. */
    private String unreadable(BotConfig.Cluster cluster) {
        var groups = approvers.unreadableGroups(cluster.name());
        return groups.isEmpty() ? "" : " (Slack would not tell the members of " + String.join(", ", groups)
                + ": ask an admin to check the bot's configuration.)";
    }

    void onReaction(String channel, String ts, String user, String reaction, boolean added) {
        Optional<Operation> found = ops.store.findByMessage(channel, ts);
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
            found = ops.store.findByMessage(channel, ts);
        }
        if (found.isEmpty()) return;
        Operation op = found.get();
        BotConfig.Cluster cluster = ops.cluster(op.cluster()).orElse(null);
        if (cluster == null) return;
        if (!added) {
            withdraw(op, cluster, user, reaction);
            return;
        }
        boolean approver = approvers.isApprover(cluster.name(), user);
        var verdict = ApprovalPolicy.onReaction(op, cluster.approvals(), user, reaction, approver, ops.now());
        verdict.note().map(n -> approver ? n : n + unreadable(cluster)).ifPresent(n -> ops.chat.ephemeral(channel,
                user, n));
        switch (verdict.kind()) {
            case IGNORE -> {
                if (verdict.note().isPresent()) {
                    ops.audit(op, AuditEvent.REFUSED, user, "reaction " + LogText.safe(reaction, 100)
                            + " not counted");
                }
            }
            case EXPIRE -> expire(op);
            case REJECT -> reject(op, user);
            case WITHDRAW -> withdrawPlan(op, user);
            case APPROVE -> approve(op, cluster, user);
        }
    }

    private boolean isDecisionReaction(String reaction) {
        return ops.store.list(Optional.empty(), OpState.OPEN).stream().map(o -> ops.cluster(o.cluster()))
                .flatMap(Optional::stream).anyMatch(c -> ApprovalPolicy.matches(c.approvals().approveReaction(),
                        reaction) || ApprovalPolicy.matches(c.approvals().rejectReaction(), reaction));
    }

    private void approve(Operation op, BotConfig.Cluster cluster, String user) {
        if (!ops.store.addApproval(new Approval(op.id(), user, ops.now()))) return; // a redelivery: counted once
        ops.audit(op, AuditEvent.APPROVED, user, "");
        if (ops.store.approvals(op.id()).size() < ops.required(op, cluster)) {
            ops.refresh(op.id());
            return;
        }
        Optional<Instant> at = calendars.apply(op.cluster()).nextStart(ops.now());
        Optional<Operation> approved = ops.store.update(op.id(), o -> o.state() == OpState.AWAITING_APPROVAL
                ? Optional.of(o.withState(OpState.APPROVED, null).withApprovedAt(Optional.of(ops.now()))
                .withScheduledFor(at)) : Optional.empty());
        if (approved.isPresent() && at.isPresent()) {
            ops.scheduler.schedule(op.id(), at.get(), false);
            ops.audit(op, AuditEvent.SCHEDULED, "bot", "next window start " + OpRecords.when(at.get()));
        }
        ops.refresh(op.id());
    }

    private void withdraw(Operation op, BotConfig.Cluster cluster, String user, String reaction) {
        if (!ApprovalPolicy.matches(cluster.approvals().approveReaction(), reaction)) return;
        if (op.state() != OpState.AWAITING_APPROVAL && op.state() != OpState.APPROVED) return;
        if (!ops.store.removeApproval(op.id(), user)) return;
        ops.audit(op, AuditEvent.WITHDRAWN, user, "");
        if (ops.store.approvals(op.id()).size() < ops.required(op, cluster)) {
            Optional<Operation> back = ops.store.update(op.id(), o -> o.state() == OpState.APPROVED
                    ? Optional.of(o.withState(OpState.AWAITING_APPROVAL, null).withApprovedAt(Optional.empty())
                    .withScheduledFor(Optional.empty())) : Optional.empty());
            if (back.isPresent()) ops.scheduler.unschedule(op.id());
        }
        ops.refresh(op.id());
    }

    private void reject(Operation op, String user) {
        ops.end(op.id(), EnumSet.of(OpState.AWAITING_APPROVAL, OpState.APPROVED), OpState.REJECTED,
                StateNote.by(StateNote.Reason.BY_OPERATOR, user, ops.now()), AuditEvent.REJECTED, user);
    }

    /** The requester's rejection reaction on their own plan: withdrawn (cancelled, audited as WITHDRAWN). */
    private void withdrawPlan(Operation op, String user) {
        ops.end(op.id(), EnumSet.of(OpState.AWAITING_APPROVAL, OpState.APPROVED), OpState.CANCELLED,
                new StateNote(StateNote.Reason.WITHDRAWN, Optional.of(user), Optional.of(ops.now()), Optional.empty(),
                        "the plan, by its requester"), AuditEvent.WITHDRAWN, user);
    }

    private void expire(Operation op) {
        ops.end(op.id(), EnumSet.of(OpState.AWAITING_APPROVAL), OpState.EXPIRED, StateNote.of(StateNote.Reason.EXPIRED,
                op.expiresAt(), "not enough approvals by " + OpRecords.when(op.expiresAt())), AuditEvent.EXPIRED, "bot");
    }

    /** At start: every approved or paused operation with a start time gets its timer again (idempotent). */
    void reconcile() {
        for (Operation op : ops.store.list(Optional.empty(), EnumSet.of(OpState.APPROVED, OpState.PAUSED))) {
            op.scheduledFor().ifPresent(t -> ops.scheduler.schedule(op.id(), t, false));
        }
    }

    /** Expires every waiting plan past its expiry (called periodically). */
    void expireDue() {
        Instant now = ops.now();
        for (Operation op : ops.store.list(Optional.empty(), EnumSet.of(OpState.AWAITING_APPROVAL))) {
            if (!now.isBefore(op.expiresAt())) expire(op);
        }
    }
}
