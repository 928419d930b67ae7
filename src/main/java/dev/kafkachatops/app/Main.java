package dev.kafkachatops.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code run} (the bot), {@code status} (one cluster in the terminal), {@code sandbox}. */
@Command(name = "kafka-chatops", mixinStandardHelpOptions = true, version = "kafka-chatops 0.1.0",
        description = "Run Kafka rolling upgrades and partition reassignments from Slack.",
        subcommands = {RunCommand.class, StatusCommand.class, SandboxCommand.class, PlanCommand.class, ApplyCommand.class,
                BenchCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }
}
