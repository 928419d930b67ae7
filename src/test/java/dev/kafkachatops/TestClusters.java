package dev.kafkachatops;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

import java.util.Map;

/**
 * In-process KRaft clusters for Admin-level tests: {@code brokers} combined/broker nodes (ids from 0) with one
 * controller (a single voter: a 3-voter in-process quorum proved unstable here), on the latest production
 * metadata version. Close it once per test class (close is slow and not idempotent).
 */
public final class TestClusters {
    private TestClusters() {
    }

    public static KafkaClusterTestKit start(int brokers) throws Exception {
        return start(brokers, Map.of());
    }

    public static KafkaClusterTestKit start(int brokers, Map<Integer, Map<String, String>> perServer) throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(brokers)
                .setNumControllerNodes(1).setPerServerProperties(perServer)
                .setBootstrapMetadataVersion(MetadataVersion.latestProduction()).build();
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes).build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }
}
