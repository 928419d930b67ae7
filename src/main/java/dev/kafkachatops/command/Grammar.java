package dev.kafkachatops.command;

import java.util.List;
import java.util.Optional;

/** The forms of every command, shown in help and in error messages. One place, so both stay in step. */
public final class Grammar {
    public record Form(String verb, String usage, String summary) {
    }

    public static final List<Form> FORMS = List.of(
            new Form("help", "help [command]", "what the bot can do"),
            new Form("status", "status", "brokers, controller quorum, metadata.version, partition health"),
            new Form("upgrade", "upgrade <version>", "plan a rolling upgrade, e.g. `upgrade 3.9.1`"),
            new Form("rebalance", "rebalance <topic>|--all [brokers=1,2,3] [exclude=4] [throttle=50MB/s] "
                    + "[shrink-retention=2h] [--allow-concurrent]", "plan a minimal-movement reassignment of a topic"),
            new Form("expand", "expand brokers=4,5 [throttle=50MB/s] [--allow-concurrent]",
                    "spread every topic onto new brokers, one topic at a time"),
            new Form("decommission", "decommission <brokers> [throttle=50MB/s] [--allow-concurrent]",
                    "empty brokers before they are retired (e.g. `decommission 5`), the rest balanced"),
            new Form("jobs", "jobs", "plans and runs: approved, scheduled, running"),
            new Form("show", "show <id>", "one plan or run in detail"),
            new Form("cancel", "cancel <id>", "cancel a plan or stop a run safely"),
            new Form("pause", "pause <id>", "pause a run at the next safe point"),
            new Form("resume", "resume <id>", "resume a paused run"),
            new Form("run", "run <id> now", "start an approved plan now (approvers only, outside the window)"),
            new Form("history", "history", "the audit log: who requested, approved, ran what"));

    /** Appended to any form: which cluster the command is for. */
    public static final String CLUSTER_OPTION = "[--cluster NAME | cluster=NAME]";

    private Grammar() {
    }

    public static Optional<Form> form(String verb) {
        return FORMS.stream().filter(f -> f.verb().equals(verb)).findFirst();
    }

    public static String usage(String verb) {
        return form(verb).map(Form::usage).orElse(verb);
    }
}
