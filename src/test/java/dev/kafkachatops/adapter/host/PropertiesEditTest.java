package dev.kafkachatops.adapter.host;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertiesEditTest {

    @Test
    void setReplacesTheFirstLineInPlaceAndDropsDuplicatesThatWouldWin() {
        var r = PropertiesEdit.apply("""
                # header
                a=1
                ! bang comment
                b : 2
                a=3
                c 4
                """, Map.of("a", "9"), Set.of());
        assertThat(r.text()).isEqualTo("""
                # header
                a=9
                ! bang comment
                b : 2
                c 4
                """);
        assertThat(r.changes()).extracting(Object::toString).containsExactly("a: 3 -> 9");
    }

    @Test
    void removeDropsContinuationLinesAndNewKeysAreAppended() {
        var r = PropertiesEdit.apply("x=1\nlisteners=PLAINTEXT://:9092,\\\n    CONTROLLER://:9093\n# end", Map.of("new.key", "v"),
                Set.of("listeners", "absent"));
        assertThat(r.text()).isEqualTo("x=1\n# end\nnew.key=v\n");
        assertThat(r.changes()).extracting(Object::toString).containsExactly("new.key: (unset) -> v",
                "listeners: PLAINTEXT://:9092,CONTROLLER://:9093 -> (removed)");
    }

    @Test
    void keepsCrLfAndTheLackOfAFinalNewline() {
        var r = PropertiesEdit.apply("a=1\r\nb=2", Map.of("a", "2", "b", "3"), Set.of());
        assertThat(r.text()).isEqualTo("a=2\r\nb=3");
    }

    @Test
    void valuesAreEscapedSoKafkaReadsThemBack() {
        String value = " lead\\ing = : # ! é";
        var r = PropertiesEdit.apply("", Map.of("k", value), Set.of());
        assertThat(r.text()).isEqualTo("k=\\ lead\\\\ing = : # ! \\u00e9\n");
        assertThat(PropertiesEdit.parse(r.text())).containsEntry("k", value);
    }

    @Test
    void nothingChangesWhenValuesAreAlreadySet() {
        var r = PropertiesEdit.apply("a=1\n", Map.of("a", "1"), Set.of("b"));
        assertThat(r.changes()).isEmpty();
        assertThat(r.textChanged()).isFalse();
    }

    @Test
    void aKeyCannotBeSetAndRemoved() {
        assertThatThrownBy(() -> PropertiesEdit.apply("", Map.of("a", "1"), Set.of("a")))
                .hasMessage("a is both set and removed");
    }
}
