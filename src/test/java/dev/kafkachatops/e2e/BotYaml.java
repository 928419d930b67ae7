package dev.kafkachatops.e2e;

import dev.kafkachatops.localkafka.LocalKafkaCluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** The bot's YAML as a chat test needs it: its data folder, Socket Mode or HTTP mode, and the clusters. */
final class BotYaml {
    private final Path dataDir;
    private final List<Cluster> clusters = new ArrayList<>();
    private OptionalInt httpPort = OptionalInt.empty();

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

    OptionalInt httpPort() {
        return httpPort;
    }

    BotYaml cluster(Cluster cluster) {
        clusters.add(cluster);
        return this;
    }

    /** The YAML text, with the simulator's Web API at {@code apiUrl}. */
    String render(String apiUrl) {
        StringBuilder y = new StringBuilder("slack:\n");
        httpPort.ifPresent(port -> y.append("  mode: http\n  httpPort: ").append(port).append('\n'));
        y.append("  apiUrl: ").append(apiUrl).append("\nstorage:\n  dataDir: ").append(dataDir)
                .append("\nclusters:\n");
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

        private void render(StringBuilder y) {
            y.append("  - name: ").append(name).append("\n    bootstrapServers: ").append(bootstrapServers)
                    .append("\n    channels: ").append(list(channels)).append('\n');
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
            y.append("    hosts:\n      defaults:\n        driver: local\n        service: process\n      brokers:\n");
            hosts.nodes().forEach(n -> y.append("        ").append(n.id()).append(": { host: node-").append(n.id())
                    .append(", root: ").append(n.hostRoot()).append(" }\n"));
        }

        private record Window(String cron, String duration) {
        }

        private static String list(List<String> items) {
            return items.stream().map(i -> "\"" + i + "\"")
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }
}
