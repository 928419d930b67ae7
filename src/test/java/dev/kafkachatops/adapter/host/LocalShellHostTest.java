package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.HostService;
import dev.kafkachatops.port.HostException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalShellHostTest extends BrokerHostContract {

    static BotConfig.Host config(Path root, HostService service) {
        return new BotConfig.Host("node-1", BotConfig.HostDriver.LOCAL, 22, "kafka", Optional.empty(),
                HostService.defaultKnownHosts(), root, "/usr/local", "kafka", "config/server.properties", "2.13", service);
    }

    @Override
    ShellBrokerHost newHost(Path root, HostService service, Clock clock) {
        return new LocalShellHost(config(root, service), clock);
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsKilled() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> host.exec("sleep 30", Duration.ofMillis(300))).isInstanceOf(HostException.class)
                .hasMessage("host node-1: a command did not finish within 0 s")
                .matches(e -> ((HostException) e).retryable());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void fillsKafkaCommandWithTheSandboxBrokerCommandLine() throws Exception {
        String cmd = host.render("{kafkaCommand}");
        assertThat(cmd).contains("'kafka.Kafka'", "'" + root + "/usr/local/kafka/config/server.properties'",
                "'" + root + "/usr/local/kafka/libs/*'", "'-Dkafka.logs.dir=" + root + "/logs'");
    }
}
