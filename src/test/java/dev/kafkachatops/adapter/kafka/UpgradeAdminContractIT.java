package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.UpgradeAdmin;
import dev.kafkachatops.port.UpgradeAdminContract;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@link AdminUpgrade} held to the port's contract on one in-process cluster of 3 brokers for the class. */
class UpgradeAdminContractIT extends UpgradeAdminContract {
    private static TestKitCluster kafka;
    private static AdminUpgrade admin;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKitCluster.start(3);
        admin = new AdminUpgrade("test", kafka.admin, Duration.ofSeconds(15), Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    @Override
    protected UpgradeAdmin admin() {
        return admin;
    }

    @Override
    protected void createTopic(String name, List<List<Integer>> assignment, int minIsr, boolean unclean)
            throws Exception {
        kafka.createTopic(name, assignment, Map.of("min.insync.replicas", String.valueOf(minIsr),
                "unclean.leader.election.enable", String.valueOf(unclean)));
    }

    @Override
    protected int metadataVersionLevel() {
        return MetadataVersion.latestProduction().featureLevel();
    }

    @Override
    protected void pause() throws InterruptedException {
        Thread.sleep(100);
    }
}
