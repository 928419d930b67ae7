package dev.kafkachatops.view;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** User text in the log: one line that cannot forge another, cut with what was left out. */
class LogTextTest {
    @Test
    void aNewlineCannotForgeALogLine() {
        String forged = LogText.safe("status\n2026-12-07 ERROR forged");
        assertThat(forged).isEqualTo("status\\n2026-12-07 ERROR forged").doesNotContain("\n");
        assertThat(LogText.safe("a\r\nb\tc")).isEqualTo("a\\r\\nb\\tc");
    }

    @Test
    void otherControlAndInvisibleCharactersAreEscapedAndABackslashDoubled() {
        assertThat(LogText.safe("bell\u0007 nul\u0000 esc\u001b[31m")).isEqualTo("bell\\u0007 nul\\u0000 esc\\u001B[31m");
        assertThat(LogText.safe("line\u2028sep\u2029 nel\u0085")).isEqualTo("line\\u2028sep\\u2029 nel\\u0085");
        assertThat(LogText.safe("evil\u202Etxt.exe zero\u200Bwidth")).isEqualTo("evil\\u202Etxt.exe zero\\u200Bwidth");
        assertThat(LogText.safe("a\\nb")).isEqualTo("a\\\\nb");
        assertThat(LogText.safe("café ✅ 😀 rebalance")).isEqualTo("café ✅ 😀 rebalance");
    }

    @Test
    void longTextIsCutWithHowMuchWasLeftOut() {
        String cut = LogText.safe("x".repeat(10_000));
        assertThat(cut).isEqualTo("x".repeat(LogText.MAX) + "…(9800 more)");
        assertThat(LogText.safe("abcdef", 3)).isEqualTo("abc…(3 more)");
        assertThat(LogText.safe("abc", 3)).isEqualTo("abc");
        assertThat(LogText.safe("😀😀😀", 2)).isEqualTo("😀😀…(1 more)");
        assertThat(LogText.safe("\n".repeat(5), 2)).isEqualTo("\\n\\n…(3 more)");
    }

    @Test
    void nullIsWrittenAsNull() {
        assertThat(LogText.safe(null)).isEqualTo("null");
        assertThatThrownBy(() -> LogText.safe("x", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
