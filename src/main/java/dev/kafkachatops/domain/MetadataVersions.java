package dev.kafkachatops.domain;

import java.util.Map;
import java.util.Optional;

/**
 * Feature levels of {@code metadata.version} and their release names, as Kafka's
 * {@code MetadataVersion} enum defines them (checked against the server jar by a unit test).
 */
public final class MetadataVersions {
    private static final Map<Integer, String> BY_LEVEL = Map.ofEntries(
            Map.entry(1, "3.0-IV1"), Map.entry(2, "3.1-IV0"), Map.entry(3, "3.2-IV0"), Map.entry(4, "3.3-IV0"),
            Map.entry(5, "3.3-IV1"), Map.entry(6, "3.3-IV2"), Map.entry(7, "3.3-IV3"), Map.entry(8, "3.4-IV0"),
            Map.entry(9, "3.5-IV0"), Map.entry(10, "3.5-IV1"), Map.entry(11, "3.5-IV2"), Map.entry(12, "3.6-IV0"),
            Map.entry(13, "3.6-IV1"), Map.entry(14, "3.6-IV2"), Map.entry(15, "3.7-IV0"), Map.entry(16, "3.7-IV1"),
            Map.entry(17, "3.7-IV2"), Map.entry(18, "3.7-IV3"), Map.entry(19, "3.7-IV4"), Map.entry(20, "3.8-IV0"),
            Map.entry(21, "3.9-IV0"), Map.entry(22, "4.0-IV0"), Map.entry(23, "4.0-IV1"), Map.entry(24, "4.0-IV2"),
            Map.entry(25, "4.0-IV3"), Map.entry(26, "4.1-IV0"), Map.entry(27, "4.1-IV1"));

    private MetadataVersions() {
    }

    public static Optional<String> name(int level) {
        return Optional.ofNullable(BY_LEVEL.get(level));
    }

    /** "3.9-IV0 (level 21)", or "level 42" for a level newer than this build knows. */
    public static String describe(int level) {
        return name(level).map(n -> n + " (level " + level + ")").orElse("level " + level);
    }
}
