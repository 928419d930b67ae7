package dev.kafkachatops.app;

import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.adapter.kafka.AdminClusterReader;
import dev.kafkachatops.command.Values;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigException;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.port.ClusterReader;
import dev.kafkachatops.view.StatusText;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code status}: the same reading as {@code /kafka status}, printed as text. Exit 0 healthy, 2 unhealthy, 1 error
 * (one line on stderr; {@link Cli}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print a cluster's status (brokers, quorum, metadata.version, partition health).",
        exitCodeListHeading = Cli.EXIT_HEADING,
        exitCodeList = {"0:cluster read and healthy", "1:cluster could not be read or bad arguments",
                "2:cluster read but needs attention"},
        footer = {"%nExamples:", "  kafka-chatops status --bootstrap-server kafka1:9092",
                "  kafka-chatops status --config config/kafka-chatops.yaml --cluster prod-eu"})
public final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", description = "Brokers to connect to.")
        String bootstrapServer;

        @Option(names = "--config", paramLabel = "FILE", description = "Bot configuration; with --cluster.")
        Path config;
    }

    @Option(names = "--cluster", paramLabel = "NAME", description = "Cluster from --config (default: defaultCluster).")
    String cluster;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Admin client properties (TLS, SASL), as for Kafka's own tools.")
    Path commandConfig;

    @Option(names = "--timeout", defaultValue = "15s", paramLabel = "DURATION",
            description = "How long to wait for the cluster (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Duration t = duration(timeout);
            Connection c = connection();
            try (Admin admin = AdminClients.create(c.bootstrap(), c.properties(), t)) {
                ClusterStatus s = new AdminClusterReader(c.name(), c.bootstrap(), admin, t, Clock.systemUTC(),
                        Wiring.metadataLevels()).status();
                out.print(StatusText.render(s));
                out.flush();
                return s.healthy() ? 0 : 2;
            }
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("error: " + p));
        } catch (IllegalArgumentException | ClusterReader.ClusterUnavailableException e) {
            err.println("error: " + e.getMessage());
        }
        err.flush();
        return Cli.FAILED;
    }

    private static Duration duration(String timeout) {
        try {
            return Values.duration(timeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--timeout: " + e.getMessage());
        }
    }

    /** Where to connect: a cluster's name (for messages), its bootstrap servers and the client's properties. */
    private record Connection(String name, String bootstrap, Map<String, String> properties) {
    }

    private Connection connection() throws ConfigException {
        if (target.bootstrapServer != null) {
            String bootstrap = Values.bootstrapServers(target.bootstrapServer);
            Map<String, String> props = commandConfig == null ? Map.of() : readProperties(commandConfig);
            return new Connection(bootstrap, bootstrap, props);
        }
        BotConfig config = ConfigLoader.fromEnvironment().load(target.config);
        String wanted = cluster != null ? cluster : config.defaultCluster()
                .orElse(config.clusters().size() == 1 ? config.clusters().get(0).name() : null);
        if (wanted == null) {
            throw new IllegalArgumentException("the config has several clusters: choose one with --cluster ("
                    + String.join(", ", config.clusters().stream().map(BotConfig.Cluster::name).toList()) + ")");
        }
        BotConfig.Cluster c = config.cluster(wanted).orElseThrow(() -> new IllegalArgumentException(
                "no cluster `" + wanted + "` in " + target.config + " (clusters: " + String.join(", ",
                        config.clusters().stream().map(BotConfig.Cluster::name).toList()) + ")"));
        return new Connection(c.name(), c.bootstrapServers(), c.clientProperties());
    }

    private static Map<String, String> readProperties(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException(Cli.cannotRead("--command-config", file, e));
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}
