package dev.kafkachatops.app;

import dev.kafkachatops.adapter.host.BrokerHosts;
import dev.kafkachatops.adapter.kafka.KafkaDoctor;
import dev.kafkachatops.adapter.slack.SlackDoctor;
import dev.kafkachatops.adapter.store.jdbc.Database;
import dev.kafkachatops.adapter.store.jdbc.StorageDoctor;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigException;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.domain.doctor.Check;
import dev.kafkachatops.view.DoctorView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code doctor}: checks a configuration before the bot runs on it, one checklist line per check, in this order:
 * config, Slack ({@link SlackDoctor}), each Kafka cluster ({@link KafkaDoctor}), its hosts ({@link HostChecks}),
 * storage ({@link StorageDoctor}). Each section is printed when it is known; nothing is posted, stopped, migrated
 * or created. Exit 0 when no line failed, else 1.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check a configuration before running the bot: one line per check (pass, FAIL with the fix, "
                + "or skip where it does not apply):",
                "  config     the file parses (every problem at once, as run reports them)",
                "  slack      auth.test; the token's scopes (x-oauth-scopes) include every scope the bot needs; "
                        + "channel names and group handles resolve; the bot is a member of each channel; the app "
                        + "token opens a Socket Mode connection (HTTP mode: the signing secret is set)",
                "  kafka      each cluster answers describeCluster within 10 s with its client properties; its "
                        + "principal may DESCRIBE, DESCRIBE_CONFIGS, ALTER, ALTER_CONFIGS (no authorizer: not "
                        + "checked)",
                "  hosts      each host is reachable (SSH: known host key), its kafka link and jars are found, the "
                        + "status command answers (nothing is stopped), its Java, its JMX where jmxPort is set",
                "  storage    the database answers, its schema version, Quartz's tables",
                "Tokens come from SLACK_BOT_TOKEN, SLACK_APP_TOKEN or SLACK_SIGNING_SECRET, the database password "
                        + "from KAFKA_CHATOPS_DB_PASSWORD, as for run."},
        exitCodeListHeading = Cli.EXIT_HEADING,
        exitCodeList = {"0:every check passed (or was skipped)", "1:a check failed (its line says the fix), or bad "
                + "arguments"},
        footer = {"%nExample:", "  SLACK_BOT_TOKEN=xoxb-... SLACK_APP_TOKEN=xapp-... \\",
                "      kafka-chatops doctor --config config/kafka-chatops.yaml --cluster prod-eu"})
public final class DoctorCommand implements Callable<Integer> {
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The YAML configuration.")
    Path config;

    @Option(names = "--cluster", paramLabel = "NAME", description = "Check only this cluster (its channels, brokers "
            + "and hosts); Slack and storage are checked either way.")
    String cluster;

    @Spec
    CommandSpec spec;

    /** Where tokens and {@code ${env:...}} values come from (a test gives its own). */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Check> all = new ArrayList<>();
        BotConfig cfg;
        try {
            cfg = new ConfigLoader(env).load(config);
        } catch (ConfigException e) {
            e.problems().forEach(p -> all.add(Check.fail("config", "parses", p, "fix it in " + config
                    + " and run doctor again")));
            all.add(Check.skip("doctor", "everything else", "the configuration does not parse"));
            out.print(DoctorView.render(all));
            out.flush();
            return DoctorView.exitCode(all);
        }
        if (cluster != null && cfg.cluster(cluster).isEmpty()) {
            spec.commandLine().getErr().println("error: --cluster " + cluster + ": no such cluster in " + config
                    + " (clusters: " + String.join(", ", cfg.clusters().stream().map(BotConfig.Cluster::name)
                    .toList()) + ")");
            return Cli.FAILED;
        }
        List<BotConfig.Cluster> clusters = cluster == null ? cfg.clusters() : List.of(cfg.cluster(cluster).get());
        BotConfig scoped = cfg.withClusters(clusters);
        print(out, all, List.of(Check.pass("config", "parses", config + ": " + cfg.clusters().size()
                + " cluster(s), Slack " + cfg.slack().mode().name().toLowerCase(Locale.ROOT) + " mode")));
        print(out, all, slack(scoped));
        try (BrokerHosts hosts = new BrokerHosts(Clock.systemUTC())) {
            for (BotConfig.Cluster c : clusters) {
                print(out, all, KafkaDoctor.check(c, KAFKA_TIMEOUT));
                print(out, all, HostChecks.check(c, hosts));
            }
        }
        print(out, all, StorageDoctor.check(cfg.storage(),
                Optional.ofNullable(env.get(Database.PASSWORD_ENV)).filter(p -> !p.isEmpty())));
        out.print(DoctorView.summary(all));
        out.flush();
        return DoctorView.exitCode(all);
    }

    private List<Check> slack(BotConfig cfg) {
        SlackCredentials credentials;
        try {
            credentials = SlackCredentials.fromEnvironment(env, cfg.slack().mode());
        } catch (ConfigException e) {
            List<Check> out = new ArrayList<>();
            e.problems().forEach(p -> out.add(Check.fail("slack", "tokens", p, "export it as for run")));
            out.add(Check.skip("slack", "api", "no usable tokens"));
            return out;
        }
        List<Check> out = new ArrayList<>();
        out.add(Check.pass("slack", "tokens", cfg.slack().mode() == BotConfig.SlackMode.SOCKET
                ? "SLACK_BOT_TOKEN and SLACK_APP_TOKEN are set" : "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set"));
        out.addAll(SlackDoctor.check(cfg, credentials));
        return out;
    }

    /** Prints a section's lines at once and adds them to {@code all}. */
    private static void print(PrintWriter out, List<Check> all, List<Check> checks) {
        all.addAll(checks);
        out.print(DoctorView.lines(checks));
        out.flush();
    }
}
