package dev.kafkachatops.adapter.slack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers recently seen {@code event_id}s so that a redelivered event (Slack retries, or the same envelope
 * twice) is acknowledged but handled only once. Bounded: the oldest ids are forgotten first.
 */
public final class EventDeduplicator {
    private final Map<String, Boolean> seen;

    public EventDeduplicator(int capacity) {
        this.seen = new LinkedHashMap<>(capacity, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @return true the first time an id is seen; null or blank ids are never treated as duplicates */
    public synchronized boolean firstTime(String eventId) {
        if (eventId == null || eventId.isBlank()) return true;
        return seen.putIfAbsent(eventId, Boolean.TRUE) == null;
    }
}
