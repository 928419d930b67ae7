package dev.kafkachatops.command;

import java.util.List;
import java.util.Optional;

/**
 * The forms of every command, shown in help and in error messages. One place, so both stay in step: the one-line
 * {@code usage} and {@code summary} of {@code help}, and for {@code help <command>} each argument and option with
 * its meaning and an example.
 */
public final class Grammar {
    /** One argument or option of a command: how it is written and what it means, in a line. */
    public record Arg(String form, String meaning) {
    }

    public record Form(String verb, String usage, String summary, List<Arg> args, String example) {
        public Form {
            args = List.copyOf(args);
        }
    }

    private static final Arg THROTTLE = new Arg("throttle=50MB/s", "replication throttle while data is copied "
            + "(MB decimal, MiB binary, a plain number is bytes/s); default: none");
    private static final Arg CONCURRENT = new Arg("--allow-concurrent", "start even if another reassignment is in "
            + "progress on the cluster");
    private static final Arg ID = new Arg("<id>", "the operation, as `jobs` and the plan message name it, e.g. R3");

    public static final List<Form> FORMS = List.of(
            new Form("help", "help [command]", "what the bot can do",
                    List.of(new Arg("[command]", "one command in full: its arguments, options and an example")),
                    "help rebalance"),
            new Form("status", "status", "brokers, controller quorum, metadata.version, partition health",
                    List.of(), "status"),
            new Form("upgrade", "upgrade <version> [skip-rehearsal] [allow-old-clients]",
                    "plan a rolling upgrade, e.g. `upgrade 3.9.1`",
                    List.of(new Arg("<version>", "the target release: `3.9.1` exactly, or `3.9` for the newest 3.9 "
                            + "patch the version catalogue knows"),
                            new Arg("skip-rehearsal", "a production cluster whose rehearsal cluster has not finished "
                                    + "the same upgrade lately: plan it anyway, needing one approval more"),
                            new Arg("allow-old-clients", "an upgrade into 4.x although brokers see clients older than "
                                    + "2.1, which 4.x refuses (KIP-896): plan it anyway (audited)")),
                    "upgrade 3.9.1"),
            new Form("restart", "restart [brokers=1,2,3] [controllers] [reason=\"rotate certs\"]",
                    "plan a rolling restart (config change, certificates, OS patches): no version change",
                    List.of(new Arg("brokers=1,2,3", "the brokers to restart"),
                            new Arg("controllers", "the KRaft controllers, one at a time, the active one last"),
                            new Arg("reason=\"rotate certs\"", "why, shown in the plan and its thread (one line, "
                                    + "at most " + Values.REASON_MAX + " characters)"),
                            new Arg("(none of them)", "every node: the controllers first (the active one last), "
                                    + "then the brokers")),
                    "restart brokers=1,2,3 reason=\"rotate certs\""),
            new Form("rebalance", "rebalance <topic>|--all [brokers=1,2,3] [exclude=4] [throttle=50MB/s] "
                    + "[shrink-retention=2h] [--allow-concurrent]", "plan a minimal-movement reassignment of a topic",
                    List.of(new Arg("<topic>", "the topic to spread over the target brokers"),
                            new Arg("--all", "instead of a topic: the whole cluster, planned at once, run one topic "
                                    + "at a time"),
                            new Arg("brokers=1,2,3", "the target brokers; default: every alive broker"),
                            new Arg("exclude=4", "brokers to move the replicas off; default: none"),
                            THROTTLE,
                            new Arg("shrink-retention=2h", "lower the topic's retention.ms to this during the move, "
                                    + "so less old data is copied; restored afterwards (one topic only)"),
                            CONCURRENT),
                    "rebalance orders brokers=1,2,3,4 throttle=50MB/s"),
            new Form("expand", "expand brokers=4,5 [throttle=50MB/s] [--allow-concurrent]",
                    "spread every topic onto new brokers, one topic at a time",
                    List.of(new Arg("brokers=4,5", "the new brokers, which hold no data yet (required)"), THROTTLE,
                            CONCURRENT), "expand brokers=4 throttle=50MB/s"),
            new Form("decommission", "decommission <brokers> [throttle=50MB/s] [--allow-concurrent]",
                    "empty brokers before they are retired (e.g. `decommission 5`), the rest balanced",
                    List.of(new Arg("<brokers>", "the brokers to empty, e.g. 5 or 5,6"), THROTTLE, CONCURRENT),
                    "decommission 5 throttle=50MB/s"),
            new Form("jobs", "jobs", "plans and runs: approved, scheduled, running", List.of(), "jobs"),
            new Form("show", "show <id>", "one plan or run in detail", List.of(ID), "show R3"),
            new Form("cancel", "cancel <id>", "cancel a plan or stop a run safely", List.of(ID), "cancel R3"),
            new Form("pause", "pause <id>", "pause a run at the next safe point", List.of(ID), "pause R3"),
            new Form("resume", "resume <id>", "resume a paused run", List.of(ID), "resume R3"),
            new Form("run", "run <id> now", "start an approved plan now (approvers only, outside the window)",
                    List.of(ID, new Arg("now", "required: says that it starts now, outside the maintenance window "
                            + "(a confirmation button follows)")), "run R3 now"),
            new Form("history", "history [page]", "the audit log: who requested, approved, ran what",
                    List.of(new Arg("[page]", "1 (the default) is the newest " + Command.History.PAGE_SIZE
                            + " decisions, 2 the " + Command.History.PAGE_SIZE + " before them, and so on")),
                    "history 2"));

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
