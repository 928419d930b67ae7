package dev.kafkachatops.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code run} (the bot), {@code status} (one cluster in the terminal), {@code sandbox}, and the
 * terminal tools {@code plan}, {@code apply}, {@code bench}, {@code doctor}. Errors and exit codes: {@link Cli}.
 */
@Command(name = "kafka-chatops", mixinStandardHelpOptions = true, version = "kafka-chatops 0.1.0",
        description = "Run Kafka rolling upgrades and partition reassignments from Slack.",
        subcommands = {RunCommand.class, StatusCommand.class, SandboxCommand.class, PlanCommand.class, ApplyCommand.class,
                BenchCommand.class, DoctorCommand.class},
        exitCodeListHeading = Cli.EXIT_HEADING,
        exitCodeList = {Cli.EXIT_OK, Cli.EXIT_FAILED, Cli.EXIT_STATUS_ATTENTION, Cli.EXIT_APPLY_CANCELLED},
        footer = {"%nRun 'kafka-chatops COMMAND --help' for a command's options and examples."})
public final class Main implements Runnable {

    public static void main(String[] args) {
        Cli.logFormatFromEnvironment(System.getenv());
        Cli.quietKafkaClientLogs(args);
        System.exit(commandLine().execute(args));
    }

    /** The whole command line, with its error handling ({@link Cli}). */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new Main()));
    }

    /**
     * The error handling and parsing settings of the command line, for {@code cl} and its subcommands: tests that
     * build one command's {@link CommandLine} themselves get the same behaviour as the real one.
     */
    public static CommandLine configure(CommandLine cl) {
        return Cli.configure(cl.setCaseInsensitiveEnumValuesAllowed(true));
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }
}
