package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.PlanStatus;
import dev.kafkachatops.domain.ops.StateNote;
import dev.kafkachatops.ops.StateNotes;
import dev.kafkachatops.view.Format;

import java.time.ZoneId;
import java.util.stream.Collectors;

/** The line under a plan message that says where it stands: approvals, when it runs, how it ended. Pure. */
public final class StatusLine {

    private StatusLine() {
    }

    /** Local times are shown in the windows' time zone ({@link PlanStatus#zone()}) beside UTC. */
    public static String of(Operation op, PlanStatus cfg) {
        var approvals = cfg.approvals();
        ZoneId zone = cfg.zone();
        String by = approvals.stream().map(a -> "<@" + a.user() + ">").collect(Collectors.joining(", "));
        String detail = detail(op, zone);
        return switch (op.state()) {
            case AWAITING_APPROVAL -> ":hourglass_flowing_sand: *Waiting for approval*: " + count(approvals.size(),
                    cfg.required()) + (approvals.isEmpty() ? "" : " (" + by + ")") + ". Approvers react with :"
                    + cfg.approveReaction() + ": to approve or :" + cfg.rejectReaction() + ": to reject"
                    + (cfg.allowSelfApproval() ? "" : "; the requester cannot approve their own plan")
                    + ". Expires " + Format.when(op.expiresAt(), zone) + ".";
            case APPROVED -> ":white_check_mark: *Approved* by " + by + " (" + count(approvals.size(), cfg.required())
                    + "). " + op.scheduledFor().map(t -> "Runs at the next window start: "
                    + Format.when(t, zone) + ".").orElse("No window is open in the coming year: an approver can start it "
                    + "with `run " + op.id() + " now`.") + detail;
            case RUNNING -> ":arrow_forward: *Running*" + detail;
            case PAUSED -> ":double_vertical_bar: *Paused*" + detail + op.scheduledFor().map(t -> " Continues at "
                    + Format.when(t, zone) + ".").orElse("");
            case HALTED -> ":rotating_light: *Halted*" + detail + " Retry, roll back or abort from the thread.";
            case DONE -> ":white_check_mark: *Done*" + detail;
            case FAILED -> ":x: *Failed*" + detail;
            case CANCELLED -> ":no_entry_sign: *" + (withdrawn(op) ? "Withdrawn" : "Cancelled") + "*" + detail;
            case REJECTED -> ":no_entry: *Rejected*" + detail;
            case EXPIRED -> ":hourglass: *Expired*" + detail;
            case STALE -> ":warning: *Not run: the cluster changed*" + detail;
        };
    }

    /**
     * Approvals against the number required: "1 of 2" while fewer are in, "2 approvals, 1 needed" when more came in
     * than were needed (a second approver who reacted too), never "2 of 1".
     */
    static String count(int approvals, int required) {
        return approvals <= required ? approvals + " of " + required
                : approvals + " approvals, " + required + " needed";
    }

    private static boolean withdrawn(Operation op) {
        return StateNotes.read(op).map(n -> n.reason() == StateNote.Reason.WITHDRAWN).orElse(false);
    }

    /** Why the operation is in its state ({@link StateNote}), with a leading space; empty when nothing is noted. */
    static String detail(Operation op, ZoneId zone) {
        return StateNotes.read(op).map(n -> " " + words(op.id(), n, zone)).orElse("");
    }

    private static String words(String id, StateNote n, ZoneId zone) {
        String at = n.at().map(t -> Format.when(t, zone)).orElse("?");
        String resume = "Resume with `resume " + id + "`.";
        return switch (n.reason()) {
            case RUNNING_IN_WINDOW -> "until the window closes at " + n.until().map(t -> Format.when(t, zone)).orElse("?")
                    + "; it pauses at a safe point then. Progress is in the thread.";
            case RUNNING_BREAK_GLASS -> "(break-glass run-now, outside the window). Progress is in the thread.";
            case BY_OPERATOR -> "by <@" + n.by().orElse("?") + "> at " + at + ".";
            case WITHDRAWN -> "by <@" + n.by().orElse("?") + ">, who requested it, at " + at + ".";
            case EXPIRED -> "at " + at + " without enough approvals; plan it again.";
            case STALE -> "— checked at " + at + ": " + n.text() + ". Plan again to get a fresh plan for approval.";
            case ENDED -> "at " + at + ": " + n.text();
            case PAUSED_BY_OPERATOR -> "at " + at + ": " + n.text() + " " + resume;
            case PAUSED_BEFORE_START -> "by <@" + n.by().orElse("?") + "> before it started. " + resume;
            case LEGACY -> n.text();
        };
    }
}
