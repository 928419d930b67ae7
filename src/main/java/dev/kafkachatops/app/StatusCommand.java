package dev.kafkachatops.app;

import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.adapter.kafka.AdminClusterReader;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigException;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.port.ClusterReader;
import dev.kafkachatops.view.StatusText;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import dev.kafkachatops.command.Values;

/** {@code status}: the same reading as {@code /kafka status}, printed as text. Exit 0 healthy, 2 unhealthy, 1 error. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print a cluster's status (brokers, quorum, metadata.version, partition health).",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:cluster read and healthy", "1:cluster could not be read or bad arguments",
                "2:cluster read but needs attention"})
public final class StatusCommand implements Callable<Integer> {

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
        Duration t;
        try {
            t = Values.duration(timeout);
        } catch (IllegalArgumentException e) {
            System.err.println("error: --timeout: " + e.getMessage());
            return 1;
        }
        String name;
        String bootstrap;
        Map<String, String> props = new HashMap<>();
        try {
            if (target.bootstrapServer != null) {
                name = target.bootstrapServer;
                bootstrap = target.bootstrapServer;
                if (commandConfig != null) props.putAll(readProperties(commandConfig));
            } else {
                BotConfig config = ConfigLoader.fromEnvironment().load(target.config);
                String wanted = cluster != null ? cluster : config.defaultCluster()
                        .orElse(config.clusters().size() == 1 ? config.clusters().get(0).name() : null);
                if (wanted == null) {
                    System.err.println("error: the config has several clusters: choose one with --cluster");
                    return 1;
                }
                BotConfig.Cluster c = config.cluster(wanted).orElse(null);
                if (c == null) {
                    System.err.println("error: no cluster `" + wanted + "` in " + target.config);
                    return 1;
                }
                name = c.name();
                bootstrap = c.bootstrapServers();
                props.putAll(c.clientProperties());
            }
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println("error: " + p));
            return 1;
        } catch (IOException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
        try (Admin admin = AdminClients.create(bootstrap, props, t)) {
            ClusterStatus s = new AdminClusterReader(name, bootstrap, admin, t, Clock.systemUTC()).status();
            System.out.print(StatusText.render(s));
            return s.healthy() ? 0 : 2;
        } catch (ClusterReader.ClusterUnavailableException e) {
            System.err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private static Map<String, String> readProperties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Map<String, String> out = new HashMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }
}
