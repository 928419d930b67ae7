package dev.kafkachatops.config;

import dev.kafkachatops.plan.upgrade.BatchMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.net.URI;
import java.time.Instant;
import java.util.Locale;

/**
 * The validated configuration of one bot. Built only by {@link ConfigLoader}; secrets are resolved from the
 * environment and never appear in {@code toString()}.
 */
public record BotConfig(Path source, Slack slack, List<Cluster> clusters, Optional<String> defaultCluster,
                        Storage storage, Metrics metrics) {
    public BotConfig {
        clusters = List.copyOf(clusters);
    }

    public BotConfig(Path source, Slack slack, List<Cluster> clusters, Optional<String> defaultCluster,
                     Storage storage) {
        this(source, slack, clusters, defaultCluster, storage, Metrics.NONE);
    }

    /** A copy with other clusters (channel names resolved, ...). */
    public BotConfig withClusters(List<Cluster> other) {
        return new BotConfig(source, slack, other, defaultCluster, storage, metrics);
    }

    public Optional<Cluster> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public enum SlackMode { SOCKET, HTTP }

    /**
     * How the bot talks to Slack. {@code apiUrl} overrides Slack's Web API address (the sandbox points it at
     * the simulator); tokens come from {@code SLACK_BOT_TOKEN}, {@code SLACK_APP_TOKEN} and
     * {@code SLACK_SIGNING_SECRET}.
     */
    public record Slack(SlackMode mode, String command, int concurrency, int httpPort, String httpPath,
                        Optional<String> apiUrl, Duration retryFor) {
    }

    /**
     * Where plans, runs and schedules are kept ({@code jdbc:h2:file:...} by default, PostgreSQL in production), and
     * the bot's data folder (a single bot's ledgers live there), and how often a bot instance on PostgreSQL checks
     * in with the Quartz cluster (the others take over its runs about this plus 7.5 s after its last check-in).
     */
    public record Storage(String jdbcUrl, Optional<String> user, Path dataDir, Duration clusterCheckinInterval) {
        /** Quartz's check-in every 7.5 s: a dead instance's run is taken over 15-23 s after it died. */
        public static final Duration DEFAULT_CLUSTER_CHECKIN = Duration.ofMillis(7500);

        public Storage(String jdbcUrl, Optional<String> user, Path dataDir) {
            this(jdbcUrl, user, dataDir, DEFAULT_CLUSTER_CHECKIN);
        }
    }

    /**
     * Where {@code /metrics}, {@code /healthz} and {@code /readyz} are served in Socket Mode: a small HTTP listener
     * on {@code port} ({@code 0}: any free port) at {@code address}; no port: no listener. HTTP mode serves them on
     * the bot's own HTTP server whatever this says.
     */
    public record Metrics(Optional<Integer> port, String address) {
        public static final Metrics NONE = new Metrics(Optional.empty(), "0.0.0.0");
    }

    /**
     * One Kafka cluster the bot may operate. {@code channels} lists the Slack channels (ids or names, {@code *}
     * for any) from which it may be operated; {@code operators}, when set, who besides the approvers may plan and
     * change its operations (absent: anyone in those channels may plan).
     */
    public record Cluster(String name, String bootstrapServers, Map<String, String> clientProperties,
                          List<String> channels, Approvals approvals, List<Window> windows, List<Freeze> freezes,
                          Map<Integer, HostConfig> hosts, Optional<URI> installMirror, UpgradeGates upgrade,
                          Rebalance rebalance, Optional<Operators> operators, Stage stage) {
        /** Outside any environment: no rehearsal gate, offline upgrades allowed. */
        public Cluster(String name, String bootstrapServers, Map<String, String> clientProperties,
                       List<String> channels, Approvals approvals, List<Window> windows, List<Freeze> freezes,
                       Map<Integer, HostConfig> hosts, Optional<URI> installMirror, UpgradeGates upgrade,
                       Rebalance rebalance, Optional<Operators> operators) {
            this(name, bootstrapServers, clientProperties, channels, approvals, windows, freezes, hosts,
                    installMirror, upgrade, rebalance, operators, Stage.NONE);
        }

        /** Without operators: anyone in the cluster's channels may plan. */
        public Cluster(String name, String bootstrapServers, Map<String, String> clientProperties,
                       List<String> channels, Approvals approvals, List<Window> windows, List<Freeze> freezes,
                       Map<Integer, HostConfig> hosts, Optional<URI> installMirror, UpgradeGates upgrade,
                       Rebalance rebalance) {
            this(name, bootstrapServers, clientProperties, channels, approvals, windows, freezes, hosts,
                    installMirror, upgrade, rebalance, Optional.empty());
        }

        /** With the default rebalance settings. */
        public Cluster(String name, String bootstrapServers, Map<String, String> clientProperties,
                       List<String> channels, Approvals approvals, List<Window> windows, List<Freeze> freezes,
                       Map<Integer, HostConfig> hosts, Optional<URI> installMirror, UpgradeGates upgrade) {
            this(name, bootstrapServers, clientProperties, channels, approvals, windows, freezes, hosts,
                    installMirror, upgrade, Rebalance.DEFAULTS);
        }

        /** Without an install mirror (the target version must already be installed on every host). */
        public Cluster(String name, String bootstrapServers, Map<String, String> clientProperties,
                       List<String> channels, Approvals approvals, List<Window> windows, List<Freeze> freezes,
                       Map<Integer, HostConfig> hosts) {
            this(name, bootstrapServers, clientProperties, channels, approvals, windows, freezes, hosts,
                    Optional.empty());
        }

        /** With the default upgrade gate timeouts. */
        public Cluster(String name, String bootstrapServers, Map<String, String> clientProperties,
                       List<String> channels, Approvals approvals, List<Window> windows, List<Freeze> freezes,
                       Map<Integer, HostConfig> hosts, Optional<URI> installMirror) {
            this(name, bootstrapServers, clientProperties, channels, approvals, windows, freezes, hosts,
                    installMirror, UpgradeGates.DEFAULTS);
        }

        public Cluster {
            clientProperties = Map.copyOf(clientProperties);
            channels = List.copyOf(channels);
            windows = List.copyOf(windows);
            freezes = List.copyOf(freezes);
            hosts = Map.copyOf(hosts);
            operators = operators == null ? Optional.empty() : operators;
            stage = stage == null ? Stage.NONE : stage;
        }

        /**
         * Whether a command from channel {@code channelId} may operate this cluster: by id only (names change, and a
         * private channel's commands arrive named {@code privategroup}); the bot resolves configured names to ids
         * when it starts ({@link #withSlackIds}).
         */
        public boolean allowsChannel(String channelId) {
            return channels.contains("*") || channels.contains(channelId);
        }

        /** This cluster with its channels and user groups as Slack ids, as the bot resolved them at start. */
        public Cluster withSlackIds(List<String> channelIds, List<String> approverGroupIds,
                                    Optional<List<String>> operatorGroupIds) {
            Approvals a = new Approvals(approvals.users(), approverGroupIds, approvals.required(),
                    approvals.allowSelfApproval(), approvals.approveReaction(), approvals.rejectReaction(),
                    approvals.expiry());
            Optional<Operators> o = operators.map(x -> new Operators(x.users(), operatorGroupIds.orElse(x.groups())));
            return new Cluster(name, bootstrapServers, clientProperties, channelIds, a, windows, freezes, hosts,
                    installMirror, upgrade, rebalance, o, stage);
        }

        /** Client properties with every value that may be secret masked. */
        @Override
        public String toString() {
            var masked = new TreeMap<String, String>();
            clientProperties.forEach((k, v) -> masked.put(k, ConfigLoader.isSecretKey(k) ? "******" : v));
            return "Cluster[name=" + name + ", bootstrapServers=" + bootstrapServers + ", clientProperties=" + masked
                    + ", channels=" + channels + "]";
        }
    }

    /**
     * A rolling upgrade's gates ({@code upgrade:} of a cluster): how long the safety gate before a stop may wait for
     * the cluster to allow it, how long the health gate after a start may wait for the node to be back and in sync,
     * and how often both ask (short, so the bot adds little time of its own). A gate that times out halts the run.
     */
    public record UpgradeGates(Duration safetyTimeout, Duration healthTimeout,
                               Duration poll, BatchMode batch, int maxBatch) {
        public static final int DEFAULT_MAX_BATCH = 20;
        public static final UpgradeGates DEFAULTS = new UpgradeGates(Duration.ofMinutes(5),
                Duration.ofMinutes(10), Duration.ofMillis(250));

        /** One broker at a time (today's behaviour). */
        public UpgradeGates(Duration safetyTimeout, Duration healthTimeout, Duration poll) {
            this(safetyTimeout, healthTimeout, poll, BatchMode.ONE, DEFAULT_MAX_BATCH);
        }

        public UpgradeGates {
            Objects.requireNonNull(batch, "batch");
            if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1");
        }
    }

    /** {@code environment} of a cluster; UNSPECIFIED when the file does not say. */
    public enum Environment { PRODUCTION, STAGING, DEVELOPMENT, UNSPECIFIED }

    /**
     * Where a cluster stands before its upgrades ({@code environment}, {@code rehearsal} and
     * {@code upgrade.rehearsalMaxAge} / {@code upgrade.allowOffline} of a cluster): a production cluster's upgrade
     * needs the same hop finished on {@code rehearsal} within {@code rehearsalMaxAge}, and an offline (downtime)
     * upgrade only when {@code allowOffline}.
     */
    public record Stage(Environment environment, Optional<String> rehearsal, Duration rehearsalMaxAge,
                        boolean allowOffline) {
        public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
        public static final Stage NONE = new Stage(Environment.UNSPECIFIED, Optional.empty(), DEFAULT_MAX_AGE, false);

        public boolean production() {
            return environment == Environment.PRODUCTION;
        }
    }

    /**
     * Cluster-wide reassignments ({@code rebalance:} of a cluster): {@code maxDiskUse}, the share of a broker's
     * log-dir capacity no plan fills, at any step or at the end (where the broker reports its capacity).
     */
    public record Rebalance(double maxDiskUse) {
        public static final Rebalance DEFAULTS = new Rebalance(0.85);

        public Rebalance {
            if (!(maxDiskUse > 0 && maxDiskUse <= 1)) {
                throw new IllegalArgumentException("maxDiskUse must be in (0, 1], got " + maxDiskUse);
            }
        }
    }

    /**
     * Who may plan for a cluster ({@code clusters[].operators}): Slack user ids and user groups whose members count.
     * Approvers may plan too; empty lists leave planning to the approvers alone.
     */
    public record Operators(List<String> users, List<String> groups) {
        public Operators {
            users = List.copyOf(users);
            groups = List.copyOf(groups);
        }
    }

    /** Who may approve plans for a cluster and how (see the approvals feature). */
    public record Approvals(List<String> users, List<String> groups, int required, boolean allowSelfApproval,
                            String approveReaction, String rejectReaction, Duration expiry) {
        public Approvals {
            users = List.copyOf(users);
            groups = List.copyOf(groups);
        }
    }

    /** A low-traffic window: Quartz cron expression for its start, its length, and the time zone. */
    public record Window(String cron, Duration duration, String timeZone) {
    }

    /** A period in which nothing starts (ISO-8601 instants). */
    public record Freeze(Instant from, Instant to, String reason) {
    }

}
