package dev.kafkachatops.arch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Small units: no main source file over {@value #MAX_LINES} lines (STYLE.md; the issue "One operation model"). */
class SourceSizeTest {
    static final int MAX_LINES = 300;

    @Test
    void noMainSourceFileIsOverTheCeiling() throws IOException {
        Path main = Path.of("src/main/java");
        assertThat(main).as("run from the project folder").isDirectory();
        List<String> over;
        try (Stream<Path> files = Files.walk(main)) {
            over = files.filter(p -> p.toString().endsWith(".java")).map(p -> p + " " + lines(p))
                    .filter(s -> Integer.parseInt(s.substring(s.lastIndexOf(' ') + 1)) > MAX_LINES).sorted().toList();
        }
        assertThat(over).as("files over " + MAX_LINES + " lines").isEmpty();
    }

    private static long lines(Path p) {
        try (Stream<String> s = Files.lines(p)) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
