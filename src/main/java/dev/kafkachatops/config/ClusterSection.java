package dev.kafkachatops.config;

import dev.kafkachatops.plan.upgrade.BatchMode;

import dev.kafkachatops.command.Values;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code clusters} list: each cluster's name, bootstrap servers, client properties (with
 * {@code ${env:NAME}} taken from the environment), channels and upgrade gates, and hands the nested sections
 * (approvals and operators, windows, hosts) to their own readers.
 */
final class ClusterSection {
    /** A cluster or user name: letters, digits, . _ - (at most 64). */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, String> env;

    ClusterSection(Map<String, String> env) {
        this.env = env;
    }

    List<BotConfig.Cluster> clusters(YamlNode n) {
        if (n.isMissing()) {
            n.problem("is required: list at least one cluster (name, bootstrapServers, channels)");
            return List.of();
        }
        List<BotConfig.Cluster> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, YamlNode> rehearsals = new LinkedHashMap<>();
        for (YamlNode c : n.list()) {
            BotConfig.Cluster cluster = cluster(c);
            if (cluster == null) continue;
            if (!names.add(cluster.name())) c.get("name").problem("duplicate cluster name `" + cluster.name() + "`");
            if (cluster.stage().rehearsal().isPresent()) rehearsals.putIfAbsent(cluster.name(), c.get("rehearsal"));
            out.add(cluster);
        }
        if (out.isEmpty() && n.list().isEmpty()) n.problem("must list at least one cluster");
        checkRehearsals(out, rehearsals);
        return out;
    }

    /** Each {@code rehearsal} names another defined cluster, and following them never comes back (one line each). */
    private static void checkRehearsals(List<BotConfig.Cluster> clusters, Map<String, YamlNode> nodes) {
        Map<String, String> next = new LinkedHashMap<>();
        clusters.forEach(c -> c.stage().rehearsal().ifPresent(r -> next.putIfAbsent(c.name(), r)));
        Set<String> reported = new HashSet<>();
        for (var e : next.entrySet()) {
            String name = e.getKey();
            String r = e.getValue();
            YamlNode at = nodes.get(name);
            if (r.equals(name)) {
                at.problem("names the cluster itself (`" + r + "`): name another cluster, e.g. a staging one");
            } else if (clusters.stream().noneMatch(c -> c.name().equals(r))) {
                at.problem("names no cluster defined under clusters: `" + r + "`");
            } else {
                List<String> path = new ArrayList<>(List.of(name));
                String cur = r;
                while (cur != null && !path.contains(cur)) {
                    path.add(cur);
                    cur = next.get(cur);
                }
                if (name.equals(cur) && reported.add(String.join(",", new TreeSet<>(path)))) {
                    path.add(cur);
                    at.problem("makes a cycle (" + String.join(" → ", path) + "): a rehearsal cluster must not "
                            + "need rehearsing on the cluster it rehearses");
                }
            }
        }
    }

    private BotConfig.Cluster cluster(YamlNode c) {
        if (!c.expectObject()) return null;
        c.allowOnly(Set.of("name", "bootstrapServers", "clientProperties", "channels", "approvals", "windows",
                "freezes", "hosts", "upgrade", "rebalance", "operators", "environment", "rehearsal"));
        String name = c.get("name").requiredString();
        if (name != null && !NAME.matcher(name).matches()) {
            c.get("name").problem("must be letters, digits, . _ - (got `" + name + "`)");
        }
        String bootstrap = c.get("bootstrapServers").requiredString();
        if (bootstrap != null) {
            try {
                Values.bootstrapServers(bootstrap);
            } catch (IllegalArgumentException e) {
                c.get("bootstrapServers").problem("must be host:port[,host:port...], got `" + bootstrap + "`");
            }
        }
        Map<String, String> props = clientProperties(c.get("clientProperties"));
        List<String> channels = c.get("channels").stringList();
        if (channels.isEmpty()) {
            c.get("channels").problem("is required: the Slack channels (ids like C0123 or names) that may operate "
                    + "this cluster, or [\"*\"] for any");
        }
        return new BotConfig.Cluster(name == null ? "?" : name, bootstrap == null ? "" : bootstrap.trim(), props,
                channels, ApprovalsSection.read(c.get("approvals")), ScheduleSection.windows(c.get("windows")),
                ScheduleSection.freezes(c.get("freezes")), HostsSection.read(c.get("hosts")),
                HostsSection.mirror(c.get("hosts")), upgradeGates(c.get("upgrade")), rebalance(c.get("rebalance")),
                ApprovalsSection.operators(c.get("operators")), stage(c));
    }

    /** {@code environment}, {@code rehearsal}, {@code upgrade.rehearsalMaxAge} and {@code upgrade.allowOffline}. */
    private static BotConfig.Stage stage(YamlNode c) {
        BotConfig.Environment env = BotConfig.Environment.UNSPECIFIED;
        YamlNode e = c.get("environment");
        Optional<String> raw = e.string();
        if (raw.isPresent()) {
            try {
                env = BotConfig.Environment.valueOf(raw.get().strip().toUpperCase(Locale.ROOT));
                if (env == BotConfig.Environment.UNSPECIFIED) throw new IllegalArgumentException();
            } catch (IllegalArgumentException x) {
                e.problem("must be production, staging or development (got `" + raw.get().strip() + "`)");
            }
        }
        Optional<String> rehearsal = c.get("rehearsal").string().map(String::strip);
        YamlNode u = c.get("upgrade");
        Duration maxAge = positive(u.get("rehearsalMaxAge")).orElse(BotConfig.Stage.DEFAULT_MAX_AGE);
        boolean offline = u.get("allowOffline").bool().orElse(false);
        return new BotConfig.Stage(env, rehearsal, maxAge, offline);
    }

    /** {@code rebalance: {maxDiskUse: 85%}} (a percentage, or a share such as 0.85). */
    private static BotConfig.Rebalance rebalance(YamlNode n) {
        if (n.isMissing() || !n.expectObject()) return BotConfig.Rebalance.DEFAULTS;
        n.allowOnly(Set.of("maxDiskUse"));
        YamlNode use = n.get("maxDiskUse");
        Optional<String> raw = use.string();
        if (raw.isEmpty()) return BotConfig.Rebalance.DEFAULTS;
        String v = raw.get().strip();
        try {
            double share = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1).strip()) / 100
                    : Double.parseDouble(v);
            if (share > 0 && share <= 1) return new BotConfig.Rebalance(share);
        } catch (NumberFormatException e) {
            // reported below
        }
        use.problem("must be a percentage above 0% and at most 100%, e.g. 85% (got `" + v + "`)");
        return BotConfig.Rebalance.DEFAULTS;
    }

    /** {@code upgrade: {safetyTimeout: 5m, healthTimeout: 10m, poll: 250ms, batch: one, maxBatch: 20}}, each optional. */
    private static BotConfig.UpgradeGates upgradeGates(YamlNode n) {
        BotConfig.UpgradeGates d = BotConfig.UpgradeGates.DEFAULTS;
        if (n.isMissing() || !n.expectObject()) return d;
        n.allowOnly(Set.of("safetyTimeout", "healthTimeout", "poll", "rehearsalMaxAge", "allowOffline", "batch",
                "maxBatch"));
        Duration safety = positive(n.get("safetyTimeout")).orElse(d.safetyTimeout());
        Duration health = positive(n.get("healthTimeout")).orElse(d.healthTimeout());
        Duration poll = positive(n.get("poll")).orElse(d.poll());
        if (poll.compareTo(Duration.ofSeconds(30)) > 0) n.get("poll").problem("must be at most 30s (got " + poll + ")");
        BatchMode batch = d.batch();
        YamlNode b = n.get("batch");
        Optional<String> raw = b.string().map(String::strip);
        if (raw.isPresent()) {
            Optional<BatchMode> parsed = BatchMode.parse(raw.get());
            if (parsed.isPresent()) batch = parsed.get();
            else b.problem("must be one, rack or auto (got `" + raw.get() + "`)");
        }
        int maxBatch = n.get("maxBatch").integer(1, 10_000).orElse(d.maxBatch());
        return new BotConfig.UpgradeGates(safety, health, poll, batch, maxBatch);
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
            if (ConfigLoader.isSecretKey(key) && !hasRef) {
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
}
