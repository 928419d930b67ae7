package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.localkafka.LocalKafkaNode;
import dev.kafkachatops.port.HostException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.io.File;
import java.util.Locale;

/**
 * A broker host that is this machine: commands run as {@code /bin/sh -c <command>} in the host's root folder,
 * with a timeout, output captured through temporary files (so a broker that a start command leaves running in
 * the background cannot hold the call open). With a root other than {@code /} the installation lives below it,
 * as in the sandbox, whose node {@code n} is the root {@code <dir>/cluster/node-n} with
 * {@code usr/local/kafka_2.13-<v>} folders and the {@code usr/local/kafka} link.
 *
 * <p>Fills {@code {kafkaCommand}}: the broker's java command line exactly as {@link LocalKafkaNode} builds it
 * ({@link LocalKafkaNode#brokerCommand}) for the linked version, with the sandbox's JVM options; the
 * {@code process} service starts it detached ({@code setsid}, output to {@code logs/kafka.out}, pid in
 * {@code kafka.pid}), so it outlives the bot and the sandbox's cluster still recognises it as its node. A host with
 * a {@code jmxPort} starts its broker with remote JMX on 127.0.0.1 at that port, as the sandbox's nodes run.
 */
public final class LocalShellHost extends ShellBrokerHost {
    private final List<String> jvmOptions;

    public LocalShellHost(HostConfig config, Clock clock) {
        this(config, clock, LocalKafkaCluster.defaultJvmOptions("256m"));
    }

    public LocalShellHost(HostConfig config, Clock clock, List<String> brokerJvmOptions) {
        super(config, clock);
        if (config.driver() != HostDriver.LOCAL) {
            throw new IllegalArgumentException("host " + config.host() + " is configured for driver "
                    + config.driver().name().toLowerCase(Locale.ROOT) + ", not local");
        }
        List<String> options = new ArrayList<>(brokerJvmOptions);
        config.jmxPort().ifPresent(port -> options.addAll(LocalKafkaNode.jmxOptions(port)));
        this.jvmOptions = List.copyOf(options);
    }

    @Override
    protected ExecResult exec(String command, Duration timeout) throws HostException {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("kafka-chatops-sh-", ".out");
            err = Files.createTempFile("kafka-chatops-sh-", ".err");
            Path dir = Path.of(paths.root());
            if (!Files.isDirectory(dir)) throw failure("root folder " + dir + " does not exist", false);
            Process p = new ProcessBuilder("/bin/sh", "-c", command).directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw failure("a command did not finish within " + timeout.toSeconds() + " s", true);
            }
            return new ExecResult(p.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
        } catch (IOException e) {
            throw new HostException("host " + host() + ": cannot run /bin/sh: " + e.getMessage(), false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while a command ran", true);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    @Override
    protected Optional<String> driverPlaceholder(String name) throws HostException {
        if (!name.equals("kafkaCommand")) return Optional.empty();
        try {
            Path root = Path.of(paths.root());
            return Optional.of(ShellQuote.join(LocalKafkaNode.brokerCommand(Path.of(paths.link()),
                    Path.of(paths.config()), root.resolve("logs"), jvmOptions)));
        } catch (IOException e) {
            throw failure("cannot build the broker command from " + paths.link() + ": " + e.getMessage(), false);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }

    @Override
    public void close() {
        // nothing held between commands
    }
}
