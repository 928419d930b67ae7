package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.HostService;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SshHostTest extends BrokerHostContract {
    @TempDir
    static Path dir;
    static EmbeddedSshServer server;
    static KeyPair clientKey;
    static Path keyFile;
    static Path knownHosts;
    static SshConnector connector;

    @BeforeAll
    static void startServer() throws Exception {
        clientKey = EmbeddedSshServer.newKey("EC");
        keyFile = EmbeddedSshServer.writePrivateKey(dir, "id_ecdsa", clientKey);
        server = EmbeddedSshServer.start(dir, "EC", clientKey.getPublic());
        knownHosts = server.writeKnownHosts(server.knownHostsLine());
        connector = new SshConnector();
    }

    @AfterAll
    static void stopServer() throws Exception {
        connector.close();
        server.close();
    }

    /** An SSH host config for the shared test server (host 127.0.0.1, user test). */
    static HostConfig host(Path key, Path known) {
        return new HostConfig("127.0.0.1", HostDriver.SSH, server.port(), "test", Optional.of(key.toString()),
                known, Path.of("/"), "/usr/local", "kafka", "config/server.properties", "2.13",
                HostService.preset("scripts"));
    }

    @Override
    ShellBrokerHost newHost(Path root, HostService service, Clock clock) {
        HostConfig h = host(keyFile, knownHosts);
        return new SshHost(new HostConfig(h.host(), h.driver(), h.port(), h.sshUser(), h.sshKey(), h.knownHosts(),
                h.root(), root.resolve("usr/local").toString(), "kafka", "config/server.properties", "2.13", service),
                clock, connector);
    }

    @Test
    void exec() throws Exception {
        try (SshHost h = new SshHost(host(keyFile, knownHosts), Clock.systemUTC(), connector)) {
            ExecResult r = h.exec("printf 'a\\nb\\n'; echo err >&2; exit 3", Duration.ofSeconds(10));
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.out()).isEqualTo("a\nb\n");
            assertThat(new String(r.stderr())).isEqualTo("err\n");
        }
    }

    /** Issue 14: the connection cut while a command runs is said as such, and the next command reconnects. */
    @Test
    void aConnectionCutWhileACommandRunsIsALostConnectionAndTheNextCommandReconnects() throws Exception {
        try (SshHost h = new SshHost(host(keyFile, knownHosts), Clock.systemUTC(), connector)) {
            Path started = dir.resolve("cut-started");
            var running = CompletableFuture.supplyAsync(() -> {
                try {
                    return h.exec("touch " + started + "; sleep 20", Duration.ofSeconds(30));
                } catch (HostException e) {
                    throw new CompletionException(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(started) && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(server.dropSessions()).isPositive();
            assertThatThrownBy(() -> running.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(HostException.class).cause()
                    .hasMessageContaining("host 127.0.0.1: the SSH connection was lost while a command ran")
                    .satisfies(e -> assertThat(((HostException) e).retryable()).isTrue());
            assertThat(h.exec("exit 0", Duration.ofSeconds(10)).exitCode()).isZero();
        }
    }
}
