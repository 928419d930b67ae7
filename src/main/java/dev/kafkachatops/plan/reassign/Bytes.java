package dev.kafkachatops.plan.reassign;

import java.util.Locale;

/** Byte counts for people, in decimal units like Kafka's docs and the throttle syntax (1 MB = 1,000,000 bytes). */
public final class Bytes {
    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB"};

    private Bytes() {
    }

    /** "0 B", "999 B", "1.2 KB", "45.0 MB", "3.1 TB" */
    public static String format(long bytes) {
        if (bytes < 1000) return bytes + " B";
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < UNITS.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }

    /** "50.0 MB/s" */
    public static String rate(long bytesPerSec) {
        return format(bytesPerSec) + "/s";
    }
}
