package dev.kafkachatops.app;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code sandbox}: a real local cluster, the Slack simulator and the bot, wired together. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Start a local 3-node Kafka cluster, the Slack simulator and the bot connected to it.")
public final class SandboxCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("sandbox: being wired up");
        return 1;
    }
}
