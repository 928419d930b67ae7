package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.HostService;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.localkafka.LocalKafkaNode;

import java.nio.file.Path;
import java.util.Optional;

/** Sandbox nodes reached over SSH: the host config an operator would write for a node behind an SSH server. */
public final class SshSandboxHosts {
    private SshSandboxHosts() {
    }

    /**
     * The node's host over SSH as user {@code test} with {@code keyFile}, checked against {@code knownHosts}: the
     * install below the node's {@code usr/local}, the {@code process} service with {@link #startCommand}.
     */
    static HostConfig host(EmbeddedSshServer ssh, Path keyFile, Path knownHosts, LocalKafkaNode node) {
        HostService process = HostService.preset("process");
        return new HostConfig("127.0.0.1", HostDriver.SSH, ssh.port(), "test",
                Optional.of(keyFile.toString()), knownHosts, Path.of("/"), node.usrLocal().toString(), "kafka",
                "config/server.properties", HostService.DEFAULT_SCALA,
                process.withCommands(process.stop(), startCommand(node), process.status()));
    }

    /**
     * An operator's start template for a host reached over SSH: the sandbox's java command line with both
     * logging options through {@code {link}} (each backend reads only its own), so it serves 3.x and 4.x.
     */
    public static String startCommand(LocalKafkaNode node) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String logs = node.hostRoot().resolve("logs").toString();
        return "cd " + ShellQuote.quote(node.hostRoot().toString()) + " && (setsid " + ShellQuote.quote(java) + " "
                + String.join(" ", LocalKafkaCluster.defaultJvmOptions("256m")) + " "
                + ShellQuote.quote("-Dkafka.logs.dir=" + logs)
                + " '-Dlog4j.configuration=file:'{link}'/config/log4j.properties'"
                + " '-Dlog4j2.configurationFile='{link}'/config/log4j2.xml'"
                + " -cp {link}'/libs/*' kafka.Kafka {config} >> logs/kafka.out 2>&1 < /dev/null & echo $! > kafka.pid)";
    }
}
