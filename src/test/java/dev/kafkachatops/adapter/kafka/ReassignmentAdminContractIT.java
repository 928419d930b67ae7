package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.ReassignmentAdminContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.List;

/** {@link AdminReassignment} held to the port's contract on one in-process cluster of 4 brokers for the class. */
class ReassignmentAdminContractIT extends ReassignmentAdminContract {
    private static TestKitCluster kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKitCluster.start(4);
    }

    @AfterAll
    static void stop() throws Exception {
        if (kafka != null) kafka.close();
    }

    @Override
    protected ReassignmentAdmin admin() {
        return kafka.port;
    }

    @Override
    protected void createTopic(String name, List<List<Integer>> assignment, int bytes) throws Exception {
        kafka.createTopic(name, TestKitCluster.byPartition(assignment), bytes);
    }

    @Override
    protected void pause() throws InterruptedException {
        Thread.sleep(100);
    }
}
