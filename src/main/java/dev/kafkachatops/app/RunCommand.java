package dev.kafkachatops.app;

import dev.kafkachatops.adapter.kafka.KafkaClusters;
import dev.kafkachatops.adapter.slack.SlackBot;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigException;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.config.SlackCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code run}: the bot against real Slack (Socket Mode by default, HTTP as an option). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the bot. Tokens come from SLACK_BOT_TOKEN and SLACK_APP_TOKEN (Socket Mode) or "
                + "SLACK_SIGNING_SECRET (HTTP mode).")
public final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML configuration.")
    Path config;

    @Override
    public Integer call() throws Exception {
        BotConfig cfg;
        SlackCredentials credentials;
        try {
            cfg = ConfigLoader.fromEnvironment().load(config);
            credentials = SlackCredentials.fromEnvironment(System.getenv(), cfg.slack().mode());
        } catch (ConfigException e) {
            e.problems().forEach(p -> System.err.println("error: " + p));
            return 1;
        }
        Bot bot = Bot.start(cfg, credentials);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bot.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    /** The running bot and everything it owns, closed in reverse order. */
    public record Bot(KafkaClusters clusters, SlackBot slack) implements AutoCloseable {
        public static Bot start(BotConfig cfg, SlackCredentials credentials) throws Exception {
            KafkaClusters clusters = new KafkaClusters(cfg.clusters(), Duration.ofSeconds(15), Clock.systemUTC());
            var ledger = new dev.kafkachatops.adapter.store.FileThrottleLedger(SlackBot.throttleLedgerFile(cfg));
            for (String line : dev.kafkachatops.run.reassign.ThrottleSweeper.sweep(ledger, clusters::reassignment)) {
                log.warn(line);
            }
            var retentionLedger = new dev.kafkachatops.adapter.store.FileRetentionLedger(
                    SlackBot.retentionLedgerFile(cfg));
            for (String line : dev.kafkachatops.run.reassign.RetentionSweeper.sweep(retentionLedger,
                    clusters::reassignment)) {
                log.warn(line);
            }
            SlackBot slack = new SlackBot(cfg, credentials, clusters);
            try {
                if (cfg.slack().mode() == BotConfig.SlackMode.SOCKET) slack.startSocketMode();
                else slack.startHttp();
            } catch (Exception e) {
                slack.close();
                clusters.close();
                throw e;
            }
            log.info("kafka-chatops is running ({} mode, {} cluster(s): {})", cfg.slack().mode(),
                    cfg.clusters().size(), String.join(", ", cfg.clusters().stream().map(BotConfig.Cluster::name)
                            .toList()));
            return new Bot(clusters, slack);
        }

        @Override
        public void close() {
            slack.close();
            clusters.close();
        }
    }
}
