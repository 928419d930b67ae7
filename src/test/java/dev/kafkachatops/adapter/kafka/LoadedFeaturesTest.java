package dev.kafkachatops.adapter.kafka;

import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * Which DescribeFeatures answers are the cluster's: a KRaft broker answering from its empty metadata image reports
 * metadata.version level 1 without an epoch (seen on a loaded machine: a fresh 3.9.1 cluster's plan was refused as
 * "metadata.version is 3.0-IV1"); the answer class has no public constructor, so it is mocked.
 */
class LoadedFeaturesTest {

    private static FeatureMetadata answer(Map<String, FinalizedVersionRange> finalized, Optional<Long> epoch) {
        FeatureMetadata m = mock(FeatureMetadata.class);
        when(m.finalizedFeatures()).thenReturn(finalized);
        when(m.finalizedFeaturesEpoch()).thenReturn(epoch);
        return m;
    }

    @Test
    void anEmptyImagesAnswerIsNotTheClusters() {
        var level1 = Map.of("metadata.version", new FinalizedVersionRange((short) 1, (short) 1));
        assertThat(LoadedFeatures.loaded(answer(level1, Optional.of(-1L)))).isFalse();
        assertThat(LoadedFeatures.loaded(answer(level1, Optional.empty()))).isFalse();
    }

    @Test
    void aLoadedBrokersAnswerAndAClusterWithoutMetadataVersionAreTaken() {
        var level21 = Map.of("metadata.version", new FinalizedVersionRange((short) 21, (short) 21));
        assertThat(LoadedFeatures.loaded(answer(level21, Optional.of(57L)))).isTrue();
        assertThat(LoadedFeatures.loaded(answer(Map.of(), Optional.empty()))).as("ZooKeeper mode").isTrue();
    }
}
