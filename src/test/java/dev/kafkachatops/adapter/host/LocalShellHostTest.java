package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.HostService;
import dev.kafkachatops.domain.JavaRuntime;
import dev.kafkachatops.port.HostException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalShellHostTest extends BrokerHostContract {

    static HostConfig config(Path root, HostService service) {
        return new HostConfig("node-1", HostDriver.LOCAL, 22, "kafka", Optional.empty(),
                HostService.defaultKnownHosts(), root, "/usr/local", "kafka", "config/server.properties", "2.13", service);
    }

    @Override
    ShellBrokerHost newHost(Path root, HostService service, Clock clock) {
        return new LocalShellHost(config(root, service), clock);
    }

    /** A {@code java} that prints what an old JDK prints to {@code -version}, under {@code <root><home>/bin}. */
    static Path fakeJava(Path root, String home, String version) throws Exception {
        Path bin = Files.createDirectories(root.resolve(home.substring(1)).resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"" + version + "\" 2024-01-16' >&2\n"
                + "echo 'OpenJDK Runtime Environment (build " + version + "+7)' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java;
    }

    @Test
    void theJavaOfTheConfiguredJavaHomeIsAskedItsVersion() throws Exception {
        Path java = fakeJava(root, "/opt/jdk11", "11.0.22");
        LocalShellHost h = new LocalShellHost(config(root, HostService.preset("process")).withJavaHome("/opt/jdk11"),
                Clock.systemUTC());
        assertThat(h.java()).isEqualTo(new JavaRuntime(java.toString(), "11.0.22", 11));
        LocalShellHost missing = new LocalShellHost(config(root, HostService.preset("process"))
                .withJavaHome("/opt/none"), Clock.systemUTC());
        assertThatThrownBy(missing::java).isInstanceOf(HostException.class).hasMessage("host node-1: " + root
                + "/opt/none/bin/java is not an executable Java launcher");
    }

    @Test
    void withoutJavaHomeOrARunningBrokerTheJavaOfJavaHomeOrThePathIsAsked() throws Exception {
        JavaRuntime j = host.java();
        assertThat(j.path()).endsWith("/java");
        assertThat(j.major()).isGreaterThanOrEqualTo(17); // this build's own Java (the project needs 17)
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
