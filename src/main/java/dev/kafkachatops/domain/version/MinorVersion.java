package dev.kafkachatops.domain.version;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minor release line, {@code MAJOR.MINOR} (3.9). Also the form of {@code inter.broker.protocol.version} values,
 * whose {@code -IVn} suffix, if any, {@link #ofProtocol(String)} drops.
 */
public record MinorVersion(int major, int minor) implements Comparable<MinorVersion> {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})");
    private static final Pattern PROTOCOL = Pattern.compile("(\\d{1,4})\\.(\\d{1,4})(?:\\.\\d{1,4})?(?:-IV\\d+)?");

    public MinorVersion {
        if (major < 0 || minor < 0) throw new IllegalArgumentException("version numbers must be >= 0");
    }

    public static Optional<MinorVersion> tryParse(String text) {
        return match(TEXT, text);
    }

    /** Parses {@code 3.9}; the message says what a minor version looks like. */
    public static MinorVersion parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException("\"" + text
                + "\" is not a version (expected MAJOR.MINOR, e.g. \"3.9\")"));
    }

    /** The line a protocol or format version names: {@code 2.8}, {@code 2.8-IV1}, {@code 3.9-IV0}, {@code 0.10.2}. */
    public static Optional<MinorVersion> ofProtocol(String text) {
        return match(PROTOCOL, text);
    }

    private static Optional<MinorVersion> match(Pattern p, String text) {
        if (text == null) return Optional.empty();
        Matcher m = p.matcher(text.trim());
        if (!m.matches()) return Optional.empty();
        return Optional.of(new MinorVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    /** "39" for 3.9: the form used in the addresses of Kafka's versioned documentation. */
    public String compact() {
        return major + "" + minor;
    }

    public boolean contains(KafkaVersion v) {
        return v.major() == major && v.minor() == minor;
    }

    @Override
    public int compareTo(MinorVersion o) {
        int c = Integer.compare(major, o.major);
        return c != 0 ? c : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
