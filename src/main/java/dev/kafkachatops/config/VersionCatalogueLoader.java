package dev.kafkachatops.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kafkachatops.domain.MetadataVersions;
import dev.kafkachatops.domain.version.ConfigRule;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.domain.version.MetadataLevel;
import dev.kafkachatops.domain.version.MinorVersion;
import dev.kafkachatops.domain.version.ReleaseLine;
import dev.kafkachatops.domain.version.ReleaseLine.KraftSupport;
import dev.kafkachatops.domain.version.ReleaseLine.MessageFormat;
import dev.kafkachatops.domain.version.VersionCatalogue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the version catalogue ({@code config/versions.yaml}, packaged as the classpath resource
 * {@link #RESOURCE}) and reports every problem at once as {@code versions.yaml: releases[3].version: ...}.
 * Metadata levels are checked against {@link MetadataVersions} where this build knows the level.
 */
public final class VersionCatalogueLoader {
    public static final String RESOURCE = "/dev/kafkachatops/versions.yaml";
    private static final Set<String> LINE_KEYS = Set.of("version", "patches", "interBrokerProtocol", "messageFormat",
            "zookeeper", "kraft", "metadataVersion", "metadataLevel", "requiresMetadataLevel", "java", "upgradeNotes", "renamed", "removed", "clientMin");

    private VersionCatalogueLoader() {
    }

    /** The catalogue shipped inside the jar. */
    public static VersionCatalogue loadDefault() throws ConfigException {
        try (InputStream in = VersionCatalogueLoader.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new ConfigException(List.of("versions.yaml: not on the classpath at " + RESOURCE));
            return parse("versions.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException(List.of("versions.yaml: cannot read: " + e.getMessage()));
        }
    }

    public static VersionCatalogue load(Path file) throws ConfigException {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": file not found"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
    }

    /** {@code label} names the source in messages (a file name). */
    public static VersionCatalogue parse(String label, String yaml) throws ConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new ConfigException(List.of(label + ": " + where + "not valid YAML: " + e.getOriginalMessage()));
        }
        var problems = new YamlNode.Problems(label);
        var top = new YamlNode(root, "", problems);
        if (!top.expectObject()) {
            if (top.isMissing()) problems.add("", "the file is empty (expected `releases:`)");
            throw new ConfigException(problems.list());
        }
        top.allowOnly(Set.of("releases", "zookeeperMigrationGuide"));
        URI guide = url(top.get("zookeeperMigrationGuide")).orElse(null);
        List<ReleaseLine> lines = lines(top.get("releases"));
        if (!problems.list().isEmpty()) throw new ConfigException(problems.list());
        try {
            return new VersionCatalogue(lines, guide);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(List.of(label + ": releases: " + e.getMessage()));
        }
    }

    private static List<ReleaseLine> lines(YamlNode n) {
        if (n.isMissing()) {
            n.problem("is required: the release lines, e.g. - version: \"3.9\"");
            return List.of();
        }
        List<ReleaseLine> out = new ArrayList<>();
        List<YamlNode> entries = n.list();
        MinorVersion previous = null;
        for (YamlNode l : entries) {
            ReleaseLine line = line(l);
            if (line == null) continue;
            if (previous != null && line.version().compareTo(previous) <= 0) {
                l.get("version").problem(line.version() + " must come after " + previous + " (ascending, no repeats)");
            }
            previous = line.version();
            out.add(line);
        }
        if (entries.isEmpty()) n.problem("must list at least one release line");
        return out;
    }

    private static ReleaseLine line(YamlNode l) {
        if (!l.expectObject()) return null;
        l.allowOnly(LINE_KEYS);
        MinorVersion version = required(l.get("version")) ? l.get("version").parsed(MinorVersion::parse).orElse(null)
                : null;
        List<KafkaVersion> patches = patches(l.get("patches"), version);
        Optional<String> ibp = l.get("interBrokerProtocol").parsed(s -> protocol(s, version));
        MessageFormat format = l.get("messageFormat").parsed(s -> enumValue(MessageFormat.class, s)).orElse(null);
        if (format == null) required(l.get("messageFormat"));
        boolean zookeeper = l.get("zookeeper").bool().orElse(false);
        if (l.get("zookeeper").isMissing()) l.get("zookeeper").problem("is required (true or false)");
        KraftSupport kraft = l.get("kraft").parsed(s -> enumValue(KraftSupport.class, s)).orElse(null);
        if (kraft == null) required(l.get("kraft"));
        Optional<MetadataLevel> mv = metadata(l, version, kraft);
        OptionalInt requires = l.get("requiresMetadataLevel").integer(1, 10_000)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
        int java = l.get("java").integer(8, 99).orElse(0);
        if (l.get("java").isMissing()) l.get("java").problem("is required: the oldest Java the brokers run on");
        Optional<URI> notes = url(l.get("upgradeNotes"));
        boolean badProtocol = ibp.isEmpty() && !l.get("interBrokerProtocol").isMissing();
        if (zookeeper && l.get("interBrokerProtocol").isMissing()) {
            l.get("interBrokerProtocol").problem("is required for a line that runs on ZooKeeper");
            badProtocol = true;
        }
        if (version == null || patches.isEmpty() || format == null || kraft == null || java == 0 || notes.isEmpty()
                || badProtocol) {
            return null;
        }
        try {
            return new ReleaseLine(version, patches, ibp, format, zookeeper, kraft, mv, requires, java, notes.get(),
                    configRules(l), l.get("clientMin").parsed(s -> MinorVersion.parse(s).toString()));
        } catch (IllegalArgumentException e) {
            l.problem(e.getMessage());
            return null;
        }
    }

    /** {@code renamed: {old.key: [new.key, ...]}} and {@code removed: [key, ...]}. */
    private static List<ConfigRule> configRules(YamlNode l) {
        List<ConfigRule> out = new ArrayList<>();
        for (var e : l.get("renamed").entries()) {
            try {
                out.add(new ConfigRule(e.getKey(), e.getValue().stringList()));
            } catch (IllegalArgumentException ex) {
                e.getValue().problem(ex.getMessage());
            }
        }
        for (YamlNode r : l.get("removed").list()) {
            r.parsed(s -> new ConfigRule(s, List.of())).ifPresent(out::add);
        }
        if (out.stream().map(ConfigRule::key).distinct().count() != out.size()) {
            l.get("removed").problem("a key is both renamed and removed, or listed twice");
        }
        return out;
    }

    private static List<KafkaVersion> patches(YamlNode n, MinorVersion version) {
        if (!required(n)) return List.of();
        List<KafkaVersion> out = new ArrayList<>();
        List<YamlNode> entries = n.list();
        for (YamlNode p : entries) {
            Optional<KafkaVersion> v = p.parsed(s -> KafkaVersion.tryParse(s).orElseThrow(() ->
                    new IllegalArgumentException("\"" + s + "\" is not a version (expected MAJOR.MINOR.PATCH, e.g. 3.9.1)")));
            if (v.isEmpty()) continue;
            if (version != null && !version.contains(v.get())) {
                p.problem(v.get() + " is not a " + version + " release");
            } else if (!out.isEmpty() && !v.get().isNewerThan(out.get(out.size() - 1))) {
                p.problem(v.get() + " must come after " + out.get(out.size() - 1) + " (ascending, no repeats)");
            } else {
                out.add(v.get());
            }
        }
        if (entries.isEmpty()) n.problem("must list at least one patch release");
        return out;
    }

    private static String protocol(String s, MinorVersion version) {
        MinorVersion p = MinorVersion.parse(s);
        if (version != null && !p.equals(version)) {
            throw new IllegalArgumentException("\"" + s + "\" does not match the line " + version);
        }
        return p.toString();
    }

    private static Optional<MetadataLevel> metadata(YamlNode l, MinorVersion version, KraftSupport kraft) {
        YamlNode nameNode = l.get("metadataVersion");
        YamlNode levelNode = l.get("metadataLevel");
        Optional<String> name = nameNode.string();
        Optional<Integer> level = levelNode.integer(1, 10_000);
        if (name.isEmpty() && levelNode.isMissing()) {
            if (kraft == KraftSupport.PRODUCTION || kraft == KraftSupport.ONLY) {
                nameNode.problem("is required for a line with production KRaft (e.g. 3.9-IV0, with metadataLevel)");
            }
            return Optional.empty();
        }
        if (name.isEmpty() || level.isEmpty()) {
            (name.isEmpty() ? nameNode : levelNode).problem("is required with "
                    + (name.isEmpty() ? "metadataLevel" : "metadataVersion"));
            return Optional.empty();
        }
        MetadataLevel mv;
        try {
            mv = new MetadataLevel(name.get(), level.get());
        } catch (IllegalArgumentException e) {
            nameNode.problem(e.getMessage());
            return Optional.empty();
        }
        if (version != null && !mv.line().equals(version)) {
            nameNode.problem(mv.name() + " does not belong to the line " + version);
        }
        Optional<String> known = MetadataVersions.name(mv.level());
        if (known.isPresent() && !known.get().equals(mv.name())) {
            levelNode.problem("level " + mv.level() + " is " + known.get() + " in Kafka, not " + mv.name());
        }
        return Optional.of(mv);
    }

    private static Optional<URI> url(YamlNode n) {
        if (n.isMissing()) {
            n.problem("is required (an https:// address)");
            return Optional.empty();
        }
        return n.parsed(s -> {
            if (!s.startsWith("https://") && !s.startsWith("http://")) {
                throw new IllegalArgumentException("\"" + s + "\" is not an http(s) address");
            }
            return URI.create(s);
        });
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String s) {
        try {
            return Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> names = Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
            throw new IllegalArgumentException("must be one of " + String.join(", ", names) + ", got \"" + s + "\"");
        }
    }

    private static boolean required(YamlNode n) {
        if (n.isMissing()) {
            n.problem("is required");
            return false;
        }
        return true;
    }
}
