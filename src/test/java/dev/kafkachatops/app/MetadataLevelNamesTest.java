package dev.kafkachatops.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code status} (the bot's and the command line's) names metadata.version from the version catalogue, which knows
 * the levels of releases newer than this build's Kafka client: after an upgrade to 4.4 the cluster is at
 * "4.4-IV2 (level 33)", not "level 33".
 */
class MetadataLevelNamesTest {
    @Test
    void levelsAreNamedWhereTheCatalogueOrKafkaKnowsThem() {
        var names = Wiring.metadataLevels();
        assertThat(names.apply(33)).isEqualTo("4.4-IV2 (level 33)");
        assertThat(names.apply(27)).isEqualTo("4.1-IV1 (level 27)");
        assertThat(names.apply(21)).isEqualTo("3.9-IV0 (level 21)");
        assertThat(names.apply(999)).isEqualTo("level 999");
    }
}
