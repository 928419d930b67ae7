package dev.kafkachatops.config;

import dev.kafkachatops.plan.upgrade.BatchMode;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {
    private static final Path FILE = Path.of("bot.yaml");
    private final ConfigLoader loader = new ConfigLoader(Map.of("JAAS", "org.apache...required;", "TS_PW", "s3cret"));

    private static final String MINIMAL = """
            clusters:
              - name: sandbox
                bootstrapServers: 127.0.0.1:9092
                channels: [general]
            """;

    @Test
    void theShippedExampleIsValid() throws Exception {
        var env = Map.of("KAFKA_PROD_EU_JAAS", "jaas-value", "KAFKA_TRUSTSTORE_PASSWORD", "pw");
        BotConfig c = new ConfigLoader(env).load(Path.of("config/kafka-chatops.yaml"));
        assertThat(c.clusters()).hasSize(1);
        BotConfig.Cluster prod = c.cluster("prod-eu").orElseThrow();
        assertThat(prod.clientProperties()).containsEntry("sasl.jaas.config", "jaas-value");
        assertThat(prod.approvals().users()).containsExactly("U0BOB", "U0CAROL");
        assertThat(prod.operators()).contains(new BotConfig.Operators(List.of("U0ALICE"), List.of("S0OPS")));
        assertThat(prod.windows()).singleElement().satisfies(w -> assertThat(w.duration()).isEqualTo(Duration.ofHours(3)));
        assertThat(prod.hosts()).containsOnlyKeys(1, 2, 3);
        assertThat(prod.toString()).doesNotContain("jaas-value").doesNotContain("pw,").contains("******");
        assertThat(prod.upgrade()).isEqualTo(BotConfig.UpgradeGates.DEFAULTS);
    }

    @Test
    void upgradeGatesAreConfigurableAndValidated() throws Exception {
        BotConfig c = loader.parse(FILE, MINIMAL + """
                    upgrade: { healthTimeout: 30m, poll: 100ms }
                """);
        assertThat(c.clusters().get(0).upgrade()).isEqualTo(new BotConfig.UpgradeGates(Duration.ofMinutes(5),
                Duration.ofMinutes(30), Duration.ofMillis(100)));
        assertThat(loader.parse(FILE, MINIMAL).clusters().get(0).upgrade()).isEqualTo(new BotConfig.UpgradeGates(
                Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMillis(250)));
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, MINIMAL + """
                    upgrade: { safetyTimeout: soon, poll: 1m, healthTimout: 5m }
                """));
        assertThat(e.problems()).hasSize(3).anyMatch(p -> p.startsWith("bot.yaml: clusters[0].upgrade.safetyTimeout: "))
                .anyMatch(p -> p.startsWith("bot.yaml: clusters[0].upgrade.poll: must be at most 30s"))
                .anyMatch(p -> p.contains("healthTimout"));
    }

    @Test
    void batchesOfARollAreOneRackOrAutoCappedByMaxBatch() throws Exception {
        assertThat(loader.parse(FILE, MINIMAL).clusters().get(0).upgrade().batch()).isEqualTo(BatchMode.ONE);
        BotConfig.UpgradeGates g = loader.parse(FILE, MINIMAL + """
                    upgrade: { batch: auto, maxBatch: 5 }
                """).clusters().get(0).upgrade();
        assertThat(g.batch()).isEqualTo(BatchMode.AUTO);
        assertThat(g.maxBatch()).isEqualTo(5);
        assertThat(loader.parse(FILE, MINIMAL + "    upgrade: { batch: rack }\n").clusters().get(0).upgrade())
                .isEqualTo(new BotConfig.UpgradeGates(Duration.ofMinutes(5), Duration.ofMinutes(10),
                        Duration.ofMillis(250), BatchMode.RACK, 20));
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, MINIMAL + """
                    upgrade: { batch: racks }
                """));
        assertThat(e.problems()).containsExactly("bot.yaml: clusters[0].upgrade.batch: must be one, rack or auto "
                + "(got `racks`)");
        e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, MINIMAL + """
                    upgrade: { maxBatch: 0 }
                """));
        assertThat(e.problems()).singleElement().asString().startsWith("bot.yaml: clusters[0].upgrade.maxBatch: "
                + "must be between 1 and");
    }

    @Test
    void maxDiskUseIsAPercentageOrAShare() throws Exception {
        assertThat(loader.parse(FILE, MINIMAL).clusters().get(0).rebalance().maxDiskUse()).isEqualTo(0.85);
        assertThat(loader.parse(FILE, MINIMAL + "    rebalance: { maxDiskUse: 90% }\n").clusters().get(0)
                .rebalance().maxDiskUse()).isEqualTo(0.9);
        assertThat(loader.parse(FILE, MINIMAL + "    rebalance: { maxDiskUse: 0.7 }\n").clusters().get(0)
                .rebalance().maxDiskUse()).isEqualTo(0.7);
        for (String bad : List.of("120%", "0%", "lots", "-5%")) {
            var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, MINIMAL
                    + "    rebalance: { maxDiskUse: \"" + bad + "\" }\n"));
            assertThat(e.problems()).singleElement().asString().startsWith("bot.yaml: clusters[0].rebalance.maxDiskUse: "
                    + "must be a percentage").contains(bad);
        }
    }

    @Test
    void minimalConfigGetsSafeDefaults() throws Exception {
        BotConfig c = loader.parse(FILE, MINIMAL);
        assertThat(c.slack().mode()).isEqualTo(BotConfig.SlackMode.SOCKET);
        assertThat(c.slack().command()).isEqualTo("/kafka");
        var a = c.clusters().get(0).approvals();
        assertThat(a.required()).isEqualTo(1);
        assertThat(a.allowSelfApproval()).isFalse();
        assertThat(a.approveReaction()).isEqualTo("white_check_mark");
        assertThat(a.expiry()).isEqualTo(Duration.ofHours(24));
        assertThat(c.clusters().get(0).channels()).containsExactly("general");
        assertThat(c.clusters().get(0).allowsChannel("C1")).as("names count once resolved to ids at start").isFalse();
        var resolved = c.clusters().get(0).withSlackIds(List.of("C1"), List.of(), Optional.empty());
        assertThat(resolved.allowsChannel("C1")).isTrue();
        assertThat(resolved.allowsChannel("C2")).isFalse();
    }

    @Test
    void metricsPortIsOptionalAndValidated() throws Exception {
        assertThat(loader.parse(FILE, MINIMAL).metrics()).as("absent: no listener in Socket Mode")
                .isEqualTo(BotConfig.Metrics.NONE);
        BotConfig c = loader.parse(FILE, MINIMAL + "metrics:\n  port: 9404\n");
        assertThat(c.metrics()).isEqualTo(new BotConfig.Metrics(Optional.of(9404), "0.0.0.0"));
        assertThat(loader.parse(FILE, MINIMAL + "metrics: { port: 0, address: 127.0.0.1 }\n").metrics())
                .isEqualTo(new BotConfig.Metrics(Optional.of(0), "127.0.0.1"));
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, MINIMAL
                + "metrics: { port: 70000, adress: x }\n"));
        assertThat(e.problems()).hasSize(2).anyMatch(p -> p.startsWith("bot.yaml: metrics.port: "))
                .contains("bot.yaml: metrics.adress: unknown key (expected one of: address, port)");
    }

    @Test
    void operatorsAreUsersAndGroupsAndOptional() throws Exception {
        assertThat(loader.parse(FILE, MINIMAL).clusters().get(0).operators()).as("absent: anyone may plan").isEmpty();
        BotConfig c = loader.parse(FILE, MINIMAL + "    operators: { users: [U0ALICE, dave], groups: [S0OPS] }\n");
        assertThat(c.clusters().get(0).operators()).contains(new BotConfig.Operators(List.of("U0ALICE", "dave"),
                List.of("S0OPS")));
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, MINIMAL
                + "    operators: { users: [\"<@U0ALICE>\"], group: [S0OPS] }\n"));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "bot.yaml: clusters[0].operators.users: `<@U0ALICE>` is not a Slack user id (U...) or user name",
                "bot.yaml: clusters[0].operators.group: unknown key (expected one of: groups, users)");
    }

    @Test
    void reportsEveryProblemWithFileAndKey() {
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, """
                slack:
                  mode: carrier-pigeon
                  concurency: 3
                clusters:
                  - name: a
                    bootstrapServer: x:1
                    channels: [general]
                  - name: a
                    bootstrapServers: nohostport
                    channels: []
                    windows:
                      - cron: "0 2 * * *"
                        duration: forever
                        timezone: Mars/Olympus
                defaultCluster: b
                """));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "bot.yaml: slack.mode: must be `socket` or `http`, got `carrier-pigeon`",
                "bot.yaml: slack.concurency: unknown key (expected one of: apiUrl, command, concurrency, httpPath, httpPort, mode, retryFor)",
                "bot.yaml: clusters[0].bootstrapServer: unknown key (expected one of: approvals, bootstrapServers, channels, clientProperties, environment, freezes, hosts, name, operators, rebalance, rehearsal, upgrade, windows)",
                "bot.yaml: clusters[0].bootstrapServers: is required",
                "bot.yaml: clusters[1].name: duplicate cluster name `a`",
                "bot.yaml: clusters[1].bootstrapServers: must be host:port[,host:port...], got `nohostport`",
                "bot.yaml: clusters[1].channels: is required: the Slack channels (ids like C0123 or names) that may operate this cluster, or [\"*\"] for any",
                "bot.yaml: clusters[1].windows[0].cron: must be a Quartz cron expression with 6 or 7 fields (sec min hour day-of-month month day-of-week [year]), got 5 fields",
                "bot.yaml: clusters[1].windows[0].duration: `forever` is not a duration (expected e.g. 30m, 2h, 1d, 1h30m)",
                "bot.yaml: clusters[1].windows[0].timezone: Unknown time-zone ID: Mars/Olympus",
                "bot.yaml: defaultCluster: names no cluster defined under clusters: `b`");
    }

    @Test
    void secretsMustComeFromTheEnvironment() {
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, MINIMAL + """
                    clientProperties:
                      sasl.jaas.config: "org.apache.kafka.common.security.scram.ScramLoginModule required password=hunter2;"
                      ssl.truststore.password: ${env:MISSING_VAR}
                """));
        assertThat(e.problems()).containsExactly(
                "bot.yaml: clusters[0].clientProperties.sasl.jaas.config: holds a secret and must not be written in the file: use ${env:VARIABLE}",
                "bot.yaml: clusters[0].clientProperties.ssl.truststore.password: environment variable MISSING_VAR is not set");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void resolvesEnvironmentReferences() throws Exception {
        BotConfig c = loader.parse(FILE, MINIMAL + """
                    clientProperties:
                      sasl.jaas.config: ${env:JAAS}
                      ssl.truststore.password: ${env:TS_PW}
                      request.timeout.ms: 20000
                """);
        assertThat(c.clusters().get(0).clientProperties()).containsEntry("ssl.truststore.password", "s3cret")
                .containsEntry("request.timeout.ms", "20000");
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void syntaxErrorsSayWhere() {
        assertThatThrownBy(() -> loader.parse(FILE, "clusters:\n  - name: [unclosed\n"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("bot.yaml: line ")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> loader.parse(FILE, "")).hasMessage("bot.yaml: the file is empty (expected at least `clusters:`)");
        assertThatThrownBy(() -> loader.load(Path.of("does/not/exist.yaml"))).hasMessage("does/not/exist.yaml: file not found");
    }
}
