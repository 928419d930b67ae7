package dev.kafkachatops.domain.version;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** KafkaVersion, MinorVersion and MetadataLevel: parsing, order, and the messages for what is not a version. */
class VersionParsingTest {

    @Test
    void parsesAndPrintsThreePartVersions() {
        KafkaVersion v = KafkaVersion.parse(" 3.9.1 ");
        assertThat(v).isEqualTo(KafkaVersion.of(3, 9, 1));
        assertThat(v.toString()).isEqualTo("3.9.1");
        assertThat(v.line()).isEqualTo(new MinorVersion(3, 9));
        assertThat(KafkaVersion.parse("4.10.0").line().toString()).isEqualTo("4.10");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3.9", "3.x", "", "3.9.1.2", "v3.9.1", "3.9.-1", "3..1", "3.9.1-SNAPSHOT"})
    void rejectsWhatIsNotAVersionAndSaysWhatOneLooksLike(String text) {
        assertThatThrownBy(() -> KafkaVersion.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("`" + text + "` is not a Kafka version (expected MAJOR.MINOR.PATCH, e.g. 3.9.1)");
        assertThat(KafkaVersion.tryParse(text)).isEmpty();
    }

    @Test
    void ordersNumericallyNotAsText() {
        List<KafkaVersion> sorted = java.util.stream.Stream.of("3.10.0", "3.9.2", "4.0.0", "3.9.10", "2.8.2")
                .map(KafkaVersion::parse).sorted().toList();
        assertThat(sorted).extracting(KafkaVersion::toString)
                .containsExactly("2.8.2", "3.9.2", "3.9.10", "3.10.0", "4.0.0");
        assertThat(KafkaVersion.parse("3.9.1").isOlderThan(KafkaVersion.parse("4.1.1"))).isTrue();
        assertThat(KafkaVersion.parse("4.1.1").isNewerThan(KafkaVersion.parse("4.1.0"))).isTrue();
    }

    @Test
    void minorVersionsAndProtocolValues() {
        assertThat(MinorVersion.parse("3.9").compact()).isEqualTo("39");
        assertThatThrownBy(() -> MinorVersion.parse("3.x")).hasMessage("\"3.x\" is not a version (expected "
                + "MAJOR.MINOR, e.g. \"3.9\")");
        assertThat(MinorVersion.ofProtocol("2.8-IV1")).contains(new MinorVersion(2, 8));
        assertThat(MinorVersion.ofProtocol("3.9-IV0")).contains(new MinorVersion(3, 9));
        assertThat(MinorVersion.ofProtocol("0.10.2")).contains(new MinorVersion(0, 10));
        assertThat(MinorVersion.ofProtocol("latest")).isEmpty();
        assertThat(new MinorVersion(3, 9).contains(KafkaVersion.parse("3.9.2"))).isTrue();
    }

    @Test
    void metadataLevelsCarryNameAndNumber() {
        MetadataLevel mv = new MetadataLevel("4.1-IV1", 27);
        assertThat(mv.toString()).isEqualTo("4.1-IV1 (level 27)");
        assertThat(mv.line()).isEqualTo(new MinorVersion(4, 1));
        assertThatThrownBy(() -> new MetadataLevel("4.1", 27)).hasMessageContaining("not a metadata.version name");
        assertThatThrownBy(() -> new MetadataLevel("4.1-IV1", 0)).hasMessageContaining("must be >= 1");
    }
}
