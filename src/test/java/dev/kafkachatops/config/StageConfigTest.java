package dev.kafkachatops.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code environment}, {@code rehearsal}, {@code upgrade.rehearsalMaxAge} and {@code upgrade.allowOffline}. */
class StageConfigTest {
    private static final Path FILE = Path.of("bot.yaml");
    private final ConfigLoader loader = new ConfigLoader(Map.of());

    private static String cluster(String name, String extra) {
        return "  - name: " + name + "\n    bootstrapServers: 127.0.0.1:9092\n    channels: [general]\n"
                + extra.indent(4);
    }

    private static String yaml(String... clusters) {
        return "clusters:\n" + String.join("", clusters);
    }

    @Test
    void productionWithItsRehearsalClusterAndDefaults() throws Exception {
        BotConfig c = loader.parse(FILE, yaml(cluster("prod", "environment: production\nrehearsal: staging-eu\n"
                        + "upgrade: { rehearsalMaxAge: 14d, allowOffline: true }"),
                cluster("staging-eu", "environment: Staging"), cluster("plain", "")));
        assertThat(c.cluster("prod").orElseThrow().stage()).isEqualTo(new BotConfig.Stage(
                BotConfig.Environment.PRODUCTION, Optional.of("staging-eu"), Duration.ofDays(14), true));
        assertThat(c.cluster("staging-eu").orElseThrow().stage()).isEqualTo(new BotConfig.Stage(
                BotConfig.Environment.STAGING, Optional.empty(), Duration.ofDays(30), false));
        assertThat(c.cluster("plain").orElseThrow().stage()).isEqualTo(BotConfig.Stage.NONE);
        assertThat(c.cluster("prod").orElseThrow().withSlackIds(java.util.List.of("C1"), java.util.List.of(),
                Optional.empty()).stage()).as("kept when the bot resolves Slack ids").isEqualTo(
                c.cluster("prod").orElseThrow().stage());
    }

    @Test
    void anUnknownRehearsalClusterIsOneLine() {
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, yaml(cluster("prod",
                "environment: production\nrehearsal: stagign"), cluster("staging", ""))));
        assertThat(e.problems()).containsExactly(
                "bot.yaml: clusters[0].rehearsal: names no cluster defined under clusters: `stagign`");
    }

    @Test
    void aClusterRehearsingItselfIsOneLine() {
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, yaml(cluster("prod",
                "rehearsal: prod"))));
        assertThat(e.problems()).containsExactly("bot.yaml: clusters[0].rehearsal: names the cluster itself (`prod`): "
                + "name another cluster, e.g. a staging one");
    }

    @Test
    void aCycleIsOneLineForTheWholeCycle() {
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, yaml(cluster("a", "rehearsal: b"),
                cluster("b", "rehearsal: c"), cluster("c", "rehearsal: a"), cluster("d", "rehearsal: a"))));
        assertThat(e.problems()).containsExactly("bot.yaml: clusters[0].rehearsal: makes a cycle (a → b → c → a): a "
                + "rehearsal cluster must not need rehearsing on the cluster it rehearses");
    }

    @Test
    void aChainWithoutACycleIsFine() throws Exception {
        BotConfig c = loader.parse(FILE, yaml(cluster("prod", "environment: production\nrehearsal: staging"),
                cluster("staging", "environment: staging\nrehearsal: dev"), cluster("dev", "environment: development")));
        assertThat(c.cluster("staging").orElseThrow().stage().rehearsal()).contains("dev");
    }

    @Test
    void badValuesAreOneLineEach() {
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, yaml(cluster("prod",
                "environment: prod\nupgrade: { rehearsalMaxAge: a month, allowOffline: yes please }"))));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "bot.yaml: clusters[0].environment: must be production, staging or development (got `prod`)",
                "bot.yaml: clusters[0].upgrade.rehearsalMaxAge: `a month` is not a duration (expected e.g. 30m, 2h, "
                        + "1d, 1h30m)",
                "bot.yaml: clusters[0].upgrade.allowOffline: must be true or false, got `yes please`");
        var unspecified = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, yaml(cluster("p",
                "environment: unspecified"))));
        assertThat(unspecified.problems()).singleElement().asString().contains("must be production, staging or development");
    }
}
