package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.adapter.kafka.KafkaClusters;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.VersionCatalogueLoader;
import dev.kafkachatops.e2e.ProduceConsumeProbe;
import dev.kafkachatops.e2e.UpgradeRollFixture;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradePlanner;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;
import dev.kafkachatops.run.upgrade.UpgradePayload;
import dev.kafkachatops.run.upgrade.UpgradeRunner;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static dev.kafkachatops.e2e.UpgradeRollFixture.TO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's roll through the SSH driver: a 3-node combined KRaft cluster of real processes on 3.9.1, every node a
 * host reached over SSH (Apache MINA client, host key checked against known_hosts, public-key login) through an
 * embedded MINA server, gathered, planned and rolled to 4.4.0 by {@link UpgradeRunner} directly (no chat) under an
 * idempotent {@code acks=all} producer. Same end state as through chat: every link on 4.4.0, metadata.version
 * finalized, no loss, nothing under-replicated, leaders on their preferred replicas; one SSH session per host.
 */
class SshUpgradeRollIT {
    private static final Clock CLOCK = Clock.systemUTC();
    private Path dir;
    private LocalKafkaCluster cluster;
    private ProduceConsumeProbe probe;

    @AfterEach
    void stopEverything() throws Exception {
        if (probe != null) probe.close();
        UpgradeRollFixture.cleanUp(cluster, dir);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void rollsThreeNodesFrom391To440OverSsh() throws Exception {
        dir = Files.createTempDirectory("ssh-upgrade-roll-");
        UpgradeRollFixture.warmPageCache(TO);
        cluster = UpgradeRollFixture.startCluster(dir.resolve("cluster"));
        List<Integer> ids = UpgradeRollFixture.ids(cluster);
        KeyPair clientKey = EmbeddedSshServer.newKey("EdDSA");
        Path keyFile = EmbeddedSshServer.writePrivateKey(dir, "id_ed25519", clientKey);
        try (EmbeddedSshServer ssh = EmbeddedSshServer.start(dir, "EdDSA", clientKey.getPublic());
             BrokerHosts brokerHosts = new BrokerHosts(CLOCK)) {
            Path knownHosts = ssh.writeKnownHosts(ssh.knownHostsLine());
            Map<Integer, HostConfig> config = new TreeMap<>();
            cluster.nodes().forEach(n -> config.put(n.id(), SshSandboxHosts.host(ssh, keyFile, knownHosts, n)));
            BotConfig.Cluster cfg = UpgradeRollFixture.clusterConfig("ssh", cluster, config);
            IntFunction<BrokerHost> hosts = id -> brokerHosts.forBroker(cfg, id);
            ids.forEach(id -> assertThat(hosts.apply(id)).isInstanceOf(SshHost.class));

            try (KafkaClusters clusters = new KafkaClusters(List.of(cfg), Duration.ofSeconds(15), CLOCK);
                 Admin admin = UpgradeRollFixture.admin(cluster)) {
                var gathered = new SnapshotGatherer(clusters.reader("ssh"), clusters.upgrade("ssh"),
                        id -> Optional.of(hosts.apply(id))).gather("ssh");
                assertThat(gathered.hostProblems()).isEmpty();
                assertThat(gathered.versions()).isEqualTo(UpgradeRollFixture.all(ids, UpgradeRollFixture.FROM));
                UpgradePlan plan = new UpgradePlanner(VersionCatalogueLoader.loadDefault())
                        .plan(gathered.snapshot(), TO);
                assertThat(plan.blocked()).as("plan blocked: %s", plan).isFalse();
                UpgradeRunner runner = new UpgradeRunner(clusters.upgrade("ssh"), hosts, CLOCK,
                        d -> Thread.sleep(d.toMillis()), UpgradeRunner.Options.defaults());

                probe = ProduceConsumeProbe.start(cluster.bootstrapServers(), UpgradeRollFixture.TOPIC,
                        UpgradeRollFixture.RATE);
                probe.awaitAcked(1000, Duration.ofSeconds(60));
                var listener = new UpgradeRollFixture.RecordingListener(CLOCK);
                Instant t0 = Instant.now();
                UpgradeRunner.Outcome outcome = runner.run(new UpgradePayload(plan, gathered.roles(),
                        gathered.versions()), UpgradeRollFixture.memoryControl(), listener);
                Instant end = Instant.now();
                assertThat(outcome.status()).as(outcome.message()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);

                ProduceConsumeProbe.Result r = probe.stopAndVerify(Duration.ofSeconds(90));
                System.out.println(UpgradeRollFixture.summary("ssh", Duration.between(t0, end), listener.rolls(), end,
                        probe, r));
                System.out.println("ROLL ssh steps: " + listener.times + "; SSH sessions opened: "
                        + ssh.sessionsCreated());
                UpgradeRollFixture.EndState state = UpgradeRollFixture.endState(admin, hosts, ids);
                state.assertHealthyOn(UpgradeRollFixture.all(ids, TO));
                state.assertLeadersBalanced();
                assertThat(state.metadataLevel()).isEqualTo(UpgradeRollFixture.targetMetadataLevel());
                assertThat(r.lost()).as("acknowledged messages lost; " + r.summary()).isZero();
                assertThat(r.acked()).isPositive();
                assertThat(listener.rolls()).extracting(UpgradeRollFixture.NodeRoll::node)
                        .containsExactlyInAnyOrderElementsOf(ids);
                assertThat(ssh.sessionsCreated()).as("one SSH session per host, reused for every command")
                        .isEqualTo(ids.size());
            }
        }
    }
}
