package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.port.ClusterReader;
import dev.kafkachatops.port.ClusterReaderContract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The fake reader over the fake cluster, held to the contract the Kafka adapter passes ({@code ClusterReaderContractIT}). */
class FakeClusterReaderContractTest extends ClusterReaderContract {
    private final FakeUpgradeAdmin cluster = new FakeUpgradeAdmin(new ArrayList<>(), Set.of(0, 1, 2), Set.of(0))
            .feature(FakeUpgradeAdmin.METADATA_VERSION, 27, 27);

    @Override
    protected ClusterReader reader() {
        return new FakeClusterReader("fake", cluster);
    }

    @Override
    protected ClusterReader unreachable() {
        return FakeClusterReader.unreachable("ghost");
    }

    @Override
    protected void createTopic(String name, List<List<Integer>> assignment) {
        cluster.createTopic(name, assignment, 1, false);
    }

    @Override
    protected void pause() {
        // the fake shows a new topic at once
    }
}
