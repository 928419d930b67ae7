package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ClusterReader;
import dev.kafkachatops.port.ClusterReaderContract;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@link AdminClusterReader} held to the port's contract on one in-process cluster of 3 brokers for the class; the
 * unreachable cluster is 127.0.0.1:1 with a 2 s timeout.
 */
class ClusterReaderContractIT extends ClusterReaderContract {
    private static final String NOWHERE = "127.0.0.1:1";
    private static final Duration SHORT = Duration.ofSeconds(2);
    private static TestKitCluster kafka;
    private static Admin dead;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKitCluster.start(3);
        dead = AdminClients.create(NOWHERE, Map.of(), SHORT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dead != null) dead.close();
        if (kafka != null) kafka.close();
    }

    @Override
    protected ClusterReader reader() {
        return new AdminClusterReader("test", kafka.cluster.bootstrapServers(), kafka.admin, Duration.ofSeconds(15),
                Clock.systemUTC());
    }

    @Override
    protected ClusterReader unreachable() {
        return new AdminClusterReader("ghost", NOWHERE, dead, SHORT, Clock.systemUTC());
    }

    @Override
    protected void createTopic(String name, List<List<Integer>> assignment) throws Exception {
        kafka.createTopic(name, assignment, Map.of());
    }

    @Override
    protected void pause() throws InterruptedException {
        Thread.sleep(100);
    }
}
