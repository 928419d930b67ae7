package dev.kafkachatops.e2e;

import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.localkafka.LocalKafkaNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The bot's YAML as a chat test needs it: its data folder, Socket Mode or HTTP mode, and the clusters. */
final class BotYaml {
    private final Path dataDir;
    private final List<Cluster> clusters = new ArrayList<>();
    private OptionalInt httpPort = OptionalInt.empty();
    private String jdbcUrl;
    private String jdbcUser;
    private OptionalInt metricsPort = OptionalInt.empty();
    private String clusterCheckin;

    private BotYaml(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** A bot keeping its data in {@code dataDir}, in Socket Mode unless {@link #httpPort} says otherwise. */
    static BotYaml dataDir(Path dataDir) {
        return new BotYaml(dataDir);
    }

    Path dataDir() {
        return dataDir;
    }

    BotYaml httpPort(int port) {
        httpPort = OptionalInt.of(port);
        return this;
    }

    /** {@code metrics.port} on loopback: the Socket Mode listener of /metrics, /healthz and /readyz. */
    BotYaml metricsPort(int port) {
        metricsPort = OptionalInt.of(port);
        return this;
    }

    OptionalInt httpPort() {
        return httpPort;
    }

    /** {@code storage.jdbcUrl} and {@code user}: the database instead of the embedded H2 file. */
    BotYaml database(String url, String user) {
        jdbcUrl = url;
        jdbcUser = user;
        return this;
    }

    /** {@code storage.clusterCheckinInterval} (e.g. {@code 2s}): how soon a dead instance's run is taken over. */
    BotYaml clusterCheckin(String interval) {
        clusterCheckin = interval;
        return this;
    }

    BotYaml cluster(Cluster cluster) {
        clusters.add(cluster);
        return this;
    }

    /** The YAML text, with the simulator's Web API at {@code apiUrl}. */
    String render(String apiUrl) {
        return render(apiUrl, dataDir);
    }

    /** The YAML text of another instance of the same bot: the same everything, its own data folder. */
    String render(String apiUrl, Path instanceDataDir) {
        StringBuilder y = new StringBuilder("slack:\n");
        httpPort.ifPresent(port -> y.append("  mode: http\n  httpPort: ").append(port).append('\n'));
        y.append("  apiUrl: ").append(apiUrl).append("\nstorage:\n  dataDir: ").append(instanceDataDir)
                .append('\n');
        if (jdbcUrl != null) {
            y.append("  jdbcUrl: ").append(jdbcUrl).append("\n  user: ").append(jdbcUser).append('\n');
        }
        if (clusterCheckin != null) y.append("  clusterCheckinInterval: ").append(clusterCheckin).append('\n');
        metricsPort.ifPresent(p -> y.append("metrics:\n  port: ").append(p).append("\n  address: 127.0.0.1\n"));
        y.append("clusters:\n");
        clusters.forEach(c -> c.render(y));
        return y.toString();
    }

    /** One entry of {@code clusters:}; what a test does not set is left to the bot's defaults. */
    static final class Cluster {
        private final String name;
        private final String bootstrapServers;
        private List<String> channels = List.of("general");
        private List<String> approvers = List.of();
        private List<String> approverGroups = List.of();
        private OptionalInt required = OptionalInt.empty();
        private List<String> operators;
        private List<String> operatorGroups = List.of();
        private final List<Window> windows = new ArrayList<>();
        private LocalKafkaCluster hosts;
        private String stopCommand;
        private String startCommand;
        private Ssh ssh;
        private String environment;
        private String rehearsal;

        private Cluster(String name, String bootstrapServers) {
            this.name = name;
            this.bootstrapServers = bootstrapServers;
        }

        /** Operated from #general unless {@link #channels} says otherwise. */
        static Cluster named(String name, String bootstrapServers) {
            return new Cluster(name, bootstrapServers);
        }

        Cluster channels(String... names) {
            channels = List.of(names);
            return this;
        }

        Cluster approvers(String... users) {
            approvers = List.of(users);
            return this;
        }

        Cluster approverGroups(String... groups) {
            approverGroups = List.of(groups);
            return this;
        }

        /** {@code operators.users}: who may plan besides the approvers (unset: anyone may plan). */
        Cluster operators(String... users) {
            operators = List.of(users);
            return this;
        }

        Cluster operatorGroups(String... groups) {
            if (operators == null) operators = List.of();
            operatorGroups = List.of(groups);
            return this;
        }

        Cluster requiredApprovals(int n) {
            required = OptionalInt.of(n);
            return this;
        }

        /** A maintenance window opening at {@code cron} (Quartz syntax, UTC) for {@code duration}. */
        Cluster window(String cron, String duration) {
            windows.add(new Window(cron, duration));
            return this;
        }

        /** Every node of {@code cluster} as a host of the local-shell driver below its node root. */
        Cluster localHosts(LocalKafkaCluster cluster) {
            hosts = cluster;
            return this;
        }

        /**
         * Every node of {@code cluster} as a host reached over SSH at 127.0.0.1:{@code port} as user {@code test}
         * with {@code key}, its install below the node's {@code usr/local}, started by {@code startCommand}.
         */
        Cluster sshHosts(LocalKafkaCluster cluster, int port, Path key, Path knownHosts,
                         Function<LocalKafkaNode, String> startCommand) {
            hosts = cluster;
            ssh = new Ssh(port, key, knownHosts, startCommand);
            return this;
        }

        /** {@code environment} and {@code rehearsal} (null: left out). */
        Cluster stage(String environment, String rehearsal) {
            this.environment = environment;
            this.rehearsal = rehearsal;
            return this;
        }

        /** {@code hosts.defaults.stopCommand} and {@code startCommand}: the service templates of every node. */
        Cluster hostCommands(String stop, String start) {
            stopCommand = stop;
            startCommand = start;
            return this;
        }

        private void render(StringBuilder y) {
            y.append("  - name: ").append(name).append("\n    bootstrapServers: ").append(bootstrapServers)
                    .append("\n    channels: ").append(list(channels)).append('\n');
            if (environment != null) y.append("    environment: ").append(environment).append('\n');
            if (rehearsal != null) y.append("    rehearsal: ").append(rehearsal).append('\n');
            if (!approvers.isEmpty() || !approverGroups.isEmpty() || required.isPresent()) {
                y.append("    approvals:\n");
                if (!approvers.isEmpty()) y.append("      users: ").append(list(approvers)).append('\n');
                if (!approverGroups.isEmpty()) y.append("      groups: ").append(list(approverGroups)).append('\n');
                required.ifPresent(n -> y.append("      required: ").append(n).append('\n'));
            }
            if (operators != null) {
                y.append("    operators:\n      users: ").append(list(operators)).append("\n      groups: ")
                        .append(list(operatorGroups)).append('\n');
            }
            if (!windows.isEmpty()) y.append("    windows:\n");
            windows.forEach(w -> y.append("      - cron: \"").append(w.cron()).append("\"\n        duration: ")
                    .append(w.duration()).append("\n        timezone: UTC\n"));
            if (hosts == null) return;
            y.append("    hosts:\n      defaults:\n");
            if (ssh == null) {
                y.append("        driver: local\n        service: process\n");
            } else {
                y.append("        driver: ssh\n        port: ").append(ssh.port())
                        .append("\n        sshUser: test\n        sshKey: ").append(ssh.key())
                        .append("\n        knownHosts: ").append(ssh.knownHosts()).append("\n        service: process\n");
            }
            if (stopCommand != null) y.append("        stopCommand: ").append(quoted(stopCommand)).append('\n');
            if (startCommand != null) y.append("        startCommand: ").append(quoted(startCommand)).append('\n');
            y.append("      brokers:\n");
            for (LocalKafkaNode n : hosts.nodes()) {
                y.append("        ").append(n.id()).append(": ");
                if (ssh == null) {
                    y.append("{ host: node-").append(n.id()).append(", root: ").append(n.hostRoot())
                            .append(n.jmxPort() > 0 ? ", jmxPort: " + n.jmxPort() : "").append(" }\n");
                } else {
                    y.append("{ host: 127.0.0.1, installBase: ").append(n.usrLocal()).append(", startCommand: ")
                            .append(quoted(ssh.startCommand().apply(n))).append(" }\n");
                }
            }
        }

        private record Ssh(int port, Path key, Path knownHosts, Function<LocalKafkaNode, String> startCommand) {
        }

        private record Window(String cron, String duration) {
        }

        /** A YAML single-quoted scalar: backslashes and braces stay as they are. */
        private static String quoted(String text) {
            return "'" + text.replace("'", "''") + "'";
        }

        private static String list(List<String> items) {
            return items.stream().map(i -> "\"" + i + "\"")
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }
}
