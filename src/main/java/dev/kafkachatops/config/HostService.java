package dev.kafkachatops.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Function;

/**
 * The commands that stop, start and check one broker on its host, as templates. A template is a {@code /bin/sh}
 * command line in which {@code {name}} placeholders are replaced by validated, single-quoted values (a
 * {@code ${name}} stays shell syntax):
 * <ul>
 *   <li>{@code {link}} the symbolic link, e.g. {@code '/usr/local/kafka'};</li>
 *   <li>{@code {config}} the config file through the link, e.g. {@code '/usr/local/kafka/config/server.properties'};</li>
 *   <li>{@code {version}} the linked version, e.g. {@code '3.9.1'};</li>
 *   <li>{@code {installBase}} e.g. {@code '/usr/local'}; {@code {root}} the local driver's root ({@code '/'} over SSH);</li>
 *   <li>{@code {kafkaCommand}} (local driver only) the broker's java command line, built as the sandbox builds it.</li>
 * </ul>
 * The status command exits 0 when the broker process runs and 1 to 3 when it does not (as
 * {@code systemctl is-active} does); any other exit is an error. Start commands must detach the broker and
 * redirect its output (as {@code kafka-server-start.sh -daemon} does).
 *
 * <p>Presets: {@code scripts} (the release's bin scripts; {@code kafka-server-stop.sh} stops every broker of
 * the host, fine with one broker per host), {@code systemd} (unit {@code kafka}, through {@code sudo -n}), and
 * {@code process} (local driver: the sandbox's java command, stopped by matching this node's config file).
 */
public record HostService(String kind, String stop, String start, String status, Duration commandTimeout,
                          Duration stopTimeout, Duration startTimeout) {

    public static final String DEFAULT_SCALA = "2.13";
    public static final List<String> KINDS = List.of("scripts", "systemd", "process");
    public static final Set<String> PLACEHOLDERS = Set.of("link", "config", "version", "installBase", "root",
            "kafkaCommand");
    /** The placeholder that only the local driver can fill. */
    public static final String LOCAL_ONLY = "kafkaCommand";
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofMinutes(3);
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!\\$)\\{([A-Za-z][A-Za-z0-9]*)}");
    /** Exit 0 when a {@code kafka.Kafka} process has exactly {@code {config}} among its arguments. */
    static final String PROCESS_STATUS = "for p in $(pgrep -f 'kafka\\.Kafka'); do "
            + "tr '\\0' '\\n' < /proc/$p/cmdline 2>/dev/null | grep -qxF -- {config} && exit 0; done; exit 1";
    static final String PROCESS_STOP = "for p in $(pgrep -f 'kafka\\.Kafka'); do "
            + "tr '\\0' '\\n' < /proc/$p/cmdline 2>/dev/null | grep -qxF -- {config} && kill -TERM $p; done; exit 0";
    static final String PROCESS_START = "cd {root} && mkdir -p logs && "
            + "(setsid {kafkaCommand} >> logs/kafka.out 2>&1 < /dev/null & echo $! > kafka.pid)";

    public HostService {
        for (String t : List.of(stop, start, status)) {
            String problem = problem(t);
            if (problem != null) throw new IllegalArgumentException(problem);
        }
    }

    /** A preset with the default timeouts. */
    public static HostService preset(String kind) {
        return switch (kind) {
            case "scripts" -> new HostService(kind, "{link}/bin/kafka-server-stop.sh",
                    "{link}/bin/kafka-server-start.sh -daemon {config}", PROCESS_STATUS,
                    DEFAULT_COMMAND_TIMEOUT, DEFAULT_STOP_TIMEOUT, DEFAULT_START_TIMEOUT);
            case "systemd" -> new HostService(kind, "sudo -n systemctl stop kafka", "sudo -n systemctl start kafka",
                    "systemctl is-active --quiet kafka", DEFAULT_COMMAND_TIMEOUT, DEFAULT_STOP_TIMEOUT,
                    DEFAULT_START_TIMEOUT);
            case "process" -> new HostService(kind, PROCESS_STOP, PROCESS_START, PROCESS_STATUS,
                    DEFAULT_COMMAND_TIMEOUT, DEFAULT_STOP_TIMEOUT, DEFAULT_START_TIMEOUT);
            default -> throw new IllegalArgumentException("must be one of " + String.join(", ", KINDS)
                    + ", got `" + kind + "`");
        };
    }

    /** {@code ~/.ssh/known_hosts} of the user running the bot. */
    public static Path defaultKnownHosts() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    /** The placeholder names a template uses, in order of first use. */
    public static Set<String> placeholders(String template) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** Why a template cannot be used, or null when it can. */
    public static String problem(String template) {
        if (template == null || template.isBlank()) return "must be a command, not empty";
        if (template.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "must be one line without control characters";
        }
        for (String name : placeholders(template)) {
            if (!PLACEHOLDERS.contains(name)) {
                return "unknown placeholder {" + name + "} (known: " + String.join(", ",
                        PLACEHOLDERS.stream().sorted().map(p -> "{" + p + "}").toList()) + ")";
            }
        }
        return null;
    }

    /** Replaces each placeholder with its rendered value; every used placeholder must have one. */
    public static String render(String template, Function<String, String> value) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = value.apply(m.group(1));
            if (v == null) throw new IllegalArgumentException("no value for {" + m.group(1) + "}");
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public boolean uses(String placeholder) {
        return List.of(stop, start, status).stream().anyMatch(t -> placeholders(t).contains(placeholder));
    }

    public HostService withCommands(String stop, String start, String status) {
        return new HostService(kind, stop, start, status, commandTimeout, stopTimeout, startTimeout);
    }

    public HostService withTimeouts(Duration command, Duration stop, Duration start) {
        return new HostService(kind, this.stop, this.start, status, command, stop, start);
    }
}
