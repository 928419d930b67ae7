package dev.kafkachatops.adapter.host;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Quoting and validation: whatever goes into a host command arrives as one literal word, or not at all. */
class ShellQuoteTest {
    static final Path CANARY = Path.of("/tmp/kafka-chatops-quote-canary");
    static final List<String> HOSTILE = List.of("; rm -rf /", "$(touch " + CANARY + ")", "`touch " + CANARY + "`",
            "a\nb\n; touch " + CANARY, "it's", "'", "''", "\"$HOME\"", "\\", "a b\tc", "*", "~", "${IFS}", "-n", "",
            "; touch " + CANARY + " #", "é ü 中");

    @Test
    void everyHostileValueArrivesAsOneLiteralWord() throws Exception {
        Files.deleteIfExists(CANARY);
        for (String s : HOSTILE) {
            Process p = new ProcessBuilder("/bin/sh", "-c", "printf '%s|' " + ShellQuote.quote(s) + "; printf '%s' \"$#\"",
                    "sh").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(out).isEqualTo(s + "|0");
        }
        String joined = ShellQuote.join(HOSTILE);
        Process p = new ProcessBuilder("/bin/sh", "-c", "for a in " + joined + "; do printf '%s\\0' \"$a\"; done").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out.split("\0", -1)).containsExactlyElementsOf(concat(HOSTILE, ""));
        assertThat(CANARY).doesNotExist();
    }

    @Test
    void aNulCannotBeQuoted() {
        assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyPlainValuesPassValidation() {
        for (String s : HOSTILE) {
            assertThatThrownBy(() -> SafeValues.version(s)).isInstanceOf(IllegalArgumentException.class);
            if (!s.equals("-n")) { // a dash inside an absolute path is harmless
                assertThatThrownBy(() -> SafeValues.absolutePath("/usr/local/" + s)).isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> SafeValues.fileName(s)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> SafeValues.configKey(s)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(SafeValues.version("4.1.1")).isEqualTo("4.1.1");
        assertThatThrownBy(() -> SafeValues.version("4.1")).hasMessage("not a Kafka version (MAJOR.MINOR.PATCH expected): `4.1`");
        assertThatThrownBy(() -> SafeValues.absolutePath("/usr/../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafeValues.fileName("..")).isInstanceOf(IllegalArgumentException.class);
        assertThat(SafeValues.fileName("kafka")).isEqualTo("kafka");
        assertThatThrownBy(() -> SafeValues.relativePath("../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SafeValues.configValue("k", "a\nb")).hasMessage("the value of k must be one line without control characters");
        assertThat(SafeValues.sha512("AB".repeat(64))).isEqualTo("ab".repeat(64));
        assertThatThrownBy(() -> SafeValues.sha512("ab".repeat(63) + "; ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mirrorsArePlainHttpUrls() {
        assertThat(SafeValues.mirror(URI.create("https://archive.apache.org/dist/kafka/"))).isEqualTo("https://archive.apache.org/dist/kafka");
        assertThat(SafeValues.mirror(URI.create("http://127.0.0.1:8080/k"))).isEqualTo("http://127.0.0.1:8080/k");
        for (String bad : List.of("file:///etc/", "ftp://mirror/kafka", "https://user:pw@mirror/kafka",
                "https://mirror/kafka?x=$(id)", "https://mirror/kafka#frag", "https://mirror/ka'fka", "https:///nohost")) {
            assertThatThrownBy(() -> SafeValues.mirror(URI.create(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static List<String> concat(List<String> a, String b) {
        var out = new java.util.ArrayList<>(a);
        out.add(b);
        return out;
    }
}
