package dev.kafkachatops.command;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for the values commands take. Each throws {@link IllegalArgumentException} with a message that
 * says what was expected; {@link CommandParser} turns it into the one-line error.
 */
public final class Values {
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern VERSION = Pattern.compile("(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2}))?");
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|kib|mib|gib)?(/s)?");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9._\\[\\]:-]+:\\d{1,5}");

    private Values() {
    }

    public static String topic(String s) {
        if (!TOPIC.matcher(s).matches() || s.equals(".") || s.equals("..")) {
            throw new IllegalArgumentException("`" + s + "` is not a valid topic name (letters, digits, . _ -, "
                    + "at most 249 characters)");
        }
        return s;
    }

    /** A Kafka release: {@code MAJOR.MINOR} or {@code MAJOR.MINOR.PATCH}. */
    public static String version(String s) {
        if (!VERSION.matcher(s).matches()) {
            throw new IllegalArgumentException("`" + s + "` is not a Kafka version (expected MAJOR.MINOR[.PATCH], "
                    + "e.g. 3.9 or 3.9.1)");
        }
        return s;
    }

    /** Whether {@code s} has the form of an operation id (as {@link #jobId} takes it); false for null. */
    public static boolean isJobId(String s) {
        return s != null && JOB_ID.matcher(s).matches();
    }

    public static String jobId(String s) {
        if (!isJobId(s)) {
            throw new IllegalArgumentException("`" + s + "` is not a job id (letters, digits, - and _)");
        }
        return s;
    }

    public static String cluster(String s) {
        if (!CLUSTER.matcher(s).matches()) {
            throw new IllegalArgumentException("`" + s + "` is not a cluster name (letters, digits, . _ -)");
        }
        return s;
    }

    /**
     * Bootstrap servers as Kafka's clients take them: {@code host:port[,host:port...]} (IPv6 in brackets). Only the
     * form is checked; whether the hosts resolve is the client's to find out.
     */
    public static String bootstrapServers(String s) {
        String t = s == null ? "" : s.strip();
        int servers = 0;
        boolean ok = true;
        for (String hp : t.split(",")) {
            if (hp.isBlank()) continue; // as Kafka's clients: empty entries are skipped
            servers++;
            ok &= HOST_PORT.matcher(hp.strip()).matches() && port(hp.strip()) >= 1 && port(hp.strip()) <= 65_535;
        }
        if (!ok || servers == 0) {
            throw new IllegalArgumentException("`" + s + "` is not a bootstrap server list (expected HOST:PORT"
                    + "[,HOST:PORT...], e.g. kafka1:9092,kafka2:9092)");
        }
        return t;
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    /** A comma-separated list of distinct broker ids, e.g. {@code 1,2,3}. */
    public static List<Integer> brokers(String s) {
        var out = new LinkedHashSet<Integer>();
        if (s.isEmpty()) throw new IllegalArgumentException("empty broker list (expected ids like 1,2,3)");
        for (String part : s.split(",", -1)) {
            if (!part.matches("\\d{1,9}")) {
                throw new IllegalArgumentException("`" + s + "` is not a broker list (expected ids like 1,2,3)");
            }
            if (!out.add(Integer.parseInt(part))) {
                throw new IllegalArgumentException("broker " + part + " is listed twice in `" + s + "`");
            }
        }
        return new ArrayList<>(out);
    }

    /** The longest {@code reason=} of a restart, in characters. */
    public static final int REASON_MAX = 100;
    private static final String REASON_PUNCTUATION = " .,:;/()_+-'#!?@%=";

    /**
     * The reason of a restart: one line of at most {@value #REASON_MAX} characters, letters, digits, spaces and
     * {@code . , : ; / ( ) _ + - ' # ! ? @ % =}. Nothing that Slack would read as markup of its own ({@code <}, {@code >},
     * {@code &}), nothing that ends a quoted value or a code span ({@code "}, a backquote), no control characters.
     */
    public static String reason(String s) {
        if (s.chars().anyMatch(c -> c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029')) {
            throw new IllegalArgumentException("`reason=` must be one line (it has a line break)");
        }
        int length = s.codePointCount(0, s.length());
        if (length > REASON_MAX) {
            throw new IllegalArgumentException("`reason=` is " + length + " characters long; at most " + REASON_MAX);
        }
        if (s.isBlank()) throw new IllegalArgumentException("`reason=` is empty");
        s.codePoints().filter(c -> !Character.isLetterOrDigit(c) && REASON_PUNCTUATION.indexOf(c) < 0).findFirst()
                .ifPresent(c -> {
                    throw new IllegalArgumentException("`reason=` may hold letters, digits, spaces and "
                            + ". , : ; / ( ) _ + - ' # ! ? @ % = only" + (Character.isISOControl(c)
                            || Character.getType(c) == Character.FORMAT ? "" : c == '`' ? " (not a backquote)"
                            : " (not `" + Character.toString(c) + "`)"));
                });
        return s.strip();
    }

    /**
     * A replication throttle in bytes per second: {@code 50MB/s} (decimal units, 1 MB = 1,000,000 bytes),
     * {@code 40MiB/s} (binary units) or a plain number of bytes per second.
     */
    public static long rate(String s) {
        Matcher m = RATE.matcher(s.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("`" + s + "` is not a rate (expected e.g. 50MB/s, 40MiB/s or "
                    + "bytes per second)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            default -> 1L;
        };
        double bytes = n * factor;
        if (bytes < 1 || bytes > 1e13) {
            throw new IllegalArgumentException("rate `" + s + "` is out of range (1 B/s to 10 TB/s)");
        }
        return Math.round(bytes);
    }

    /** A duration such as {@code 250ms}, {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d} or {@code 1h30m}. */
    public static Duration duration(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        Matcher m = DURATION_PART.matcher(t);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) break;
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                case "ms" -> Duration.ofMillis(n);
                default -> Duration.ofSeconds(n);
            });
            end = m.end();
        }
        if (end != t.length() || t.isEmpty() || total.isZero()) {
            throw new IllegalArgumentException("`" + s + "` is not a duration (expected e.g. 30m, 2h, 1d, 1h30m)");
        }
        return total;
    }
}
