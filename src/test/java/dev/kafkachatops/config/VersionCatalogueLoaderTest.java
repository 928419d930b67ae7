package dev.kafkachatops.config;

import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.domain.version.MinorVersion;
import dev.kafkachatops.domain.version.ReleaseLine;
import dev.kafkachatops.domain.version.VersionCatalogue;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The shipped catalogue (config/versions.yaml, also on the classpath) and the loader's error messages. */
class VersionCatalogueLoaderTest {

    @Test
    void theShippedCatalogueLoadsFromTheClasspathAndEqualsTheConfigFile() throws Exception {
        VersionCatalogue packaged = VersionCatalogueLoader.loadDefault();
        VersionCatalogue source = VersionCatalogueLoader.load(Path.of("config/versions.yaml"));
        assertThat(packaged).isEqualTo(source);
        assertThat(packaged.lines()).extracting(l -> l.version().toString()).startsWith("2.0", "2.1")
                .endsWith("4.3", "4.4").hasSize(24);
        assertThat(packaged.resolve("3.9")).contains(KafkaVersion.parse("3.9.2"));
        assertThat(packaged.resolve("4.1")).contains(KafkaVersion.parse("4.1.2"));
        assertThat(packaged.resolve("4.1.1")).contains(KafkaVersion.parse("4.1.1"));
        assertThat(packaged.resolve("4.1.7")).isEmpty();
        assertThat(packaged.resolve("5.0")).isEmpty();
        assertThat(packaged.known()).startsWith("2.0.0-2.0.1, 2.1.0-2.1.1,").contains("3.9.0-3.9.2")
                .endsWith("4.3.0-4.3.2, 4.4.0");
    }

    @Test
    void linesCarryTheHardRules() throws Exception {
        VersionCatalogue c = VersionCatalogueLoader.loadDefault();
        ReleaseLine l28 = c.line(MinorVersion.parse("2.8")).orElseThrow();
        ReleaseLine l39 = c.line(MinorVersion.parse("3.9")).orElseThrow();
        ReleaseLine l41 = c.line(MinorVersion.parse("4.1")).orElseThrow();
        assertThat(l28.interBrokerProtocol()).contains("2.8");
        assertThat(l28.messageFormat()).isEqualTo(ReleaseLine.MessageFormat.USED);
        assertThat(l39.messageFormat()).isEqualTo(ReleaseLine.MessageFormat.IGNORED);
        assertThat(l39.zookeeper()).isTrue();
        assertThat(l39.kraft()).isEqualTo(ReleaseLine.KraftSupport.PRODUCTION);
        assertThat(l39.metadataVersion().orElseThrow().toString()).isEqualTo("3.9-IV0 (level 21)");
        assertThat(l39.upgradeNotes().toString()).isEqualTo("https://kafka.apache.org/39/documentation.html#upgrade");
        assertThat(l41.zookeeper()).isFalse();
        assertThat(l41.interBrokerProtocol()).isEmpty();
        assertThat(l41.requiresMetadataLevel()).hasValue(7);
        assertThat(l41.javaMin()).isEqualTo(17);
        assertThat(c.latestLineOf(3).orElseThrow().version()).isEqualTo(MinorVersion.parse("3.9"));
        assertThat(c.latestLineOf(2).orElseThrow().latestPatch()).isEqualTo(KafkaVersion.parse("2.8.2"));
        assertThat(c.describeMetadataLevel(21)).isEqualTo("3.9-IV0 (level 21)");
        assertThat(c.describeMetadataLevel(33)).isEqualTo("4.4-IV2 (level 33)"); // newer than the build's table
        assertThat(c.describeMetadataLevel(99)).isEqualTo("level 99");
    }

    /** Every level this build's Kafka enum knows must carry the same name in the catalogue. */
    @Test
    void metadataLevelsAgreeWithKafkasOwnEnum() throws Exception {
        VersionCatalogue c = VersionCatalogueLoader.loadDefault();
        int checked = 0;
        for (ReleaseLine l : c.lines()) {
            if (l.metadataVersion().isEmpty()) continue;
            var mv = l.metadataVersion().get();
            var kafka = Arrays.stream(MetadataVersion.values()).filter(k -> k.featureLevel() == mv.level()).findFirst();
            if (kafka.isEmpty()) continue;
            assertThat(kafka.get().version()).as(l.version().toString()).isEqualTo(mv.name());
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(9); // 3.3 .. 4.2 are in the 4.1 jar's enum
        assertThat(c.line(MinorVersion.parse("4.0")).orElseThrow().requiresMetadataLevel().getAsInt())
                .isEqualTo(MetadataVersion.MINIMUM_VERSION.featureLevel());
    }

    @Test
    void reportsEveryProblemWithFileAndKey() {
        var e = catchThrowableOfType(ConfigException.class, () -> VersionCatalogueLoader.parse("versions.yaml", """
                releases:
                  - version: "3.8"
                    patches: [3.8.0, 3.8.1]
                    interBrokerProtocol: "3.8"
                    messageFormat: ignored
                    zookeeper: true
                    kraft: production
                    metadataVersion: 3.8-IV0
                    metadataLevel: 20
                    java: 8
                    upgradeNotes: https://kafka.apache.org/38/documentation.html#upgrade
                  - version: "3.x"
                    patches: [3.9.0]
                    messageFormat: sometimes
                    zookeeper: true
                    kraft: production
                    java: 8
                    upgradeNotes: https://kafka.apache.org/39/documentation.html#upgrade
                  - version: "4.1"
                    patches: [4.1.0, 4.0.9, 4.1.x]
                    messageFormat: removed
                    zookeeper: false
                    kraft: only
                    metadataVersion: 4.1-IV0
                    metadataLevel: 27
                    java: 17
                    upgradeNotes: kafka.apache.org/41
                    colour: blue
                """));
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "versions.yaml: zookeeperMigrationGuide: is required (an https:// address)",
                "versions.yaml: releases[1].version: \"3.x\" is not a version (expected MAJOR.MINOR, e.g. \"3.9\")",
                "versions.yaml: releases[1].messageFormat: must be one of used, ignored, removed, got \"sometimes\"",
                "versions.yaml: releases[1].metadataVersion: is required for a line with production KRaft (e.g. "
                        + "3.9-IV0, with metadataLevel)",
                "versions.yaml: releases[1].interBrokerProtocol: is required for a line that runs on ZooKeeper",
                "versions.yaml: releases[2].colour: unknown key (expected one of: clientMin, interBrokerProtocol, "
                        + "java, kraft, messageFormat, metadataLevel, metadataVersion, patches, removed, renamed, "
                        + "requiresMetadataLevel, upgradeNotes, version, zookeeper)",
                "versions.yaml: releases[2].patches[1]: 4.0.9 is not a 4.1 release",
                "versions.yaml: releases[2].patches[2]: \"4.1.x\" is not a version (expected MAJOR.MINOR.PATCH, e.g. 3.9.1)",
                "versions.yaml: releases[2].metadataLevel: level 27 is 4.1-IV1 in Kafka, not 4.1-IV0",
                "versions.yaml: releases[2].upgradeNotes: \"kafka.apache.org/41\" is not an http(s) address");
    }

    @Test
    void reportsOrderAndStructureProblems(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("versions.yaml");
        Files.writeString(file, """
                zookeeperMigrationGuide: https://example.org/migrate
                releases:
                  - version: "3.9"
                    patches: [3.9.1, 3.9.0]
                    interBrokerProtocol: "3.8"
                    messageFormat: ignored
                    zookeeper: true
                    kraft: production
                    metadataVersion: 3.9-IV0
                    metadataLevel: 21
                    java: 8
                    upgradeNotes: https://kafka.apache.org/39/documentation.html#upgrade
                  - version: "3.9"
                    patches: []
                    messageFormat: ignored
                    zookeeper: maybe
                    kraft: production
                    metadataVersion: 3.9-IV0
                    metadataLevel: 21
                    java: 8
                    upgradeNotes: https://kafka.apache.org/39/documentation.html#upgrade
                """);
        var e = catchThrowableOfType(ConfigException.class, () -> VersionCatalogueLoader.load(file));
        String f = file.toString();
        assertThat(e.problems()).containsExactlyInAnyOrder(
                f + ": releases[0].patches[1]: 3.9.0 must come after 3.9.1 (ascending, no repeats)",
                f + ": releases[0].interBrokerProtocol: \"3.8\" does not match the line 3.9",
                f + ": releases[1].patches: must list at least one patch release",
                f + ": releases[1].zookeeper: must be true or false, got `maybe`");
        assertThat(catchThrowableOfType(ConfigException.class, () -> VersionCatalogueLoader.load(dir.resolve("none.yaml")))
                .problems()).containsExactly(dir.resolve("none.yaml") + ": file not found");
    }
}
