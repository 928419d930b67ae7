package dev.kafkachatops.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kafkachatops.command.Values;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates the YAML configuration. Every problem is reported with the file and the key path, all at
 * once. Values of the form {@code ${env:NAME}} are taken from the environment; values of client properties that
 * hold secrets (passwords, JAAS configs, tokens) must be written that way and never literally.
 */
public final class ConfigLoader {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._\\[\\]:-]+:\\d{1,5}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern REACTION = Pattern.compile("[a-z0-9_+'-]{1,64}");

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
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
            throw new ConfigException(List.of(file + ": " + where + "not valid YAML: " + e.getOriginalMessage()));
        }
        var problems = new YamlNode.Problems(file.toString());
        var top = new YamlNode(root, "", problems);
        if (top.isMissing()) {
            throw new ConfigException(List.of(file + ": the file is empty (expected at least `clusters:`)"));
        }
        if (!top.expectObject()) throw new ConfigException(problems.list());
        top.allowOnly(Set.of("slack", "clusters", "defaultCluster", "storage"));
        BotConfig.Slack slack = slack(top.get("slack"));
        List<BotConfig.Cluster> clusters = clusters(top.get("clusters"));
        Optional<String> defaultCluster = top.get("defaultCluster").string();
        defaultCluster.ifPresent(d -> {
            if (clusters.stream().noneMatch(c -> c.name().equals(d))) {
                top.get("defaultCluster").problem("names no cluster defined under clusters: `" + d + "`");
            }
        });
        BotConfig.Storage storage = storage(top.get("storage"));
        if (!problems.list().isEmpty()) throw new ConfigException(problems.list());
        return new BotConfig(file, slack, clusters, defaultCluster, storage);
    }

    private BotConfig.Slack slack(YamlNode n) {
        n.expectObject();
        n.allowOnly(Set.of("mode", "command", "concurrency", "httpPort", "httpPath", "apiUrl"));
        var mode = n.get("mode").parsed(s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "socket" -> BotConfig.SlackMode.SOCKET;
            case "http" -> BotConfig.SlackMode.HTTP;
            default -> throw new IllegalArgumentException("must be `socket` or `http`, got `" + s + "`");
        }).orElse(BotConfig.SlackMode.SOCKET);
        String command = n.get("command").parsed(s -> {
            if (!s.matches("/[a-z0-9_-]{1,31}")) throw new IllegalArgumentException("must look like /kafka");
            return s;
        }).orElse("/kafka");
        int concurrency = n.get("concurrency").integer(1, 64).orElse(10);
        int port = n.get("httpPort").integer(1, 65535).orElse(3000);
        String path = n.get("httpPath").parsed(s -> {
            if (!s.startsWith("/")) throw new IllegalArgumentException("must start with /");
            return s;
        }).orElse("/slack/events");
        Optional<String> apiUrl = n.get("apiUrl").parsed(s -> {
            if (!s.matches("https?://.+/")) throw new IllegalArgumentException("must be an http(s) URL ending in /");
            return s;
        });
        return new BotConfig.Slack(mode, command, concurrency, port, path, apiUrl);
    }

    private BotConfig.Storage storage(YamlNode n) {
        n.expectObject();
        n.allowOnly(Set.of("jdbcUrl", "user", "dataDir"));
        Path dataDir = n.get("dataDir").parsed(Path::of).orElse(Path.of("data"));
        // Default: an embedded H2 file database in the data folder (nothing to install).
        String url = n.get("jdbcUrl").parsed(s -> {
            if (!s.startsWith("jdbc:h2:") && !s.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("must be a jdbc:h2: or jdbc:postgresql: URL");
            }
            return s;
        }).orElse("jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("kafka-chatops"));
        return new BotConfig.Storage(url, n.get("user").string(), dataDir);
    }

    private List<BotConfig.Cluster> clusters(YamlNode n) {
        if (n.isMissing()) {
            n.problem("is required: list at least one cluster (name, bootstrapServers, channels)");
            return List.of();
        }
        List<BotConfig.Cluster> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlNode c : n.list()) {
            BotConfig.Cluster cluster = cluster(c);
            if (cluster == null) continue;
            if (!names.add(cluster.name())) c.get("name").problem("duplicate cluster name `" + cluster.name() + "`");
            out.add(cluster);
        }
        if (out.isEmpty() && n.list().isEmpty()) n.problem("must list at least one cluster");
        return out;
    }

    private BotConfig.Cluster cluster(YamlNode c) {
        if (!c.expectObject()) return null;
        c.allowOnly(Set.of("name", "bootstrapServers", "clientProperties", "channels", "approvals", "windows",
                "freezes", "hosts", "upgrade"));
        String name = c.get("name").requiredString();
        if (name != null && !NAME.matcher(name).matches()) {
            c.get("name").problem("must be letters, digits, . _ - (got `" + name + "`)");
        }
        String bootstrap = c.get("bootstrapServers").requiredString();
        if (bootstrap != null) {
            for (String hp : bootstrap.split(",")) {
                if (!HOST_PORT.matcher(hp.trim()).matches()) {
                    c.get("bootstrapServers").problem("must be host:port[,host:port...], got `" + bootstrap + "`");
                    break;
                }
            }
        }
        Map<String, String> props = clientProperties(c.get("clientProperties"));
        List<String> channels = c.get("channels").stringList();
        if (channels.isEmpty()) {
            c.get("channels").problem("is required: the Slack channels (ids like C0123 or names) that may operate "
                    + "this cluster, or [\"*\"] for any");
        }
        return new BotConfig.Cluster(name == null ? "?" : name, bootstrap == null ? "" : bootstrap.trim(), props,
                channels, approvals(c.get("approvals")), windows(c.get("windows")), freezes(c.get("freezes")),
                HostsSection.read(c.get("hosts")), HostsSection.mirror(c.get("hosts")), upgradeGates(c.get("upgrade")));
    }

    /** {@code upgrade: {safetyTimeout: 5m, healthTimeout: 10m, poll: 250ms}}, each optional. */
    private static BotConfig.UpgradeGates upgradeGates(YamlNode n) {
        BotConfig.UpgradeGates d = BotConfig.UpgradeGates.DEFAULTS;
        if (n.isMissing() || !n.expectObject()) return d;
        n.allowOnly(Set.of("safetyTimeout", "healthTimeout", "poll"));
        Duration safety = positive(n.get("safetyTimeout")).orElse(d.safetyTimeout());
        Duration health = positive(n.get("healthTimeout")).orElse(d.healthTimeout());
        Duration poll = positive(n.get("poll")).orElse(d.poll());
        if (poll.compareTo(Duration.ofSeconds(30)) > 0) n.get("poll").problem("must be at most 30s (got " + poll + ")");
        return new BotConfig.UpgradeGates(safety, health, poll);
    }

    private static Optional<Duration> positive(YamlNode n) {
        Optional<Duration> d = n.parsed(Values::duration);
        if (d.isPresent() && (d.get().isZero() || d.get().isNegative())) {
            n.problem("must be more than 0");
            return Optional.empty();
        }
        return d;
    }

    private Map<String, String> clientProperties(YamlNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : n.entries()) {
            String key = e.getKey();
            Optional<String> raw = e.getValue().string();
            if (raw.isEmpty()) continue;
            String value = raw.get();
            boolean hasRef = ENV_REF.matcher(value).find();
            if (isSecretKey(key) && !hasRef) {
                e.getValue().problem("holds a secret and must not be written in the file: use ${env:VARIABLE}");
                continue;
            }
            resolveEnv(e.getValue(), value).ifPresent(v -> out.put(key, v));
        }
        return out;
    }

    private Optional<String> resolveEnv(YamlNode n, String value) {
        Matcher m = ENV_REF.matcher(value);
        StringBuilder sb = new StringBuilder();
        boolean ok = true;
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) {
                n.problem("environment variable " + m.group(1) + " is not set");
                ok = false;
                v = "";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return ok ? Optional.of(sb.toString()) : Optional.empty();
    }

    /** Client property keys whose values are credentials. */
    public static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas.config") || k.contains("secret") || k.contains("token")
                || k.endsWith("keystore.key") || k.endsWith("credentials");
    }

    private BotConfig.Approvals approvals(YamlNode n) {
        n.expectObject();
        n.allowOnly(Set.of("users", "groups", "required", "allowSelfApproval", "reaction", "rejectReaction",
                "expiry"));
        List<String> users = n.get("users").stringList();
        for (String u : users) {
            if (!u.matches("[UW][A-Z0-9]{2,20}") && !NAME.matcher(u).matches()) {
                n.get("users").problem("`" + u + "` is not a Slack user id (U...) or user name");
            }
        }
        List<String> groups = n.get("groups").stringList();
        int required = n.get("required").integer(1, 10).orElse(1);
        boolean self = n.get("allowSelfApproval").bool().orElse(false);
        String approve = reaction(n.get("reaction"), "white_check_mark");
        String reject = reaction(n.get("rejectReaction"), "x");
        if (approve.equals(reject)) n.get("rejectReaction").problem("must differ from reaction");
        Duration expiry = n.get("expiry").parsed(Values::duration).orElse(Duration.ofHours(24));
        return new BotConfig.Approvals(users, groups, required, self, approve, reject, expiry);
    }

    private static String reaction(YamlNode n, String def) {
        return n.parsed(s -> {
            String name = s.replace(":", "");
            if (!REACTION.matcher(name).matches()) throw new IllegalArgumentException("not an emoji name: `" + s + "`");
            return name;
        }).orElse(def);
    }

    private List<BotConfig.Window> windows(YamlNode n) {
        List<BotConfig.Window> out = new ArrayList<>();
        for (YamlNode w : n.list()) {
            if (!w.expectObject()) continue;
            w.allowOnly(Set.of("cron", "duration", "timezone"));
            String cron = w.get("cron").requiredString();
            if (cron != null) {
                int fields = cron.trim().split("\\s+").length;
                if (fields < 6 || fields > 7) {
                    w.get("cron").problem("must be a Quartz cron expression with 6 or 7 fields (sec min hour "
                            + "day-of-month month day-of-week [year]), got " + fields + " fields");
                }
            }
            Duration d = w.get("duration").parsed(Values::duration).orElse(null);
            if (d == null && w.get("duration").isMissing()) w.get("duration").problem("is required, e.g. 3h");
            String tz = w.get("timezone").parsed(s -> {
                ZoneId.of(s);
                return s;
            }).orElse("UTC");
            if (cron != null && d != null) out.add(new BotConfig.Window(cron.trim(), d, tz));
        }
        return out;
    }

    private List<BotConfig.Freeze> freezes(YamlNode n) {
        List<BotConfig.Freeze> out = new ArrayList<>();
        for (YamlNode f : n.list()) {
            if (!f.expectObject()) continue;
            f.allowOnly(Set.of("from", "to", "reason"));
            Instant from = f.get("from").parsed(ConfigLoader::instant).orElse(null);
            Instant to = f.get("to").parsed(ConfigLoader::instant).orElse(null);
            if (from == null && f.get("from").isMissing()) f.get("from").problem("is required");
            if (to == null && f.get("to").isMissing()) f.get("to").problem("is required");
            if (from != null && to != null) {
                if (!to.isAfter(from)) f.get("to").problem("must be after from");
                else out.add(new BotConfig.Freeze(from, to, f.get("reason").string().orElse("")));
            }
        }
        return out;
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("must be an ISO-8601 instant like 2026-12-20T00:00:00Z, got `" + s + "`");
        }
    }
}
