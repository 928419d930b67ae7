package dev.kafkachatops.app;

import dev.kafkachatops.adapter.quartz.QuartzFactory;
import dev.kafkachatops.adapter.quartz.QuartzJobScheduler;
import dev.kafkachatops.adapter.store.jdbc.Database;
import dev.kafkachatops.adapter.store.jdbc.JdbcOperationStore;
import dev.kafkachatops.adapter.store.jdbc.JdbcOutboxStore;
import dev.kafkachatops.adapter.store.jdbc.JdbcRetentionLedger;
import dev.kafkachatops.adapter.store.jdbc.JdbcThrottleLedger;
import dev.kafkachatops.adapter.store.jdbc.Vendor;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import dev.kafkachatops.adapter.kafka.KafkaClusters;
import dev.kafkachatops.adapter.metrics.BotMeters;
import dev.kafkachatops.adapter.metrics.OpsHttp;
import dev.kafkachatops.adapter.metrics.OpsServer;
import dev.kafkachatops.adapter.metrics.Readiness;
import dev.kafkachatops.adapter.store.FileRetentionLedger;
import dev.kafkachatops.adapter.store.FileThrottleLedger;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigException;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.ops.OperationService;
import dev.kafkachatops.port.OpsEndpoints;
import dev.kafkachatops.run.reassign.RetentionSweeper;
import dev.kafkachatops.run.reassign.ThrottleSweeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** {@code run}: the bot against real Slack (Socket Mode by default, HTTP as an option). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the bot. Tokens come from SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or "
                + "SLACK_SIGNING_SECRET (HTTP mode).",
        exitCodeListHeading = Cli.EXIT_HEADING,
        exitCodeList = {"0:stopped (Ctrl-C or SIGTERM)", "1:bad configuration, a start that failed or bad arguments"},
        footer = {"%nExample:", "  SLACK_BOT_TOKEN=xoxb-... SLACK_APP_TOKEN=xapp-... \\",
                "      kafka-chatops run --config config/kafka-chatops.yaml"})
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML configuration.")
    Path config;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "Log lines as `text` (default) or `json`: one JSON object per line (time, level, logger, "
                    + "thread, message, and the operation id and cluster on every line of a run). Also set by "
                    + "KAFKA_CHATOPS_LOG_FORMAT.")
    Cli.LogFormat logFormat;

    @Override
    public Integer call() throws Exception {
        if (logFormat != null) Cli.logFormat(logFormat);
        BotConfig cfg;
        SlackCredentials credentials;
        try {
            cfg = ConfigLoader.fromEnvironment().load(config);
            credentials = SlackCredentials.fromEnvironment(System.getenv(), cfg.slack().mode());
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println("error: " + p));
            return Cli.FAILED;
        }
        Bot bot;
        try {
            bot = Bot.start(cfg, credentials);
        } catch (ConfigException e) { // a channel or user group Slack does not know
            e.problems().forEach(p -> System.err.println("error: " + p));
            return Cli.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bot.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    /** The running bot and everything it owns, closed in reverse order. */
    public record Bot(KafkaClusters clusters, Wiring wiring, Database database, Scheduler scheduler,
                      ScheduledExecutorService housekeeping, BotMeters meters, Optional<OpsServer> opsServer,
                      Optional<String> opsUrl) implements AutoCloseable {
        public OperationService service() {
            return wiring.service();
        }

        /** {@code /readyz}'s checks: Slack connected, the database answers, the scheduler runs. */
        static Readiness readiness(Wiring wiring, Database database, Scheduler scheduler) {
            return new Readiness(List.of(
                    new Readiness.Check("slack", () -> wiring.bot().connected()),
                    new Readiness.Check("database", database::reachable),
                    new Readiness.Check("scheduler", () -> running(scheduler))));
        }

        private static boolean running(Scheduler scheduler) {
            try {
                return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
            } catch (SchedulerException e) {
                return false;
            }
        }

        /**
         * Serves {@code /metrics}, {@code /healthz} and {@code /readyz}: on the Slack HTTP server in HTTP mode, on
         * {@code metrics.port} in Socket Mode (none without it). Returns the listener it started and the base URL.
         */
        private static Optional<OpsServer> serveOps(BotConfig cfg, Wiring wiring, OpsEndpoints endpoints)
                throws Exception {
            if (cfg.slack().mode() == BotConfig.SlackMode.HTTP) {
                wiring.bot().startHttp(endpoints);
                return Optional.empty();
            }
            wiring.bot().startSocketMode();
            if (cfg.metrics().port().isEmpty()) return Optional.empty();
            return Optional.of(OpsServer.start(cfg.metrics().address(), cfg.metrics().port().get(), endpoints));
        }

        private static Optional<String> opsUrl(BotConfig cfg, Optional<OpsServer> server) {
            if (cfg.slack().mode() == BotConfig.SlackMode.HTTP) {
                return Optional.of("http://127.0.0.1:" + cfg.slack().httpPort());
            }
            String host = cfg.metrics().address();
            if (host.equals("0.0.0.0") || host.equals("::")) host = "127.0.0.1";
            if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
            String h = host;
            return server.map(s -> "http://" + h + ":" + s.port());
        }

        public static Bot start(BotConfig cfg, SlackCredentials credentials) throws Exception {
            KafkaClusters clusters = new KafkaClusters(cfg.clusters(), Duration.ofSeconds(15), Clock.systemUTC(),
                    Wiring.metadataLevels());
            var ledger = new FileThrottleLedger(Wiring.throttleLedgerFile(cfg));
            for (String line : ThrottleSweeper.sweep(ledger, clusters::reassignment)) {
                log.warn(line);
            }
            var retentionLedger = new FileRetentionLedger(Wiring.retentionLedgerFile(cfg));
            for (String line : RetentionSweeper.sweep(retentionLedger, clusters::reassignment)) {
                log.warn(line);
            }
            BotMeters meters = new BotMeters();
            Database database = Database.open(cfg.storage());
            Optional<OpsServer> ops = Optional.empty();
            Scheduler scheduler;
            Wiring wiring;
            var housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "housekeeping");
                t.setDaemon(true);
                return t;
            });
            try {
                var store = new JdbcOperationStore(database);
                Wiring.Ledgers ledgers = new Wiring.Ledgers(ledger, retentionLedger);
                if (database.vendor() == Vendor.POSTGRESQL) {
                    // several instances may share the database: the ledgers live there, so the instance that takes a
                    // run over (or starts next) sees what another left; a running run's entries are its own business
                    ledgers = new Wiring.Ledgers(new JdbcThrottleLedger(database), new JdbcRetentionLedger(database));
                    Predicate<String> live = id -> store.find(id).map(o -> o.state() == OpState.RUNNING).orElse(false);
                    ThrottleSweeper.sweep(ledgers.throttles(), clusters::reassignment, live).forEach(log::warn);
                    RetentionSweeper.sweep(ledgers.retention(), clusters::reassignment, live).forEach(log::warn);
                }
                var settings = QuartzFactory.Settings.defaults("kafka-chatops");
                // One bot on an embedded database: a fixed instance id, so that a restarted bot recovers the run
                // its previous process was executing. PostgreSQL: clustered, every instance its own id.
                if (database.vendor() != Vendor.POSTGRESQL) settings = settings.withInstanceId("single");
                settings = new QuartzFactory.Settings(settings.schedulerName(), settings.instanceId(),
                        Math.max(3, cfg.clusters().size() * 2 + 1), settings.misfireThreshold(),
                        cfg.storage().clusterCheckinInterval(), Duration.ofSeconds(1));
                scheduler = QuartzFactory.create(database.dataSource(), settings);
                var jobs = new QuartzJobScheduler(scheduler);
                wiring = new Wiring(cfg, credentials, clusters, store, new JdbcOutboxStore(database), jobs,
                        Clock.systemUTC(), meters, ledgers);
                OperationService service = wiring.service();
                jobs.bind(service);
                service.reconcile();
                scheduler.start();
                housekeeping.scheduleWithFixedDelay(() -> {
                    try {
                        service.expireDue();
                    } catch (RuntimeException e) {
                        log.warn("expiry sweep failed: {}", e.getMessage());
                    }
                }, 10, 30, TimeUnit.SECONDS);
                Readiness readiness = readiness(wiring, database, scheduler);
                ops = serveOps(cfg, wiring, new OpsHttp(meters, readiness::evaluate));
            } catch (Exception e) {
                ops.ifPresent(OpsServer::close);
                housekeeping.shutdownNow();
                database.close();
                clusters.close();
                throw e;
            }
            log.info("kafka-chatops is running ({} mode, {} cluster(s): {}; scheduler instance {})",
                    cfg.slack().mode(), cfg.clusters().size(), String.join(", ", cfg.clusters().stream()
                            .map(BotConfig.Cluster::name).toList()), scheduler.getSchedulerInstanceId());
            Optional<String> url = opsUrl(cfg, ops);
            url.ifPresent(u -> log.info("metrics and health: {}/metrics {}/healthz {}/readyz", u, u, u));
            return new Bot(clusters, wiring, database, scheduler, housekeeping, meters, ops, url);
        }

        /**
         * Stops taking requests, then the scheduler without waiting for a running operation: its job stays
         * recorded as executing and is recovered (resumed from its checkpoints) at the next start.
         */
        @Override
        public void close() {
            opsServer.ifPresent(OpsServer::close);
            housekeeping.shutdownNow();
            wiring.close();
            try {
                scheduler.shutdown(false);
            } catch (Exception e) {
                log.warn("scheduler shutdown: {}", e.getMessage());
            }
            database.close();
            clusters.close();
            meters.close();
        }
    }
}
