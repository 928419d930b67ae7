package dev.kafkachatops.domain;

import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataVersionsTest {
    @Test
    void namesMatchKafkasOwnEnum() {
        int checked = 0;
        for (MetadataVersion mv : MetadataVersion.values()) {
            if (mv.featureLevel() < 1 || mv.featureLevel() > 27) continue;
            assertThat(MetadataVersions.name(mv.featureLevel())).as("level " + mv.featureLevel())
                    .contains(mv.version());
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(21); // Kafka 4.x dropped levels 1-6 from its enum
        assertThat(MetadataVersions.name(MetadataVersion.latestProduction().featureLevel())).isPresent();
        assertThat(MetadataVersions.describe(21)).isEqualTo("3.9-IV0 (level 21)");
        assertThat(MetadataVersions.describe(99)).isEqualTo("level 99");
    }
}
