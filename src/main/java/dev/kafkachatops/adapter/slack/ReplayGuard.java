package dev.kafkachatops.adapter.slack;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP mode: a signed request is handled once. Bolt's request verification refuses a bad signature and a timestamp
 * more than 5 minutes away, but takes the same signed request again within those 5 minutes (a replay by whoever saw
 * it on the way). Slack signs each of its own retries anew, so a request whose timestamp and signature were both
 * seen before is a copy: acknowledged, not handled. Requests are remembered for 6 minutes (longer than Bolt accepts
 * their timestamp), at most {@value #CAPACITY} of them.
 */
final class ReplayGuard {
    static final int CAPACITY = 100_000;
    private static final Duration REMEMBER = Duration.ofMinutes(6);
    private final Clock clock;
    /** timestamp + signature -> when it was first seen (epoch seconds), oldest first. */
    private final Map<String, Long> seen = new LinkedHashMap<>();

    ReplayGuard(Clock clock) {
        this.clock = clock;
    }

    /** @return false for a request seen before; true the first time, and for unsigned ones (Socket Mode) */
    synchronized boolean firstTime(String timestamp, String signature) {
        if (timestamp == null || signature == null) return true;
        long now = clock.instant().getEpochSecond();
        Iterator<Long> oldest = seen.values().iterator();
        while (oldest.hasNext()) {
            long at = oldest.next();
            if (at >= now - REMEMBER.toSeconds() && seen.size() < CAPACITY) break;
            oldest.remove();
        }
        return seen.putIfAbsent(timestamp + ":" + signature, now) == null;
    }
}
