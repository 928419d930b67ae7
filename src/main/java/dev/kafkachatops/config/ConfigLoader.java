package dev.kafkachatops.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates the YAML configuration. Every problem is reported with the file and the key path, all at
 * once. Values of the form {@code ${env:NAME}} are taken from the environment; values of client properties that
 * hold secrets (passwords, JAAS configs, tokens) must be written that way and never literally.
 */
public final class ConfigLoader {
    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static ConfigLoader fromEnvironment() {
        return new ConfigLoader(System.getenv());
    }

    public BotConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": file not found"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(file, text);
    }

    public BotConfig parse(Path file, String yaml) throws ConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
                    .readTree(yaml);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            // SnakeYAML's message spans lines, quoting the input indented: keep its own unindented lines, in one
            String why = String.join(": ", e.getOriginalMessage().lines()
                    .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0))).map(String::strip).toList());
            throw new ConfigException(List.of(file + ": " + where + "not valid YAML: " + why));
        }
        var problems = new YamlNode.Problems(file.toString());
        var top = new YamlNode(root, "", problems);
        if (top.isMissing()) {
            throw new ConfigException(List.of(file + ": the file is empty (expected at least `clusters:`)"));
        }
        if (!top.expectObject()) throw new ConfigException(problems.list());
        top.allowOnly(Set.of("slack", "clusters", "defaultCluster", "storage", "metrics"));
        BotConfig.Slack slack = SlackSection.read(top.get("slack"));
        List<BotConfig.Cluster> clusters = new ClusterSection(env).clusters(top.get("clusters"));
        Optional<String> defaultCluster = top.get("defaultCluster").string();
        defaultCluster.ifPresent(d -> {
            if (clusters.stream().noneMatch(c -> c.name().equals(d))) {
                top.get("defaultCluster").problem("names no cluster defined under clusters: `" + d + "`");
            }
        });
        BotConfig.Storage storage = StorageSection.read(top.get("storage"));
        BotConfig.Metrics metrics = readMetrics(top.get("metrics"));
        if (!problems.list().isEmpty()) throw new ConfigException(problems.list());
        return new BotConfig(file, slack, clusters, defaultCluster, storage, metrics);
    }

    /** {@code metrics: { port: 9404, address: 0.0.0.0 }}: the Socket Mode listener of /metrics, /healthz, /readyz. */
    private static BotConfig.Metrics readMetrics(YamlNode n) {
        if (n.isMissing()) return BotConfig.Metrics.NONE;
        n.expectObject();
        n.allowOnly(Set.of("port", "address"));
        Optional<Integer> port = n.get("port").integer(0, 65535);
        String address = n.get("address").parsed(s -> {
            if (!s.matches("[0-9A-Za-z.:\\[\\]-]+")) throw new IllegalArgumentException("must be a host name or IP address");
            return s;
        }).orElse(BotConfig.Metrics.NONE.address());
        return new BotConfig.Metrics(port, address);
    }

    /** Client property keys whose values are credentials. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas.config") || k.contains("secret") || k.contains("token")
                || k.endsWith("keystore.key") || k.endsWith("credentials");
    }
}
