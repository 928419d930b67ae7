package dev.kafkachatops.app;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.adapter.host.BrokerHosts;
import dev.kafkachatops.adapter.jmx.JmxBrokerMetrics;
import dev.kafkachatops.adapter.kafka.ReleaseConfigDefs;
import dev.kafkachatops.localkafka.KafkaDistributions;
import dev.kafkachatops.ops.upgrade.ConfigPreflight;
import dev.kafkachatops.ops.upgrade.OldClientsGate;
import dev.kafkachatops.ops.upgrade.RehearsalGate;
import dev.kafkachatops.adapter.host.MirrorInstaller;
import dev.kafkachatops.adapter.kafka.KafkaClusters;
import dev.kafkachatops.adapter.kafka.KafkaErrors;
import dev.kafkachatops.adapter.metrics.BotMeters;
import dev.kafkachatops.adapter.metrics.MeteredReports;
import dev.kafkachatops.adapter.metrics.SlackCallMeter;
import dev.kafkachatops.adapter.quartz.CronWindowCalendar;
import dev.kafkachatops.adapter.slack.PlanReplies;
import dev.kafkachatops.adapter.slack.RestartReporter;
import dev.kafkachatops.adapter.slack.SlackApp;
import dev.kafkachatops.adapter.slack.SlackApprovers;
import dev.kafkachatops.adapter.slack.SlackBot;
import dev.kafkachatops.adapter.slack.SlackNames;
import dev.kafkachatops.adapter.slack.SlackOperationChat;
import dev.kafkachatops.adapter.slack.SlackReassignmentReport;
import dev.kafkachatops.adapter.slack.SlackSender;
import dev.kafkachatops.adapter.slack.UpgradeReporter;
import dev.kafkachatops.adapter.store.FileRetentionLedger;
import dev.kafkachatops.adapter.store.FileThrottleLedger;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigException;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.config.VersionCatalogueLoader;
import dev.kafkachatops.domain.MetadataVersions;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.version.VersionCatalogue;
import dev.kafkachatops.ops.ClusterStatusQuery;
import dev.kafkachatops.ops.OperationKinds;
import dev.kafkachatops.ops.OperationService;
import dev.kafkachatops.ops.PlanSubmission;
import dev.kafkachatops.ops.chat.ChatOutbox;
import dev.kafkachatops.ops.reassign.ReassignmentKind;
import dev.kafkachatops.ops.reassign.ReassignmentRequests;
import dev.kafkachatops.ops.upgrade.RestartKind;
import dev.kafkachatops.ops.upgrade.RestartRequests;
import dev.kafkachatops.ops.upgrade.UpgradeKind;
import dev.kafkachatops.ops.upgrade.UpgradeRequests;
import dev.kafkachatops.plan.upgrade.RestartPlanner;
import dev.kafkachatops.plan.upgrade.UpgradePlanner;
import dev.kafkachatops.port.ThrottleLedger;
import dev.kafkachatops.port.RetentionLedger;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.BrokerMetrics;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.port.OutboxStore;
import dev.kafkachatops.run.reassign.RetentionShrinker;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;
import dev.kafkachatops.run.upgrade.UpgradeRunner;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The composition root of the running bot: every adapter is made here and handed to the application layer through
 * its ports; nothing else composes adapters. Adding an operation kind: its {@code OperationKind} registered below,
 * its request use case handed to the chat adapter, its view in {@link SlackOperationChat}.
 */
public final class Wiring implements AutoCloseable {
    /** How long a broker's JMX may take to answer a planning read. */
    static final Duration JMX_TIMEOUT = Duration.ofSeconds(5);
    private final SlackApp slackApp;
    private final ChatOutbox outbox;
    private final BrokerHosts brokerHosts;
    private final OperationService service;
    private final SlackBot bot;

    /**
     * Where runs record what they must put back on a cluster: files in the data folder (one bot), or tables of the
     * database several bot instances share.
     */
    public record Ledgers(ThrottleLedger throttles, RetentionLedger retention) {
        /** {@code <dataDir>/throttle-ledger.json} and {@code <dataDir>/retention-ledger.json}. */
        public static Ledgers files(BotConfig config) {
            return new Ledgers(new FileThrottleLedger(throttleLedgerFile(config)),
                    new FileRetentionLedger(retentionLedgerFile(config)));
        }
    }

    /** A bot whose ledgers are files in its data folder. */
    public Wiring(BotConfig given, SlackCredentials credentials, KafkaClusters clusters, OperationStore store,
                  OutboxStore outboxStore, JobScheduler scheduler, Clock clock) throws ConfigException {
        this(given, credentials, clusters, store, outboxStore, scheduler, clock, Ledgers.files(given));
    }

    /**
     * @throws ConfigException when a channel name or user group handle of the config is not known to Slack (they are
     *                         resolved to ids here, before anything else talks to Slack)
     */
    public Wiring(BotConfig given, SlackCredentials credentials, KafkaClusters clusters, OperationStore store,
                  OutboxStore outboxStore, JobScheduler scheduler, Clock clock, Ledgers ledgers)
            throws ConfigException {
        this(given, credentials, clusters, store, outboxStore, scheduler, clock, new BotMeters(), ledgers);
    }

    /**
     * {@code meters}: where Slack calls, Admin API errors, planner times and the runs' steps are counted; the
     * operations gauge reads {@code store}. {@code ledgers}: where runs record what they must put back.
     */
    public Wiring(BotConfig given, SlackCredentials credentials, KafkaClusters clusters, OperationStore store,
                  OutboxStore outboxStore, JobScheduler scheduler, Clock clock, BotMeters meters, Ledgers ledgers)
            throws ConfigException {
        this.slackApp = SlackApp.create(given, credentials, List.of(new SlackCallMeter(meters)));
        KafkaErrors.listen(meters::adminError);
        meters.countOperationsFrom(() -> store.list(Optional.empty(), EnumSet.allOf(OpState.class)));
        BotConfig config;
        try {
            config = SlackNames.resolve(slackApp.client(), given);
        } catch (ConfigException e) {
            closeQuietly(slackApp);
            throw e;
        }
        this.brokerHosts = new BrokerHosts(clock);
        this.outbox = new ChatOutbox(new SlackSender(slackApp.client()), outboxStore, clock,
                config.slack().retryFor()).start(Duration.ofMillis(250));
        // a plan message that had to wait for Slack gets its ts once delivered, so reactions to it are found
        outbox.onPosted((channel, ref, ts) -> store.findByMessage(channel, ref)
                .map(op -> store.update(op.id(), o -> Optional.of(o.withMessageTs(ts))).isPresent()).orElse(false));
        var chat = outbox;
        var throttles = ledgers.throttles();
        var shrinker = new RetentionShrinker(ledgers.retention(), clock,
                d -> Thread.sleep(d.toMillis()), RetentionShrinker.Options.defaults());
        var reassignReports = MeteredReports.reassignments(SlackReassignmentReport.factory(chat, clock), meters);
        Function<OpKind, ReassignmentKind> reassignment = kind -> new ReassignmentKind(kind, clusters::reassignment,
                throttles, clusters::reassignment, shrinker, reassignReports, clock, Duration.ofSeconds(1));
        var rebalance = reassignment.apply(OpKind.REBALANCE);
        var expand = reassignment.apply(OpKind.EXPAND);
        var upgrade = new UpgradeKind(name -> gatherer(config, clusters, name),
                name -> runner(config, clusters, name, clock),
                MeteredReports.upgrades(UpgradeReporter.factory(chat, clock), meters));
        var restart = new RestartKind(name -> gatherer(config, clusters, name),
                name -> runner(config, clusters, name, clock),
                MeteredReports.restarts(RestartReporter.factory(chat, clock), meters));
        var kinds = new OperationKinds().register(rebalance).register(expand).register(upgrade).register(restart);

        this.service = new OperationService(store, scheduler, new SlackOperationChat(chat),
                new SlackApprovers(slackApp.client(), config::cluster, clock), config::cluster,
                name -> CronWindowCalendar.of(config.cluster(name).orElseThrow()), kinds, clock);
        var submission = new PlanSubmission(service, clock, meters::planned);
        var replies = new PlanReplies(service,
                new ReassignmentRequests(clusters::assignments, clusters::reassignment, true, rebalance, expand,
                        submission, clock),
                new UpgradeRequests(name -> gatherer(config, clusters, name), new UpgradePlanner(catalogue()),
                        upgrade, submission, store, Optional.of(new ConfigPreflight(releaseConfigs())),
                        Optional.of(new RehearsalGate(store, clock)), Optional.of(new OldClientsGate(store, clock))),
                new RestartRequests(name -> gatherer(config, clusters, name), new RestartPlanner(), restart, submission),
                chat, config::cluster);
        service.onStale(replies::replan);
        var status = new ClusterStatusQuery(clusters::reader, (cluster, id) -> host(config, cluster, id));
        this.bot = new SlackBot(config, credentials, slackApp.app(), service, replies, status);
    }

    public OperationService service() {
        return service;
    }

    public SlackBot bot() {
        return bot;
    }

    public static Path throttleLedgerFile(BotConfig config) {
        return config.storage().dataDir().resolve("throttle-ledger.json");
    }

    /** Where {@code shrink-retention=} records the retention values to restore (swept at start). */
    public static Path retentionLedgerFile(BotConfig config) {
        return config.storage().dataDir().resolve("retention-ledger.json");
    }

    private SnapshotGatherer gatherer(BotConfig config, KafkaClusters clusters, String name) {
        return new SnapshotGatherer(clusters.reader(name), clusters.upgrade(name), id -> host(config, name, id),
                config.cluster(name).flatMap(BotConfig.Cluster::installMirror).map(Object::toString),
                id -> metrics(config, name, id));
    }

    /** A broker's metrics over JMX, if its host has a {@code jmxPort}. */
    static Optional<BrokerMetrics> metrics(BotConfig config, String cluster, int id) {
        HostConfig h = config.cluster(cluster).orElseThrow().hosts().get(id);
        return h == null ? Optional.empty() : metrics(h);
    }

    /** A host's broker metrics over JMX, read as planning reads them, if it has a {@code jmxPort}. */
    static Optional<BrokerMetrics> metrics(HostConfig h) {
        if (h.jmxPort().isEmpty()) return Optional.empty();
        return Optional.of(new JmxBrokerMetrics(h.jmxHost(), h.jmxPort().getAsInt(), JMX_TIMEOUT));
    }

    private UpgradeRunner runner(BotConfig config, KafkaClusters clusters, String name, Clock clock) {
        BotConfig.Cluster c = config.cluster(name).orElseThrow();
        return new UpgradeRunner(clusters.upgrade(name), id -> host(config, name, id).orElseThrow(() ->
                new IllegalStateException("no host configured for node " + id + " of " + name)), clock,
                d -> Thread.sleep(d.toMillis()), gates(c), installer(c));
    }

    /** The host driver of a node, if the cluster's config names its host. */
    private Optional<BrokerHost> host(BotConfig config, String cluster, int id) {
        BotConfig.Cluster c = config.cluster(cluster).orElseThrow();
        if (!c.hosts().containsKey(id)) return Optional.empty();
        return Optional.of(brokerHosts.forBroker(c, id));
    }

    /** The cluster's configured gate timeouts and poll interval ({@code upgrade:}). */
    static UpgradeRunner.Options gates(BotConfig.Cluster c) {
        return new UpgradeRunner.Options(c.upgrade().safetyTimeout(), c.upgrade().healthTimeout(), c.upgrade().poll());
    }

    private static UpgradeRunner.Installer installer(BotConfig.Cluster c) {
        String scala = c.hosts().values().stream().map(HostConfig::scalaVersion).findFirst().orElse("2.13");
        return c.installMirror().<UpgradeRunner.Installer>map(m -> new MirrorInstaller(m, scala))
                .orElse(UpgradeRunner.Installer.NONE);
    }

    /**
     * Names a {@code metadata.version} level for status readings: from the version catalogue, which knows the levels
     * of releases newer than this build's Kafka client ("4.4-IV2 (level 33)"), else Kafka's own table.
     */
    static IntFunction<String> metadataLevels() {
        try {
            return VersionCatalogueLoader.loadDefault()::describeMetadataLevel;
        } catch (ConfigException e) {
            return MetadataVersions::describe;
        }
    }

    /** Release jars from the local distribution cache, built from Maven (~/.m2, else Central) when missing. */
    static ReleaseConfigDefs releaseConfigs() {
        KafkaDistributions dists = new KafkaDistributions();
        return new ReleaseConfigDefs(version -> dists.ensure(version).resolve("libs"));
    }

    private static VersionCatalogue catalogue() {
        try {
            return VersionCatalogueLoader.loadDefault();
        } catch (ConfigException e) {
            throw new IllegalStateException("the packaged version catalogue does not load: " + e.getMessage(), e);
        }
    }

    /** Stops taking Slack requests, then closes the hosts' sessions and the Slack client. */
    @Override
    public void close() {
        bot.close();
        outbox.close(); // what Slack has not taken yet stays queued in the database for the next start
        brokerHosts.close();
        closeQuietly(slackApp);
    }

    private static void closeQuietly(SlackApp app) {
        try {
            app.close();
        } catch (Exception e) {
            // closing: nothing left to do with a client that does not close
        }
    }
}
