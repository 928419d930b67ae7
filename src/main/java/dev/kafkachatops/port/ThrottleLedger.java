package dev.kafkachatops.port;

import java.util.List;
import java.util.Set;

/**
 * Durable record of the throttles the bot has set, written BEFORE they are set and cleared after they are
 * removed, so that throttles left behind by a crash are found and removed at the next start.
 */
public interface ThrottleLedger {
    record Entry(String cluster, String runId, Set<Integer> brokers, Set<String> topics) {
        public Entry {
            brokers = Set.copyOf(brokers);
            topics = Set.copyOf(topics);
        }
    }

    void record(Entry entry);

    void clear(String cluster, String runId);

    List<Entry> entries();
}
