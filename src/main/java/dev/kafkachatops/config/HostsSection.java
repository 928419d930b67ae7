package dev.kafkachatops.config;

import dev.kafkachatops.command.Values;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.net.URI;

/**
 * Reads {@code clusters[].hosts}: {@code defaults} that every entry of {@code brokers} (broker id -> settings)
 * inherits and may override. Problems are reported at the key where the value was written.
 */
final class HostsSection {
    static final Set<String> KEYS = Set.of("host", "driver", "port", "sshUser", "sshKey", "knownHosts", "root",
            "installBase", "link", "configFile", "scalaVersion", "service", "stopCommand", "startCommand",
            "statusCommand", "commandTimeout", "stopTimeout", "startTimeout", "javaHome", "jmxPort");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,253}");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    /** Absolute, plain characters only: these paths end up in shell commands (quoted, but still). */
    static final Pattern ABSOLUTE_PATH = Pattern.compile("/|(/[A-Za-z0-9._+-]+)+/?");
    private static final Pattern RELATIVE_PATH = Pattern.compile("[A-Za-z0-9._+-]+(/[A-Za-z0-9._+-]+)*");
    private static final Pattern LINK = Pattern.compile("[A-Za-z0-9_+][A-Za-z0-9._+-]{0,63}");
    private static final Pattern SCALA = Pattern.compile("\\d+\\.\\d+");

    private HostsSection() {
    }

    static Map<Integer, HostConfig> read(YamlNode n) {
        n.expectObject();
        n.allowOnly(Set.of("defaults", "brokers", "mirror"));
        YamlNode d = n.get("defaults");
        d.expectObject();
        d.allowOnly(KEYS);
        Map<Integer, HostConfig> out = new TreeMap<>();
        for (Map.Entry<String, YamlNode> e : n.get("brokers").entries()) {
            YamlNode b = e.getValue();
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                b.problem("broker ids must be numbers");
                continue;
            }
            b.expectObject();
            b.allowOnly(KEYS);
            HostConfig host = host(b, d);
            if (host != null) out.put(id, host);
        }
        return out;
    }

    /**
     * {@code hosts.mirror}: where an upgrade downloads a release that is not installed yet
     * ({@code <mirror>/<version>/kafka_<scala>-<version>.tgz} and its {@code .sha512}), e.g.
     * {@code https://archive.apache.org/dist/kafka}; http(s) only.
     */
    static Optional<URI> mirror(YamlNode n) {
        return n.get("mirror").parsed(s -> {
            URI u = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null
                    || u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new IllegalArgumentException("must be an http(s) URL of a Kafka release mirror, e.g. "
                        + "https://archive.apache.org/dist/kafka");
            }
            return u;
        });
    }

    /** The broker's own value when it has one, else the default's (so a problem names the right key). */
    private static YamlNode pick(YamlNode broker, YamlNode defaults, String key) {
        YamlNode own = broker.get(key);
        return own.isMissing() ? defaults.get(key) : own;
    }

    private static HostConfig host(YamlNode b, YamlNode d) {
        var driver = pick(b, d, "driver").parsed(s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "ssh" -> HostDriver.SSH;
            case "local" -> HostDriver.LOCAL;
            default -> throw new IllegalArgumentException("must be `ssh` or `local`, got `" + s + "`");
        }).orElse(HostDriver.SSH);
        boolean ssh = driver == HostDriver.SSH;
        YamlNode hostNode = b.get("host");
        String host = ssh ? hostNode.requiredString() : hostNode.string().orElse("localhost");
        if (host != null && !HOST.matcher(host).matches()) hostNode.problem("not a host name or address: `" + host + "`");
        int port = pick(b, d, "port").integer(1, 65535).orElse(22);
        YamlNode userNode = pick(b, d, "sshUser");
        String user = userNode.string().orElse("kafka");
        if (!USER.matcher(user).matches()) userNode.problem("not a valid user name: `" + user + "`");
        YamlNode keyNode = pick(b, d, "sshKey");
        Optional<String> key = keyNode.parsed(s -> expandHome(s).toString());
        if (ssh && key.isEmpty() && keyNode.isMissing()) {
            b.get("sshKey").problem("is required for driver ssh: the private key file the bot logs in with "
                    + "(e.g. /etc/kafka-chatops/id_ed25519)");
        }
        Path knownHosts = pick(b, d, "knownHosts").parsed(HostsSection::expandHome)
                .orElse(HostService.defaultKnownHosts());
        YamlNode rootNode = pick(b, d, "root");
        Path root = rootNode.parsed(s -> Path.of(absolute(s))).orElse(Path.of("/"));
        if (ssh && !rootNode.isMissing()) rootNode.problem("only applies to driver: local");
        String base = pick(b, d, "installBase").parsed(HostsSection::absolute).orElse("/usr/local");
        String link = pick(b, d, "link").parsed(s -> matching(LINK, s, "a plain file name like kafka"))
                .orElse("kafka");
        String cfg = pick(b, d, "configFile").parsed(HostsSection::configPath).orElse("config/server.properties");
        String scala = pick(b, d, "scalaVersion").parsed(s -> matching(SCALA, s, "like 2.13")).orElse("2.13");
        HostService service = service(b, d, ssh);
        Optional<String> javaHome = pick(b, d, "javaHome").parsed(HostsSection::absolute);
        Optional<Integer> jmx = pick(b, d, "jmxPort").integer(1, 65535);
        if (host == null || service == null) return null;
        return new HostConfig(host, driver, port, user, key, knownHosts, root, base, link, cfg, scala, service,
                javaHome, jmx.map(OptionalInt::of).orElse(OptionalInt.empty()));
    }

    private static HostService service(YamlNode b, YamlNode d, boolean ssh) {
        YamlNode kindNode = pick(b, d, "service");
        String kind = kindNode.parsed(s -> {
            if (!HostService.KINDS.contains(s)) {
                throw new IllegalArgumentException("must be one of " + String.join(", ", HostService.KINDS)
                        + ", got `" + s + "`");
            }
            return s;
        }).orElse(ssh ? "scripts" : "process");
        HostService preset = HostService.preset(kind);
        String stop = command(pick(b, d, "stopCommand"), ssh).orElse(preset.stop());
        YamlNode startNode = pick(b, d, "startCommand");
        String start = command(startNode, ssh).orElse(preset.start());
        String status = command(pick(b, d, "statusCommand"), ssh).orElse(preset.status());
        if (ssh && startNode.isMissing() && HostService.placeholders(preset.start()).contains(HostService.LOCAL_ONLY)) {
            kindNode.problem("`" + kind + "` starts the broker with {kafkaCommand}, which needs driver: local; "
                    + "set startCommand or choose scripts or systemd");
            return null;
        }
        Duration command = pick(b, d, "commandTimeout").parsed(Values::duration).orElse(preset.commandTimeout());
        Duration stopT = pick(b, d, "stopTimeout").parsed(Values::duration).orElse(preset.stopTimeout());
        Duration startT = pick(b, d, "startTimeout").parsed(Values::duration).orElse(preset.startTimeout());
        return preset.withCommands(stop, start, status).withTimeouts(command, stopT, startT);
    }

    private static Optional<String> command(YamlNode n, boolean ssh) {
        return n.parsed(s -> {
            String problem = HostService.problem(s);
            if (problem != null) throw new IllegalArgumentException(problem);
            if (ssh && HostService.placeholders(s).contains(HostService.LOCAL_ONLY)) {
                throw new IllegalArgumentException("{" + HostService.LOCAL_ONLY + "} is only available with driver: local");
            }
            return s;
        });
    }

    private static String absolute(String s) {
        if (!ABSOLUTE_PATH.matcher(s).matches() || s.contains("/../") || s.endsWith("/..")) {
            throw new IllegalArgumentException("must be an absolute path of letters, digits and . _ + - (got `" + s + "`)");
        }
        return s.length() > 1 && s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String configPath(String s) {
        if (s.startsWith("/")) return absolute(s);
        if (!RELATIVE_PATH.matcher(s).matches() || s.equals("..") || s.startsWith("../") || s.contains("/../")) {
            throw new IllegalArgumentException("must be a path inside the versioned folder (like config/server.properties)"
                    + " or an absolute path, of letters, digits and . _ + - (got `" + s + "`)");
        }
        return s;
    }

    private static Path expandHome(String s) {
        String p = s.startsWith("~/") ? System.getProperty("user.home") + s.substring(1) : s;
        if (!p.startsWith("/")) throw new IllegalArgumentException("must be an absolute path (or start with ~/), got `" + s + "`");
        return Path.of(p);
    }

    private static String matching(Pattern p, String s, String what) {
        if (!p.matcher(s).matches()) throw new IllegalArgumentException("must be " + what + ", got `" + s + "`");
        return s;
    }
}
