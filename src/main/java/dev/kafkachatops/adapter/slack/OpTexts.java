package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.OpEvent;
import dev.kafkachatops.ops.ApprovalPolicy;
import dev.kafkachatops.ops.Reply;
import dev.kafkachatops.view.Format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The words of the workflow's events (thread entries) and of the answers to operators' commands, in mrkdwn. */
final class OpTexts {
    private static final int MAX_NAMED = 5;

    private OpTexts() {
    }

    static String event(String id, OpEvent e) {
        if (e instanceof OpEvent.Recovered) {
            return ":recycle: The bot restarted during this run; resuming from its checkpoints.";
        } else if (e instanceof OpEvent.Resumed r) {
            return ":arrow_forward: Resumed at " + when(r.at()) + (r.breakGlass() ? " (break-glass, outside the window)."
                    : "; the window is open until " + r.until().map(OpTexts::when).orElse("?") + ".");
        } else if (e instanceof OpEvent.NotStarted n) {
            return ":calendar: Not started now: " + n.why() + ". Next window start: "
                    + n.next().map(OpTexts::when).orElse("none in the coming year") + ".";
        } else if (e instanceof OpEvent.ReadFailed f) {
            return ":x: Could not re-read the cluster before starting (" + f.error() + "); trying again at the next "
                    + "window.";
        } else if (e instanceof OpEvent.Stale s) {
            return ":warning: Not started: the cluster changed since this plan was made (" + s.summary()
                    + "). Nothing was changed. A fresh plan (`" + s.title() + "`) follows in the channel for approval.";
        } else if (e instanceof OpEvent.StartedNow n) {
            return ":rotating_light: <@" + n.user() + "> started " + id + " now (break-glass" + (n.windowOpen()
                    ? "; the window is open)." : ", outside the window).");
        } else if (e instanceof OpEvent.TooLate c) {
            return ":information_source: The " + c.action() + " by <@" + c.user() + "> came as the last step finished: "
                    + id + " is done" + (c.action().equals("cancel") ? ", nothing was reverted." : ".");
        } else if (e instanceof OpEvent.Halted h) {
            return ":rotating_light: *" + id + " halted*: " + h.summary() + "\nNothing else is changed until you choose: "
                    + "*Retry* the step, *Roll back* the node to its previous version, or *Abort* (the cluster stays as "
                    + "it is now).";
        }
        throw new IllegalArgumentException("no words for " + e);
    }

    /** A halted restart: retry or abort; there is nothing to roll back. */
    static String restartHalted(String id, String summary) {
        return ":rotating_light: *" + id + " halted*: " + summary + "\nNothing else is changed until you choose: "
                + "*Retry* the step (a node that is down is started again first), or *Abort* (the cluster stays as "
                + "it is now). There is nothing to roll back: the restart changes no version and no config.";
    }

    static String reply(Reply r) {
        String id = r.id();
        String cluster = r.cluster().orElse("its cluster");
        String state = r.state().map(ApprovalPolicy::describe).orElse("?");
        return switch (r.kind()) {
            case UNKNOWN -> "No operation `" + id + "`. `jobs` lists the open ones.";
            case CLUSTER_GONE -> "Operation " + id + " belongs to a cluster that is no longer configured.";
            case NOT_ALLOWED -> "Only the requester, an operator or an approver of " + cluster + " may change " + id
                    + ".";
            case CANCELLING -> ":no_entry_sign: Cancelling " + id + ": the run stops at once and reverts what is in "
                    + "flight; if it finishes first, it stays done. The plan message shows the outcome.";
            case CANCELLED -> ":no_entry_sign: " + id + " cancelled.";
            case CHANGED -> id + " changed meanwhile; look at its message.";
            case ENDED -> id + " has already ended (" + state + ").";
            case PAUSING -> ":double_vertical_bar: " + id + " pauses at its next safe point.";
            case HELD_BEFORE_START -> ":double_vertical_bar: " + id + " will not start until resumed.";
            case CANNOT_PAUSE -> id + " is " + state + "; only an approved or running operation can be paused.";
            case RETRYING -> ":arrows_counterclockwise: Retrying " + id + " now.";
            case NOT_PAUSED -> id + " is " + state + "; only a paused operation can be resumed.";
            case CONTINUES_AT -> ":arrow_forward: " + id + " continues at " + r.at().map(OpTexts::when).orElse("?")
                    + ".";
            case CONTINUES_NOW -> ":arrow_forward: " + id + " continues now.";
            case NO_WINDOW -> ":arrow_forward: " + id + " continues when a window opens (none in the coming year).";
            case NOT_HALTED -> id + " is not halted at a failed step; nothing to roll back.";
            case ROLLING_BACK -> ":leftwards_arrow_with_hook: Rolling back the node " + id + " halted at; progress in "
                    + "the thread.";
            case NOT_APPROVER -> "Only approvers of " + cluster + " may start " + id + " now.";
            case CANNOT_START -> id + " is " + state + "; only an approved or paused plan can be started now.";
            case CONFIRM_RUN_NOW -> "Start " + id + " now?";
            case HELD_BY -> r.holder().orElse("another operation") + " holds cluster " + cluster
                    + "; one operation per cluster at a time. Cancel or finish it first.";
            case STARTING -> ":rotating_light: Starting " + id + " now.";
        };
    }

    /**
     * The refusal of a plan to someone who is neither an operator nor an approver of {@code cluster}, naming whom to
     * ask (user and group mentions from the config, at most {@value #MAX_NAMED}).
     */
    static String notOperator(BotConfig.Cluster cluster) {
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        cluster.operators().ifPresent(o -> {
            users.addAll(o.users());
            groups.addAll(o.groups());
        });
        users.addAll(cluster.approvals().users());
        groups.addAll(cluster.approvals().groups());
        List<String> names = Stream.concat(users.stream().distinct().map(OpTexts::user),
                groups.stream().distinct().map(OpTexts::group)).toList();
        String ask = names.isEmpty() ? "" : " (ask one of " + String.join(", ", names.subList(0,
                Math.min(MAX_NAMED, names.size()))) + (names.size() > MAX_NAMED ? " or "
                + (names.size() - MAX_NAMED) + " more" : "") + ")";
        return "Only operators of " + cluster.name() + " may plan" + ask + ".";
    }

    private static String user(String u) {
        return u.matches("[UW][A-Z0-9]+") ? "<@" + u + ">" : "@" + u;
    }

    private static String group(String g) {
        return g.matches("S[A-Z0-9]+") ? "<!subteam^" + g + ">" : "@" + g;
    }

    private static String when(Instant t) {
        return Format.when(t, ZoneOffset.UTC);
    }
}
