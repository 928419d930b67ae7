package dev.kafkachatops.adapter.host;

import com.sun.net.httpserver.HttpServer;
import dev.kafkachatops.config.HostService;
import dev.kafkachatops.port.BrokerInstall;
import dev.kafkachatops.port.ConfigChange;
import dev.kafkachatops.port.HostException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link dev.kafkachatops.port.BrokerHost} driver must do, on a fake install layout in a temporary
 * folder (two versions, a link, a config file) and a fake broker process (a shell loop whose command line
 * names {@code kafka.Kafka} and the node's config file, as a real broker's does).
 */
abstract class BrokerHostContract {
    static final String HOSTILE = "it's $(touch /tmp/pwned-kafka-chatops) `touch /tmp/pwned-kafka-chatops` ; rm -rf / \"q\" \\ %s";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    /** Runs until SIGTERM, with {@code kafka.Kafka <config>} as its arguments, detached like a daemon. */
    static final String FAKE_START = "setsid sh -c 'trap \"exit 0\" TERM; while :; do sleep 1; done' kafka.Kafka {config}"
            + " > /dev/null 2>&1 < /dev/null &";
    static final HostService FAKE_SERVICE = HostService.preset("process")
            .withCommands(HostService.preset("process").stop(), FAKE_START, HostService.preset("process").status())
            .withTimeouts(java.time.Duration.ofSeconds(20), java.time.Duration.ofSeconds(20), java.time.Duration.ofSeconds(10));

    @TempDir
    Path root;
    Path usrLocal;
    ShellBrokerHost host;

    /** A driver for the layout below {@code root} (installBase {@code <root>/usr/local} in effect). */
    abstract ShellBrokerHost newHost(Path root, HostService service, Clock clock) throws Exception;

    @BeforeEach
    void layOut() throws Exception {
        usrLocal = FakeInstall.create(root, "3.9.1", "4.1.1");
        host = newHost(root, FAKE_SERVICE, CLOCK);
    }

    @AfterEach
    void killFakeBrokers() {
        host.close();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(root.toString()))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void detectsTheLinkedVersionItsJarsAndTheInstalledVersions() throws Exception {
        BrokerInstall i = host.detectInstall();
        assertThat(i.linkTarget()).contains("kafka_2.13-3.9.1");
        assertThat(i.linkedVersion()).contains("3.9.1");
        assertThat(i.jarVersions()).containsExactly("3.9.1");
        assertThat(i.installedVersions()).containsExactly("3.9.1", "4.1.1");
        assertThat(i.problems()).isEmpty();
        assertThat(i.version()).contains("3.9.1");
    }

    @Test
    void reportsJarsThatDisagreeWithTheFolderAndAMissingLink() throws Exception {
        Files.move(usrLocal.resolve("kafka_2.13-3.9.1/libs/kafka_2.13-3.9.1.jar"),
                usrLocal.resolve("kafka_2.13-3.9.1/libs/kafka_2.13-3.8.0.jar"));
        BrokerInstall i = host.detectInstall();
        assertThat(i.problems()).containsExactly("folder says 3.9.1 but its jars are 3.8.0");
        assertThat(i.version()).isEmpty();
        Files.delete(usrLocal.resolve("kafka"));
        assertThat(host.detectInstall().problems()).singleElement().asString().contains("does not exist");
    }

    @Test
    void relinksAtomicallyAndRefusesVersionsThatAreNotInstalled() throws Exception {
        BrokerInstall after = host.relink("4.1.1");
        assertThat(Files.readSymbolicLink(usrLocal.resolve("kafka"))).isEqualTo(Path.of("kafka_2.13-4.1.1"));
        assertThat(after.version()).contains("4.1.1");
        try (Stream<Path> files = Files.list(usrLocal)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("kafka",
                    "kafka_2.13-3.9.1", "kafka_2.13-4.1.1");
        }
        assertThatThrownBy(() -> host.relink("4.2.0")).isInstanceOf(HostException.class)
                .hasMessageContaining("Kafka 4.2.0 is not installed").hasMessageContaining("installed: 3.9.1, 4.1.1");
        assertThat(Files.readSymbolicLink(usrLocal.resolve("kafka"))).isEqualTo(Path.of("kafka_2.13-4.1.1"));
    }

    @Test
    void refusesHostileVersionsBeforeRunningAnything() {
        for (String v : new String[] {"4.1.1; rm -rf /", "$(id)", "`id`", "4.1.1\n", "4.1.1' '", "../4.1.1"}) {
            assertThatThrownBy(() -> host.relink(v)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> host.readConfig(v)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> host.writeConfig("3.9.1", "4.1.1", Map.of("a", "x\ny"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> host.writeConfig("3.9.1", "4.1.1", Map.of("a;b", "x"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void copiesTheConfigIntoTheNewVersionWithChangesKeepingCommentsAndMode() throws Exception {
        Path src = usrLocal.resolve("kafka_2.13-3.9.1/config/server.properties");
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rw-------"));
        ConfigChange c = host.writeConfig("3.9.1", "4.1.1", Map.of("node.id", "1", "log.message.format.version", "3.9"),
                Set.of("inter.broker.protocol.version"));
        Path dst = usrLocal.resolve("kafka_2.13-4.1.1/config/server.properties");
        assertThat(c.file()).isEqualTo(dst.toString());
        assertThat(c.copiedFrom()).contains(src.toString());
        assertThat(c.backup()).isEmpty();
        assertThat(c.written()).isTrue();
        assertThat(c.changes()).extracting(Object::toString).containsExactly(
                "log.message.format.version: (unset) -> 3.9", "inter.broker.protocol.version: 3.9 -> (removed)");
        assertThat(Files.readString(dst)).isEqualTo(FakeInstall.SERVER_PROPERTIES
                .replace("inter.broker.protocol.version=3.9\n", "") + "log.message.format.version=3.9\n");
        assertThat(Files.getPosixFilePermissions(dst)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(src)).isEqualTo(FakeInstall.SERVER_PROPERTIES);
        assertThat(host.readConfig("4.1.1")).containsEntry("listeners", "PLAINTEXT://:9092,CONTROLLER://:9093")
                .containsEntry("log.message.format.version", "3.9").doesNotContainKey("inter.broker.protocol.version");
    }

    @Test
    void backsUpAnExistingTargetNeverOverwritesABackupAndWritesNothingWhenNothingChanges() throws Exception {
        Path dst = usrLocal.resolve("kafka_2.13-4.1.1/config/server.properties");
        Files.writeString(dst, "# the release's default\nnode.id=99\n");
        ConfigChange first = host.writeConfig("3.9.1", "4.1.1", Map.of(), Set.of("inter.broker.protocol.version"));
        assertThat(first.backup()).contains(dst + ".bak-20261125-100000");
        assertThat(Files.readString(Path.of(first.backup().orElseThrow()))).isEqualTo("# the release's default\nnode.id=99\n");
        assertThat(Files.getPosixFilePermissions(Path.of(first.backup().orElseThrow())))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        ConfigChange again = host.writeConfig("3.9.1", "4.1.1", Map.of(), Set.of("inter.broker.protocol.version"));
        assertThat(again.written()).isFalse();
        assertThat(again.backup()).isEmpty();

        ConfigChange third = host.writeConfig("4.1.1", "4.1.1", Map.of("node.id", "2"), Set.of());
        assertThat(third.backup()).contains(dst + ".bak-20261125-100000-2");
        assertThat(Files.readString(Path.of(first.backup().orElseThrow()))).isEqualTo("# the release's default\nnode.id=99\n");
        assertThat(host.readConfig("4.1.1")).containsEntry("node.id", "2");
        try (Stream<Path> files = Files.list(dst.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
        }
    }

    @Test
    void hostileValuesAreWrittenLiterallyAndRunNothing() throws Exception {
        Files.deleteIfExists(Path.of("/tmp/pwned-kafka-chatops"));
        String unicode = HOSTILE + " é ü";
        host.writeConfig("3.9.1", "3.9.1", Map.of("ssl.endpoint.identification.algorithm", unicode), Set.of());
        assertThat(host.readConfig("3.9.1")).containsEntry("ssl.endpoint.identification.algorithm", unicode);
        assertThat(Path.of("/tmp/pwned-kafka-chatops")).doesNotExist();
        ExecResult echo = host.exec("printf '%s' " + ShellQuote.quote(HOSTILE + "\nline 2 'x'"), java.time.Duration.ofSeconds(10));
        assertThat(echo.out()).isEqualTo(HOSTILE + "\nline 2 'x'");
        assertThat(Path.of("/tmp/pwned-kafka-chatops")).doesNotExist();
    }

    @Test
    void stopsAndStartsOnlyThisNodesBroker() throws Exception {
        Path otherRoot = Files.createDirectories(root.resolve("other-node"));
        FakeInstall.create(otherRoot, "3.9.1");
        try (ShellBrokerHost other = newHost(otherRoot, FAKE_SERVICE, CLOCK)) {
            assertThat(host.isProcessRunning()).isFalse();
            host.startBroker();
            other.startBroker();
            assertThat(host.isProcessRunning()).isTrue();
            assertThat(other.isProcessRunning()).isTrue();
            host.stopBroker();
            assertThat(host.isProcessRunning()).isFalse();
            assertThat(other.isProcessRunning()).isTrue();
            host.stopBroker(); // idempotent
            other.stopBroker();
            assertThat(other.isProcessRunning()).isFalse();
        }
    }

    @Test
    void aStatusCommandThatFailsIsAnErrorNotAStoppedBroker() throws Exception {
        HostService broken = FAKE_SERVICE.withCommands(FAKE_SERVICE.stop(), FAKE_START, "no-such-command-xyz");
        try (ShellBrokerHost h = newHost(root, broken, CLOCK)) {
            assertThatThrownBy(h::isProcessRunning).isInstanceOf(HostException.class)
                    .hasMessageContaining("the status command failed (exit 127)");
        }
    }

    @Test
    void installsAReleaseFromAMirrorOnlyWithTheRightChecksum() throws Exception {
        Path pkg = Files.createDirectories(root.resolve("pkg/kafka_2.13-4.2.0/libs"));
        Files.createFile(pkg.resolve("kafka_2.13-4.2.0.jar"));
        Path tgz = root.resolve("release.tgz");
        Process tar = new ProcessBuilder("tar", "-czf", tgz.toString(), "-C", root.resolve("pkg").toString(),
                "kafka_2.13-4.2.0").inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        byte[] body = Files.readAllBytes(tgz);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(body));
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/kafka/4.2.0/kafka_2.13-4.2.0.tgz", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        http.start();
        try {
            URI mirror = URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/kafka/");
            String wrong = sha.substring(0, 127) + (sha.endsWith("0") ? "1" : "0");
            assertThatThrownBy(() -> host.installRelease("4.2.0", mirror, wrong)).isInstanceOf(HostException.class)
                    .hasMessageContaining("does not match the expected checksum");
            assertThat(usrLocal.resolve("kafka_2.13-4.2.0")).doesNotExist();
            assertThatThrownBy(() -> host.installRelease("4.3.0", mirror, sha)).isInstanceOf(HostException.class)
                    .hasMessageContaining("downloading").matches(e -> ((HostException) e).retryable());
            assertThatThrownBy(() -> host.installRelease("4.2.0", URI.create("file:///etc/"), sha))
                    .isInstanceOf(IllegalArgumentException.class);

            BrokerInstall after = host.installRelease("4.2.0", mirror, sha.toUpperCase());
            assertThat(after.installedVersions()).containsExactly("3.9.1", "4.1.1", "4.2.0");
            assertThat(usrLocal.resolve("kafka_2.13-4.2.0/libs/kafka_2.13-4.2.0.jar")).exists();
            try (Stream<Path> files = Files.list(usrLocal)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".kafka-chatops-install"));
            }
            assertThat(host.installRelease("4.2.0", mirror, sha).installedVersions()).contains("4.2.0");
        } finally {
            http.stop(0);
        }
    }
}
