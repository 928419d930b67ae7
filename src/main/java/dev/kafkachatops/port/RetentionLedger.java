package dev.kafkachatops.port;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable record of the {@code retention.ms} values the bot has lowered, written BEFORE the topic is changed and
 * cleared after the original value is back, so that a crash or restart never leaves a topic on the short
 * retention: the next bot start restores every entry left.
 *
 * @param original the topic's own {@code retention.ms} before the run, null when it had none (inherited the
 *                 broker default: restoring deletes the key)
 */
public interface RetentionLedger {
    record Entry(String cluster, String runId, String topic, String original) {
        public Entry {
            Objects.requireNonNull(cluster);
            Objects.requireNonNull(runId);
            Objects.requireNonNull(topic);
        }

        public Optional<String> originalValue() {
            return Optional.ofNullable(original);
        }
    }

    void record(Entry entry);

    void clear(String cluster, String runId);

    List<Entry> entries();
}
