package dev.kafkachatops.run.reassign;

import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.ReassignmentAdminContract;

import java.util.ArrayList;
import java.util.List;

/** The fake the runner tests use, held to the contract the Kafka adapter passes ({@code ReassignmentAdminContractIT}). */
class FakeReassignmentAdminContractTest extends ReassignmentAdminContract {
    private final FakeReassignmentAdmin admin = new FakeReassignmentAdmin(new ArrayList<>(), 4, 3);

    @Override
    protected ReassignmentAdmin admin() {
        return admin;
    }

    @Override
    protected void createTopic(String name, List<List<Integer>> assignment, int bytes) {
        admin.createTopic(name, assignment, bytes);
    }

    @Override
    protected void pause() {
        // the fake moves on with each poll, not with time
    }
}
