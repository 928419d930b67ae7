package dev.kafkachatops.app;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxConfigTest {

    @Test
    void everyNodeIsALocalShellHostBelowItsOwnRoot() throws Exception {
        String yaml = SandboxCommand.sandboxConfig("http://127.0.0.1:8080/api/", Path.of("/tmp/sb/data"),
                "127.0.0.1:1,127.0.0.1:2", Map.of(1, Path.of("/tmp/sb/cluster/node-1"), 2, Path.of("/tmp/sb/cluster/node-2")),
                "http://127.0.0.1:9/kafka", Map.of(2, 40123));
        BotConfig config = new ConfigLoader(Map.of()).parse(Path.of("sandbox.yaml"), yaml);
        Map<Integer, HostConfig> hosts = config.cluster("sandbox").orElseThrow().hosts();
        assertThat(hosts).containsOnlyKeys(1, 2);
        HostConfig two = hosts.get(2);
        assertThat(two.host()).isEqualTo("node-2");
        assertThat(two.driver()).isEqualTo(HostDriver.LOCAL);
        assertThat(two.root()).isEqualTo(Path.of("/tmp/sb/cluster/node-2"));
        assertThat(two.installBase()).isEqualTo("/usr/local");
        assertThat(two.link()).isEqualTo("kafka");
        assertThat(two.service().kind()).isEqualTo("process");
        assertThat(two.jmxPort()).as("the broker's JMX, for the old-clients preflight").hasValue(40123);
        assertThat(two.jmxHost()).isEqualTo("127.0.0.1");
        assertThat(hosts.get(1).jmxPort()).isEmpty();
        assertThat(config.cluster("sandbox").orElseThrow().installMirror())
                .contains(URI.create("http://127.0.0.1:9/kafka"));
        assertThat(config.cluster("sandbox").orElseThrow().operators()).as("alice plans, dave does not")
                .contains(new BotConfig.Operators(List.of("U0ALICE"), List.of()));
        assertThat(config.metrics()).as("/metrics, /healthz, /readyz on a free loopback port")
                .isEqualTo(new BotConfig.Metrics(Optional.of(0), "127.0.0.1"));
    }

    @Test
    void theUpgradeVersionDefaultsToTheNewestThatRunsHereAndCanBeSwitchedOff() throws Exception {
        SandboxCommand defaults = new SandboxCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.upgradeVersion).isEqualTo("4.4.0");
        assertThat(defaults.kafkaVersion).isEqualTo("3.9.1");
        SandboxCommand none = new SandboxCommand();
        new CommandLine(none).parseArgs("--upgrade-version", "none");
        assertThat(none.upgradeVersion).isEqualTo("none");
        SandboxCommand bad = new SandboxCommand();
        new CommandLine(bad).parseArgs("--upgrade-version", "4.1; rm -rf /");
        assertThat(bad.call()).isEqualTo(1);
    }

    @Test
    void thirtySmallDemoTopicsByDefaultZeroForOnlyOrdersAndNoMoreThanThereAreNames() throws Exception {
        SandboxCommand defaults = new SandboxCommand();
        new CommandLine(defaults).parseArgs();
        assertThat(defaults.demoTopics).isEqualTo(30);
        assertThat(defaults.noData).isFalse();
        SandboxCommand none = new SandboxCommand();
        new CommandLine(none).parseArgs("--demo-topics", "0");
        assertThat(none.demoTopics).isZero();
        SandboxCommand tooMany = new SandboxCommand();
        new CommandLine(tooMany).parseArgs("--demo-topics", "31");
        assertThat(tooMany.call()).isEqualTo(1);
    }
}
