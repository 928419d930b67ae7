package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import dev.kafkachatops.port.HostException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Host keys are checked against known_hosts and nothing else; only the configured client key logs in. */
class SshSecurityTest {
    @TempDir
    static Path dir;
    static EmbeddedSshServer server;
    static Path goodKey;
    static Path edKey;
    static Path knownHosts;
    static SshConnector connector;

    @BeforeAll
    static void start() throws Exception {
        KeyPair ec = EmbeddedSshServer.newKey("EC");
        KeyPair ed = EmbeddedSshServer.newKey("EdDSA");
        goodKey = EmbeddedSshServer.writePrivateKey(dir, "id_ecdsa", ec);
        edKey = EmbeddedSshServer.writePrivateKey(dir, "id_ed25519", ed);
        server = EmbeddedSshServer.start(dir, "EdDSA", ec.getPublic(), ed.getPublic());
        knownHosts = server.writeKnownHosts("# a comment", "[127.0.0.1]:1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
                server.knownHostsLine());
        connector = new SshConnector();
    }

    @AfterAll
    static void stop() throws Exception {
        connector.close();
        server.close();
    }

    private static dev.kafkachatops.config.HostConfig config(Path key, Path known) {
        return new dev.kafkachatops.config.HostConfig("127.0.0.1", dev.kafkachatops.config.HostDriver.SSH,
                server.port(), "test", java.util.Optional.of(key.toString()), known, Path.of("/"), "/usr/local", "kafka",
                "config/server.properties", "2.13", dev.kafkachatops.config.HostService.preset("scripts"));
    }

    private static SshHost host(Path key, Path known) {
        return new SshHost(config(key, known), Clock.systemUTC(), connector);
    }

    private static String echo(SshHost h) throws HostException {
        return h.exec("echo ok", Duration.ofSeconds(10)).out().strip();
    }

    @Test
    void aKnownHostWithTheConfiguredKeyRunsCommandsOverOneSession() throws Exception {
        int before = server.sessionsCreated();
        try (SshHost h = host(goodKey, knownHosts)) {
            assertThat(echo(h)).isEqualTo("ok");
            assertThat(echo(h)).isEqualTo("ok");
            assertThat(h.isProcessRunning()).isFalse();
            assertThat(server.sessionsCreated()).isEqualTo(before + 1);
        }
    }

    @Test
    void ed25519ClientKeysWorkAgainstAnEd25519HostKey() throws Exception {
        try (SshHost h = host(edKey, knownHosts)) {
            assertThat(echo(h)).isEqualTo("ok");
        }
    }

    @Test
    void anUnknownHostIsRefusedWithItsFingerprint() throws Exception {
        Path other = server.writeKnownHosts("[127.0.0.1]:1 " + server.knownHostsLine().split(" ", 2)[1]);
        try (SshHost h = host(goodKey, other)) {
            assertThatThrownBy(() -> echo(h)).isInstanceOf(HostException.class)
                    .hasMessageStartingWith("host 127.0.0.1: host key not in known_hosts (" + other + "): the server at ")
                    .hasMessageContaining("SHA256:").hasMessageContaining("ssh-keyscan")
                    .matches(e -> !((HostException) e).retryable());
        }
        try (SshHost h = host(goodKey, dir.resolve("no-such-known-hosts"))) {
            assertThatThrownBy(() -> echo(h)).hasMessageContaining("host key not in known_hosts (" + dir.resolve("no-such-known-hosts") + ", missing)");
        }
    }

    @Test
    void aChangedHostKeyIsRefused() throws Exception {
        KeyPair impostor = EmbeddedSshServer.newKey("EC");
        Path changed = server.writeKnownHosts("[127.0.0.1]:" + server.port() + " "
                + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(impostor.getPublic()));
        try (SshHost h = host(goodKey, changed)) {
            assertThatThrownBy(() -> echo(h)).isInstanceOf(HostException.class)
                    .hasMessageStartingWith("host 127.0.0.1: host key CHANGED: known_hosts (" + changed + ") has SHA256:")
                    .hasMessageContaining("this may be an attack");
        }
    }

    @Test
    void anotherClientKeyIsRefused() throws Exception {
        Path stranger = EmbeddedSshServer.writePrivateKey(dir, "id_stranger", EmbeddedSshServer.newKey("EC"));
        String keyText = Files.readString(stranger);
        try (SshHost h = host(stranger, knownHosts)) {
            assertThatThrownBy(() -> echo(h)).isInstanceOf(HostException.class)
                    .hasMessage("host 127.0.0.1: SSH login as test with key " + stranger
                            + " refused: add its public key to ~test/.ssh/authorized_keys on the host")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(keyText.lines().skip(1).findFirst().orElseThrow()));
        }
    }

    @Test
    void aMissingOrUnreadableKeyFileSaysSo() throws Exception {
        try (SshHost h = host(dir.resolve("nope"), knownHosts)) {
            assertThatThrownBy(() -> echo(h)).hasMessage("host 127.0.0.1: SSH key file " + dir.resolve("nope")
                    + " does not exist: check sshKey");
        }
        Path garbage = Files.writeString(dir.resolve("garbage"), "-----BEGIN OPENSSH PRIVATE KEY-----\nbm90IGEga2V5\n-----END OPENSSH PRIVATE KEY-----\n");
        try (SshHost h = host(garbage, knownHosts)) {
            assertThatThrownBy(() -> echo(h)).hasMessageStartingWith("host 127.0.0.1: cannot read SSH key " + garbage
                    + " (an unencrypted OpenSSH or PEM private key is needed)");
        }
    }

    @Test
    void aClosedPortIsARetryableConnectionError() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        var cfg = config(goodKey, knownHosts);
        var h = new SshHost(new dev.kafkachatops.config.HostConfig(cfg.host(), cfg.driver(), closed, cfg.sshUser(),
                cfg.sshKey(), cfg.knownHosts(), cfg.root(), cfg.installBase(), cfg.link(), cfg.configFile(),
                cfg.scalaVersion(), cfg.service()), Clock.systemUTC(), connector);
        assertThatThrownBy(() -> echo(h)).isInstanceOf(HostException.class)
                .hasMessageStartingWith("host 127.0.0.1: cannot connect to 127.0.0.1:" + closed + " over SSH: ")
                .matches(e -> ((HostException) e).retryable());
    }
}
