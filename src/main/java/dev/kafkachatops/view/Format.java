package dev.kafkachatops.view;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.time.Duration;
import java.util.Locale;

/** Small formatting helpers shared by the Slack and terminal views. */
public final class Format {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter DAY_UTC = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ROOT);

    private Format() {
    }

    /** {@code Wed 2026-11-25 02:00 UTC (Wed 03:00 Europe/Berlin)}; just UTC when the zone is UTC. */
    public static String when(Instant t, ZoneId zone) {
        String utc = DAY_UTC.format(t);
        if (zone.normalized().equals(ZoneOffset.UTC)) return utc;
        return utc + " (" + LOCAL.format(t.atZone(zone)) + " " + zone.getId() + ")";
    }

    public static String utc(Instant t) {
        return UTC.format(t);
    }

    /**
     * Text for Slack's mrkdwn that is shown as written: {@code &}, {@code <} and {@code >} escaped as Slack's
     * "Formatting text for app surfaces" asks, so that what a user typed ({@code <!channel>}, {@code <@U1>}) is never
     * read as a mention or a link when it is echoed back.
     */
    public static String mrkdwnEscape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    public static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** "orders-0, orders-3 and 12 more" */
    public static String partitions(List<TopicPartitionRef> parts, int max) {
        if (parts.isEmpty()) return "none";
        var shown = parts.stream().limit(max).map(TopicPartitionRef::toString).toList();
        String s = String.join(", ", shown);
        return parts.size() > max ? s + " and " + (parts.size() - max) + " more" : s;
    }

    /** Decimal units, as Kafka's tools and the throttle option use them: 1 MB = 1,000,000 bytes. */
    public static String bytes(long b) {
        if (b < 1000) return b + " B";
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = b;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return (v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }

    public static String rate(double bytesPerSecond) {
        return bytes(Math.round(bytesPerSecond)) + "/s";
    }

    /** "45 s", "12 min 5 s", "3 h 20 min" */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) return s + " s";
        if (s < 3600) return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        return (s / 3600) + " h" + ((s % 3600) / 60 == 0 ? "" : " " + ((s % 3600) / 60) + " min");
    }

    /** A text progress bar of {@code width} cells. */
    public static String bar(double percent, int width) {
        int full = (int) Math.round(Math.max(0, Math.min(100, percent)) / 100 * width);
        return "\u2588".repeat(full) + "\u2591".repeat(width - full);
    }

    public static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
