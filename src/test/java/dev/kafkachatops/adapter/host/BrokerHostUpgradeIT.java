package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.HostDriver;
import com.sun.net.httpserver.HttpServer;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.HostService;
import dev.kafkachatops.localkafka.KafkaDistributions;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.localkafka.LocalKafkaNode;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.BrokerInstall;
import dev.kafkachatops.port.ConfigChange;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The host side of a rolling upgrade on a real broker process: a one-node KRaft cluster on Kafka 3.9.1 in the
 * sandbox layout, rolled to 4.x through a host driver only (stop, relink, copy the config, start), first with
 * {@link LocalShellHost} (to 4.1.1, installed beside it), then with {@link SshHost} through an embedded SSH
 * server (to the sandbox's upgrade version, installed over SSH from a release archive on a local mirror).
 */
class BrokerHostUpgradeIT {
    private static final KafkaDistributions DISTS = new KafkaDistributions();
    private static final Clock CLOCK = Clock.systemUTC();
    private Path baseDir;
    private LocalKafkaCluster cluster;

    @BeforeEach
    void createBaseDir() throws IOException {
        baseDir = Files.createTempDirectory("broker-host-it");
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (cluster != null) cluster.close();
        LocalKafkaCluster.killLeftovers(baseDir);
        deleteTree(baseDir);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void rollsABrokerFrom391To411ThroughTheLocalShellDriver() throws Exception {
        cluster = LocalKafkaCluster.builder().baseDir(baseDir.resolve("cluster")).version("3.9.1").nodes(1)
                .extraInstall("4.1.1").distributions(DISTS).start();
        LocalKafkaNode node = cluster.node(1);
        HostConfig config = new HostConfig("node-1", HostDriver.LOCAL, 22, "kafka", Optional.empty(),
                HostService.defaultKnownHosts(), node.hostRoot(), "/usr/local", "kafka", "config/server.properties",
                "2.13", HostService.preset("process"));
        try (BrokerHosts hosts = new BrokerHosts(CLOCK)) {
            BrokerHost host = hosts.forBroker(cluster("sandbox", config), 1);
            assertThat(host).isInstanceOf(LocalShellHost.class);
            roll(node, host, "4.1.1");
        }
        long pid = node.pid();
        cluster.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("the driver-started broker is stopped by close()")
                .isIn(Optional.empty(), Optional.of(false));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void installsAndRollsToTheUpgradeVersionOverSsh() throws Exception {
        String target = "4.4.0";
        Path tgz = releaseArchive(target);
        String sha = sha512(tgz);
        cluster = LocalKafkaCluster.builder().baseDir(baseDir.resolve("cluster")).version("3.9.1").nodes(1)
                .distributions(DISTS).start();
        LocalKafkaNode node = cluster.node(1);
        KeyPair clientKey = EmbeddedSshServer.newKey("EdDSA");
        Path keyFile = EmbeddedSshServer.writePrivateKey(baseDir, "id_ed25519", clientKey);
        HttpServer mirror = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mirror.createContext("/kafka/" + target + "/" + tgz.getFileName(), ex -> {
            ex.sendResponseHeaders(200, Files.size(tgz));
            Files.copy(tgz, ex.getResponseBody());
            ex.close();
        });
        mirror.start();
        try (EmbeddedSshServer ssh = EmbeddedSshServer.start(baseDir, "EdDSA", clientKey.getPublic());
             BrokerHosts hosts = new BrokerHosts(CLOCK)) {
            Path knownHosts = ssh.writeKnownHosts(ssh.knownHostsLine());
            HostConfig config = SshSandboxHosts.host(ssh, keyFile, knownHosts, node);
            BrokerHost host = hosts.forBroker(cluster("prod", config), 1);
            assertThat(host).isInstanceOf(SshHost.class);
            URI mirrorUri = URI.create("http://127.0.0.1:" + mirror.getAddress().getPort() + "/kafka");
            assertThat(host.installRelease(target, mirrorUri, sha).installedVersions()).containsExactly("3.9.1", target);
            roll(node, host, target);
        } finally {
            mirror.stop(0);
        }
    }

    /** The guide's steps for one broker, checked after each. */
    private void roll(LocalKafkaNode node, BrokerHost host, String target) throws Exception {
        BrokerInstall before = host.detectInstall();
        assertThat(before.version()).contains("3.9.1");
        assertThat(before.installedVersions()).containsExactly("3.9.1", target);
        assertThat(host.isProcessRunning()).isTrue();
        long oldPid = node.pid();
        // A release ships a default server.properties; the upgrade must back it up, then replace it.
        Path shipped = node.installDir(target).resolve("config/server.properties");
        Files.writeString(shipped, "# the release's default config\nlog.dirs=/tmp/kafka-logs\n");

        long t0 = System.nanoTime();
        host.stopBroker();
        assertThat(host.isProcessRunning()).isFalse();
        // the broker has exited (its /proc cmdline is gone, which is what the host checks); this JVM started it, so
        // ProcessHandle calls it alive until the JVM's reaper has waited for it: give the reaper a moment
        ProcessHandle.of(oldPid).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> p).join());
        assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        assertThat(host.relink(target).version()).contains(target);
        ConfigChange change = host.writeConfig("3.9.1", target, Map.of("num.partitions", "2"),
                Set.of("inter.broker.protocol.version"));
        assertThat(change.backup()).isPresent();
        assertThat(Files.readString(Path.of(change.backup().orElseThrow()))).contains("the release's default config");
        assertThat(change.changes()).extracting(Object::toString).containsExactly("num.partitions: (unset) -> 2");
        assertThat(host.readConfig(target)).containsEntry("num.partitions", "2")
                .containsEntry("node.id", "1").containsEntry("log.dirs", node.dataDir().toString());
        long logOffset = Files.size(node.logFile());
        host.startBroker();
        awaitRegistered(node, host, logOffset, Duration.ofSeconds(120));
        System.out.printf("TIMING %s: stop, relink, config, start until registered: %d ms%n", host,
                (System.nanoTime() - t0) / 1_000_000);

        String log = Files.readString(node.logFile()).substring((int) logOffset);
        assertThat(log).contains("Kafka version: " + target);
        assertThat(host.detectInstall().version()).contains(target);
        assertThat(node.isRunning()).as("the sandbox node recognises the driver-started broker").isTrue();
        assertThat(node.pid()).isNotEqualTo(oldPid);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.brokerAddress()));
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", node.brokerAddress(),
                     "acks", "all"), new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic("after-upgrade", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(producer.send(new ProducerRecord<>("after-upgrade", "k", "v")).get(30, TimeUnit.SECONDS).offset())
                    .isZero();
        }
    }

    /** Until the broker is in describeCluster and has logged the end of the startup that began after {@code logOffset}. */
    private static void awaitRegistered(LocalKafkaNode node, BrokerHost host, long logOffset, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, node.brokerAddress(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (true) {
                assertThat(host.isProcessRunning()).as("broker process after start; log:%n%s", node.logTail(30)).isTrue();
                try {
                    List<Integer> ids = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                            .get().stream().map(Node::id).toList();
                    String log = Files.readString(node.logFile()).substring((int) logOffset);
                    if (ids.contains(node.id()) && log.contains("Kafka Server started")) return;
                } catch (java.util.concurrent.ExecutionException e) {
                    // not up yet
                }
                assertThat(System.nanoTime()).as("registered within %s; log:%n%s", timeout, node.logTail(30)).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    /** {@code kafka_2.13-<v>.tgz} built from the cached distribution, as a mirror would serve the release. */
    private Path releaseArchive(String version) throws Exception {
        Path dist = DISTS.ensure(version);
        Path tgz = baseDir.resolve(dist.getFileName() + ".tgz");
        Process tar = new ProcessBuilder("sh", "-c", "tar -chf - -C " + ShellQuote.quote(dist.getParent().toString()) + " "
                + ShellQuote.quote(dist.getFileName().toString()) + " | gzip -1 > " + ShellQuote.quote(tgz.toString()))
                .inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        return tgz;
    }

    private static String sha512(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-512");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static BotConfig.Cluster cluster(String name, HostConfig host) {
        return new BotConfig.Cluster(name, "127.0.0.1:9092", Map.of(), List.of("*"),
                new BotConfig.Approvals(List.of(), List.of(), 1, false, "white_check_mark", "x", Duration.ofHours(1)),
                List.of(), List.of(), Map.of(1, host));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
