package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.port.UpgradeAdmin;
import dev.kafkachatops.port.UpgradeAdminContract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The fake the upgrade runner tests use, held to the contract the Kafka adapter passes ({@code UpgradeAdminContractIT}). */
class FakeUpgradeAdminContractTest extends UpgradeAdminContract {
    private static final int LEVEL = 27;
    private final FakeUpgradeAdmin admin = new FakeUpgradeAdmin(new ArrayList<>(), Set.of(0, 1, 2), Set.of(0))
            .feature(FakeUpgradeAdmin.METADATA_VERSION, LEVEL, LEVEL + 2);

    @Override
    protected UpgradeAdmin admin() {
        return admin;
    }

    @Override
    protected void createTopic(String name, List<List<Integer>> assignment, int minIsr, boolean unclean) {
        admin.createTopic(name, assignment, minIsr, unclean);
    }

    @Override
    protected int metadataVersionLevel() {
        return LEVEL;
    }

    @Override
    protected void pause() {
        // the fake shows a new topic at once
    }
}
