package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.HostService;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.BrokerInstall;
import dev.kafkachatops.port.HostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerHostsTest {
    @TempDir
    Path root;

    static BotConfig.Cluster cluster(Map<Integer, HostConfig> hosts) {
        return new BotConfig.Cluster("prod", "k1:9092", Map.of(), List.of("*"),
                new BotConfig.Approvals(List.of(), List.of(), 1, false, "white_check_mark", "x", Duration.ofHours(1)),
                List.of(), List.of(), hosts);
    }

    @Test
    void choosesTheDriverPerBrokerAndKeepsOneHostEach() {
        HostConfig local = LocalShellHostTest.config(root, HostService.preset("process"));
        HostConfig ssh = new HostConfig("kafka2.example.com", "kafka", Optional.of("/etc/key"), "/usr/local", "kafka",
                "config/server.properties");
        try (BrokerHosts hosts = new BrokerHosts(Clock.systemUTC())) {
            BotConfig.Cluster c = cluster(Map.of(1, local, 2, ssh));
            BrokerHost one = hosts.forBroker(c, 1);
            assertThat(one).isInstanceOf(LocalShellHost.class);
            assertThat(hosts.forBroker(c, 1)).isSameAs(one);
            assertThat(hosts.forBroker(c, 2)).isInstanceOf(SshHost.class);
            assertThat(hosts.forBroker(c, 2).host()).isEqualTo("kafka2.example.com");
            assertThatThrownBy(() -> hosts.forBroker(c, 3)).hasMessage(
                    "cluster prod has no host for broker 3 under hosts.brokers in the bot's config (configured: [1, 2])");
        }
    }

    @Test
    void anSshHostCannotFillTheLocalOnlyPlaceholder() throws Exception {
        HostConfig h = new HostConfig("kafka1", HostDriver.SSH, 22, "kafka", Optional.of("/k"),
                HostService.defaultKnownHosts(), Path.of("/"), "/usr/local", "kafka", "config/server.properties", "2.13",
                HostService.preset("process"));
        try (SshConnector connector = new SshConnector(); SshHost host = new SshHost(h, Clock.systemUTC(), connector)) {
            assertThatThrownBy(() -> host.render("{kafkaCommand}")).isInstanceOf(HostException.class)
                    .hasMessage("host kafka1: {kafkaCommand} cannot be filled by this host driver");
        }
    }

    @Test
    void anInstallationSaysWhatDoesNotAddUp() {
        assertThat(BrokerInstall.of("h", "/usr/local/kafka", "not-a-link", Optional.empty(), Optional.empty(),
                List.of("3.9.1"), List.of()).problems())
                .containsExactly("/usr/local/kafka is not a symbolic link: make it one to a versioned folder");
        assertThat(BrokerInstall.of("h", "/usr/local/kafka", "symlink", Optional.of("kafka-current"), Optional.empty(),
                List.of("3.9.1", "4.1.1"), List.of("3.9.1")).problems()).containsExactly(
                "/usr/local/kafka points at kafka-current, which is not a kafka_<scala>-<version> folder",
                "jars of several versions behind /usr/local/kafka: 3.9.1, 4.1.1");
        BrokerInstall ok = BrokerInstall.of("h", "/usr/local/kafka", "symlink", Optional.of("kafka_2.13-3.9.1"),
                Optional.of("3.9.1"), List.of("3.9.1"), List.of("3.9.1", "4.1.1"));
        assertThat(ok.summary()).isEqualTo("h: 3.9.1 (installed: 3.9.1, 4.1.1)");
    }
}
