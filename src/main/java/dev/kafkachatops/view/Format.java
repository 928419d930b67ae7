package dev.kafkachatops.view;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Small formatting helpers shared by the Slack and terminal views. */
public final class Format {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    public static String utc(Instant t) {
        return UTC.format(t);
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

    public static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
