package dev.kafkachatops.domain.version;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A released Kafka version, {@code MAJOR.MINOR.PATCH} (major: incompatible change, minor: compatible features,
 * patch: compatible fixes). Ordered by its three numbers. A bare {@code 3.9} is a {@link MinorVersion}: which patch it
 * means depends on the {@link VersionCatalogue}.
 */
public record KafkaVersion(int major, int minor, int patch) implements Comparable<KafkaVersion> {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})\\.(\\d{1,4})");

    public KafkaVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must be >= 0: " + major + "." + minor + "." + patch);
        }
    }

    /** Parses {@code 3.9.1}; anything else is rejected with a message that says what a version looks like. */
    public static KafkaVersion parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("`" + text
                + "` is not a Kafka version (expected MAJOR.MINOR.PATCH, e.g. 3.9.1)"));
    }

    public static Optional<KafkaVersion> tryParse(String text) {
        if (text == null) return Optional.empty();
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) return Optional.empty();
        return Optional.of(new KafkaVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))));
    }

    public static KafkaVersion of(int major, int minor, int patch) {
        return new KafkaVersion(major, minor, patch);
    }

    /** The minor release line this version belongs to: 3.9 for 3.9.1. */
    public MinorVersion line() {
        return new MinorVersion(major, minor);
    }

    public boolean isOlderThan(KafkaVersion other) {
        return compareTo(other) < 0;
    }

    public boolean isNewerThan(KafkaVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(KafkaVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) c = Integer.compare(minor, o.minor);
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
