package dev.kafkachatops.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java that runs (or would run) a broker on its host: the launcher's path and its {@code java -version} line,
 * with the feature release ({@code 1.8.0_392} is 8, {@code 11.0.22} is 11, {@code 21} is 21).
 */
public record JavaRuntime(String path, String version, int major) {
    private static final Pattern VERSION = Pattern.compile("version \"([^\"]+)\"");

    public JavaRuntime {
        Objects.requireNonNull(path, "path");
        if (version == null || version.isBlank()) throw new IllegalArgumentException("a Java version is required");
        if (major < 1) throw new IllegalArgumentException("not a Java feature release: " + major);
    }

    /** From {@code java -version} output ({@code openjdk version "11.0.22" 2024-01-16}); empty when not Java's. */
    public static Optional<JavaRuntime> parse(String path, String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput == null ? "" : versionOutput);
        if (!m.find()) return Optional.empty();
        String v = m.group(1);
        return major(v).map(major -> new JavaRuntime(path, v, major));
    }

    /** "11.0.22" -> 11, "1.8.0_392" -> 8, "17" -> 17, "21-ea" -> 21. */
    static Optional<Integer> major(String version) {
        Matcher m = Pattern.compile("^(\\d+)(?:\\.(\\d+))?").matcher(version);
        if (!m.find()) return Optional.empty();
        int first = Integer.parseInt(m.group(1));
        if (first == 1 && m.group(2) != null) return Optional.of(Integer.parseInt(m.group(2)));
        return first < 1 ? Optional.empty() : Optional.of(first);
    }

    /** "Java 11.0.22 (/usr/lib/jvm/java-11/bin/java)" */
    public String describe() {
        return "Java " + version + (path.isBlank() ? "" : " (" + path + ")");
    }
}
