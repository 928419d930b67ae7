package dev.kafkachatops.domain.version;

import dev.kafkachatops.domain.MetadataVersions;

import java.net.URI;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Kafka releases the upgrade planner knows (loaded from {@code config/versions.yaml}), in ascending order, and
 * the one hard rule that is not per line: where ZooKeeper clusters learn to migrate to KRaft, which the bot does not
 * automate. Answers which exact release a request such as {@code 3.9} means, and which line is the latest of a major.
 */
public record VersionCatalogue(List<ReleaseLine> lines, URI zookeeperMigrationGuide) {

    public VersionCatalogue {
        lines = List.copyOf(lines);
        Objects.requireNonNull(zookeeperMigrationGuide, "zookeeperMigrationGuide");
        if (lines.isEmpty()) throw new IllegalArgumentException("the catalogue lists no release");
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).version().compareTo(lines.get(i - 1).version()) <= 0) {
                throw new IllegalArgumentException("release lines must be ascending without repeats: "
                        + lines.get(i - 1).version() + " then " + lines.get(i).version());
            }
        }
    }

    public Optional<ReleaseLine> line(MinorVersion version) {
        return lines.stream().filter(l -> l.version().equals(version)).findFirst();
    }

    /** The line of a version the catalogue knows; empty for an unknown patch (e.g. 3.9.7) too. */
    public Optional<ReleaseLine> lineOf(KafkaVersion v) {
        return line(v.line()).filter(l -> l.contains(v));
    }

    public boolean knows(KafkaVersion v) {
        return lineOf(v).isPresent();
    }

    /**
     * The release a request names: {@code 3.9.1} exactly, or {@code 3.9} meaning the latest 3.9 patch. Empty when
     * the catalogue does not know it (or the text is no version at all).
     */
    public Optional<KafkaVersion> resolve(String request) {
        Optional<KafkaVersion> exact = KafkaVersion.tryParse(request);
        if (exact.isPresent()) return exact.filter(this::knows);
        return MinorVersion.tryParse(request).flatMap(this::line).map(ReleaseLine::latestPatch);
    }

    /** The newest line of a major version (3.9 for 3): the bridge every major step starts from. */
    public Optional<ReleaseLine> latestLineOf(int major) {
        return lines.stream().filter(l -> l.version().major() == major)
                .max(Comparator.comparing(ReleaseLine::version));
    }

    /** The lines an upgrade from {@code from} to {@code to} enters: newer than {@code from}'s, up to {@code to}'s. */
    public List<ReleaseLine> crossed(KafkaVersion from, KafkaVersion to) {
        return lines.stream().filter(l -> l.version().compareTo(from.line()) > 0 && l.version().compareTo(to.line()) <= 0)
                .toList();
    }

    /** The config keys renamed or removed by the lines {@link #crossed}, the earliest line's rule first. */
    public List<ConfigRule> configRules(KafkaVersion from, KafkaVersion to) {
        var seen = new HashSet<String>();
        return crossed(from, to).stream().flatMap(l -> l.configRules().stream()).filter(r -> seen.add(r.key()))
                .toList();
    }

    /** Every release, ascending. */
    public List<KafkaVersion> versions() {
        return lines.stream().flatMap(l -> l.patches().stream()).toList();
    }

    /**
     * "3.9-IV0 (level 21)": the name from Kafka's table where this build knows it, else from a line that finalizes
     * to it (levels newer than the build's Kafka), else "level 42".
     */
    public String describeMetadataLevel(int level) {
        if (MetadataVersions.name(level).isPresent()) return MetadataVersions.describe(level);
        return lines.stream().map(ReleaseLine::metadataVersion).flatMap(Optional::stream)
                .filter(mv -> mv.level() == level).findFirst().map(MetadataLevel::toString)
                .orElse(MetadataVersions.describe(level));
    }

    /** "2.0.0-2.0.1, 2.1.0-2.1.1, ..., 4.4.0": the valid versions in one compact line. */
    public String known() {
        return lines.stream().map(ReleaseLine::patchRange).collect(Collectors.joining(", "));
    }
}
