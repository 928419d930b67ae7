package dev.kafkachatops.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class HostsConfigTest {
    private static final Path FILE = Path.of("bot.yaml");
    private final ConfigLoader loader = new ConfigLoader(Map.of());

    private static String cluster(String hosts) {
        return """
                clusters:
                  - name: c
                    bootstrapServers: 127.0.0.1:9092
                    channels: [general]
                    hosts:
                """ + hosts.indent(6);
    }

    @Test
    void sshHostsGetTheScriptsServiceAndSafeDefaults() throws Exception {
        BotConfig c = loader.parse(FILE, cluster("""
                defaults:
                  sshKey: /etc/kafka-chatops/id_ed25519
                brokers:
                  1: { host: kafka1.example.com }
                  2: { host: kafka2.example.com, port: 2222, service: systemd, stopTimeout: 10m,
                       javaHome: /usr/lib/jvm/java-17, jmxPort: 9999 }
                """));
        HostConfig one = c.clusters().get(0).hosts().get(1);
        assertThat(one.driver()).isEqualTo(HostDriver.SSH);
        assertThat(one.port()).isEqualTo(22);
        assertThat(one.sshUser()).isEqualTo("kafka");
        assertThat(one.sshKey()).contains("/etc/kafka-chatops/id_ed25519");
        assertThat(one.knownHosts()).isEqualTo(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        assertThat(one.installBase()).isEqualTo("/usr/local");
        assertThat(one.link()).isEqualTo("kafka");
        assertThat(one.configFile()).isEqualTo("config/server.properties");
        assertThat(one.scalaVersion()).isEqualTo("2.13");
        assertThat(one.service()).isEqualTo(HostService.preset("scripts"));
        assertThat(one.service().start()).isEqualTo("{link}/bin/kafka-server-start.sh -daemon {config}");
        HostConfig two = c.clusters().get(0).hosts().get(2);
        assertThat(two.port()).isEqualTo(2222);
        assertThat(two.service().stop()).isEqualTo("sudo -n systemctl stop kafka");
        assertThat(two.service().status()).isEqualTo("systemctl is-active --quiet kafka");
        assertThat(two.service().stopTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(two.toString()).contains("kafka@kafka2.example.com:2222", "service=systemd");
        assertThat(one.javaHome()).isEmpty();
        assertThat(two.javaHome()).contains("/usr/lib/jvm/java-17");
        assertThat(one.jmxPort()).isEmpty();
        assertThat(two.jmxPort()).hasValue(9999);
        assertThat(two.jmxHost()).isEqualTo("kafka2.example.com");
        assertThat(two.toString()).contains("jmxPort=9999");
    }

    @Test
    void localHostsAreRootedAndStartTheSandboxCommand() throws Exception {
        BotConfig c = loader.parse(FILE, cluster("""
                defaults:
                  driver: local
                brokers:
                  1: { host: node-1, root: /tmp/sandbox/cluster/node-1 }
                  2: { root: /tmp/sandbox/cluster/node-2, startCommand: "{link}/bin/start {config} --version {version}" }
                """));
        HostConfig one = c.clusters().get(0).hosts().get(1);
        assertThat(one.driver()).isEqualTo(HostDriver.LOCAL);
        assertThat(one.root()).isEqualTo(Path.of("/tmp/sandbox/cluster/node-1"));
        assertThat(one.service().kind()).isEqualTo("process");
        assertThat(one.service().start()).contains("{kafkaCommand}");
        HostConfig two = c.clusters().get(0).hosts().get(2);
        assertThat(two.host()).isEqualTo("localhost");
        assertThat(two.service().start()).isEqualTo("{link}/bin/start {config} --version {version}");
        assertThat(two.service().stop()).isEqualTo(one.service().stop());
    }

    @Test
    void hostileOrWrongValuesAreReportedWithTheirKey() {
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, cluster("""
                defaults:
                  installBase: "/usr/local; rm -rf /"
                  javaHome: "../jdk"
                brokers:
                  1:
                    host: "kafka1 && reboot"
                    sshKey: /k
                    link: "kafka$(id)"
                    configFile: ../../etc/shadow
                    root: /tmp/x
                    port: 70000
                    jmxPort: 0
                    sshUser: "Root;x"
                    scalaVersion: 2.13.1
                    service: upstart
                  2:
                    host: kafka2
                    sshKey: /k
                    startCommand: "{link}/bin/start {cfg}"
                    stopCommand: "kill $(cat /run/kafka.pid)\\nrm -rf /"
                    statusCommand: "{kafkaCommand}"
                  3: { host: kafka3, service: process, sshKey: relative/key, jmxPort: jmx }
                  4: { host: kafka4, driver: telnet }
                  5: { host: kafka5 }
                  x: { host: kafka6 }
                """)));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "bot.yaml: clusters[0].hosts.defaults.installBase: must be an absolute path of letters, digits and . _ + - (got `/usr/local; rm -rf /`)",
                "bot.yaml: clusters[0].hosts.defaults.javaHome: must be an absolute path of letters, digits and . _ + - (got `../jdk`)",
                "bot.yaml: clusters[0].hosts.brokers.1.host: not a host name or address: `kafka1 && reboot`",
                "bot.yaml: clusters[0].hosts.brokers.1.link: must be a plain file name like kafka, got `kafka$(id)`",
                "bot.yaml: clusters[0].hosts.brokers.1.configFile: must be a path inside the versioned folder (like config/server.properties) or an absolute path, of letters, digits and . _ + - (got `../../etc/shadow`)",
                "bot.yaml: clusters[0].hosts.brokers.1.root: only applies to driver: local",
                "bot.yaml: clusters[0].hosts.brokers.1.port: must be between 1 and 65535, got 70000",
                "bot.yaml: clusters[0].hosts.brokers.1.jmxPort: must be between 1 and 65535, got 0",
                "bot.yaml: clusters[0].hosts.brokers.3.jmxPort: must be a whole number, got `jmx`",
                "bot.yaml: clusters[0].hosts.brokers.1.sshUser: not a valid user name: `Root;x`",
                "bot.yaml: clusters[0].hosts.brokers.1.scalaVersion: must be like 2.13, got `2.13.1`",
                "bot.yaml: clusters[0].hosts.brokers.1.service: must be one of scripts, systemd, process, got `upstart`",
                "bot.yaml: clusters[0].hosts.brokers.2.startCommand: unknown placeholder {cfg} (known: {config}, {installBase}, {kafkaCommand}, {link}, {root}, {version})",
                "bot.yaml: clusters[0].hosts.brokers.2.stopCommand: must be one line without control characters",
                "bot.yaml: clusters[0].hosts.brokers.2.statusCommand: {kafkaCommand} is only available with driver: local",
                "bot.yaml: clusters[0].hosts.brokers.3.service: `process` starts the broker with {kafkaCommand}, which needs driver: local; set startCommand or choose scripts or systemd",
                "bot.yaml: clusters[0].hosts.brokers.3.sshKey: must be an absolute path (or start with ~/), got `relative/key`",
                "bot.yaml: clusters[0].hosts.brokers.4.driver: must be `ssh` or `local`, got `telnet`",
                "bot.yaml: clusters[0].hosts.brokers.4.sshKey: is required for driver ssh: the private key file the bot logs in with (e.g. /etc/kafka-chatops/id_ed25519)",
                "bot.yaml: clusters[0].hosts.brokers.5.sshKey: is required for driver ssh: the private key file the bot logs in with (e.g. /etc/kafka-chatops/id_ed25519)",
                "bot.yaml: clusters[0].hosts.brokers.x: broker ids must be numbers");
    }

    @Test
    void aWrongDefaultIsReportedOnceNotOncePerBroker() {
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, cluster("""
                defaults:
                  sshKey: /k
                  commandTimeout: soon
                brokers:
                  1: { host: kafka1 }
                  2: { host: kafka2 }
                """)));
        assertThat(e.problems()).containsExactly(
                "bot.yaml: clusters[0].hosts.defaults.commandTimeout: `soon` is not a duration (expected e.g. 30m, 2h, 1d, 1h30m)");
    }

    @Test
    void anInstallMirrorIsAnHttpUrlWithoutTrailingSlash() throws Exception {
        BotConfig c = loader.parse(FILE, cluster("""
                mirror: https://archive.apache.org/dist/kafka/
                defaults: { sshKey: /k }
                brokers:
                  1: { host: kafka1 }
                """));
        assertThat(c.clusters().get(0).installMirror()).contains(java.net.URI.create(
                "https://archive.apache.org/dist/kafka"));
        var e = catchThrowableOfType(ConfigException.class, () -> loader.parse(FILE, cluster("""
                mirror: "ftp://mirror; rm -rf /"
                defaults: { sshKey: /k }
                brokers:
                  1: { host: kafka1 }
                """)));
        assertThat(e.problems()).singleElement().asString().startsWith("bot.yaml: clusters[0].hosts.mirror: ");
    }

    @Test
    void templatesKeepShellBracesAndRenderOnlyPlaceholders() {
        String t = "for p in ${PIDS}; do kill {link}; done";
        assertThat(HostService.placeholders(t)).containsExactly("link");
        assertThat(HostService.render(t, name -> "'/usr/local/kafka'")).isEqualTo("for p in ${PIDS}; do kill '/usr/local/kafka'; done");
    }
}
