package dev.kafkachatops.domain.version;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A level of the KRaft feature {@code metadata.version}: its release name ({@code 3.9-IV0}) and the numeric feature
 * level that {@code updateFeatures} sets ({@code 21}).
 */
public record MetadataLevel(String name, int level) implements Comparable<MetadataLevel> {
    public static final String FEATURE = "metadata.version";
    private static final Pattern NAME = Pattern.compile("\\d{1,4}\\.\\d{1,4}-IV\\d{1,3}");

    public MetadataLevel {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("\"" + name + "\" is not a metadata.version name (e.g. 3.9-IV0)");
        }
        if (level < 1) throw new IllegalArgumentException("metadata.version level must be >= 1: " + level);
    }

    /** The release line the name starts with: 3.9 for 3.9-IV0. */
    public MinorVersion line() {
        return MinorVersion.ofProtocol(name).orElseThrow();
    }

    @Override
    public int compareTo(MetadataLevel o) {
        return Integer.compare(level, o.level);
    }

    /** "3.9-IV0 (level 21)" */
    @Override
    public String toString() {
        return name + " (level " + level + ")";
    }
}
