package dev.kafkachatops.ops;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.OpState;

import java.time.Instant;
import java.util.Optional;

/**
 * Who may approve or reject which plan, decided from the cluster's approval settings. Pure: the caller says
 * whether the user is an approver (configured user or member of a configured user group).
 * <ul>
 *   <li>Reactions other than the approval and rejection reactions are ordinary chat: ignored silently.</li>
 *   <li>Only approvers count; anyone else gets a private note. The requester cannot approve their own plan unless
 *       {@code allowSelfApproval}; the requester may always withdraw their own plan with the rejection reaction
 *       (a withdrawal, not a rejection: nobody else judged the plan).</li>
 *   <li>Only a plan that is waiting or approved-but-not-started can be approved or rejected; a plan past its
 *       expiry must be planned again.</li>
 * </ul>
 */
public final class ApprovalPolicy {
    private ApprovalPolicy() {
    }

    public enum Kind { APPROVE, REJECT, WITHDRAW, EXPIRE, IGNORE }

    /** What to do with a reaction; {@code note} is the private explanation for the reacting user, if any. */
    public record Verdict(Kind kind, Optional<String> note) {
        static Verdict of(Kind kind) {
            return new Verdict(kind, Optional.empty());
        }

        static Verdict ignore(String note) {
            return new Verdict(Kind.IGNORE, Optional.ofNullable(note));
        }
    }

    public static Verdict onReaction(Operation op, BotConfig.Approvals cfg, String user, String reaction,
                                     boolean isApprover, Instant now) {
        boolean approve = matches(cfg.approveReaction(), reaction);
        boolean reject = matches(cfg.rejectReaction(), reaction);
        if (!approve && !reject) return Verdict.ignore(null);
        if (op.state() != OpState.AWAITING_APPROVAL && op.state() != OpState.APPROVED) {
            return Verdict.ignore("Plan " + op.id() + " is " + describe(op.state()) + "; reactions no longer change it.");
        }
        if (op.state() == OpState.AWAITING_APPROVAL && !now.isBefore(op.expiresAt())) {
            return new Verdict(Kind.EXPIRE, Optional.of("Plan " + op.id() + " has expired; plan it again."));
        }
        boolean requester = user.equals(op.requester());
        if (reject) {
            if (requester) return Verdict.of(Kind.WITHDRAW);
            if (isApprover) return Verdict.of(Kind.REJECT);
            return Verdict.ignore("Only approvers of " + op.cluster() + " (or the requester) may reject plan "
                    + op.id() + "; your reaction does not count.");
        }
        if (!isApprover) {
            return Verdict.ignore("Only approvers of " + op.cluster() + " may approve plan " + op.id()
                    + "; your reaction does not count.");
        }
        if (requester && !cfg.allowSelfApproval()) {
            return Verdict.ignore("You requested plan " + op.id() + ", so another approver must approve it.");
        }
        return Verdict.of(Kind.APPROVE);
    }

    /** Slack sends reactions without colons and skin tones as {@code name::skin-tone-2}. */
    static boolean matches(String configured, String reaction) {
        if (reaction == null) return false;
        String base = reaction.contains("::") ? reaction.substring(0, reaction.indexOf("::")) : reaction;
        String want = configured.replace(":", "");
        return base.equals(want);
    }

    /** The state in a few plain words ("waiting for approval", "halted at a failed step"). */
    public static String describe(OpState s) {
        return switch (s) {
            case AWAITING_APPROVAL -> "waiting for approval";
            case APPROVED -> "approved";
            case RUNNING -> "running";
            case PAUSED -> "paused";
            case HALTED -> "halted at a failed step";
            case DONE -> "finished";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
            case REJECTED -> "rejected";
            case EXPIRED -> "expired";
            case STALE -> "out of date (the cluster changed)";
        };
    }
}
