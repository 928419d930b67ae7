package dev.kafkachatops.plan.upgrade;

import java.util.Locale;
import java.util.Optional;

/**
 * How many brokers a roll restarts at once ({@code upgrade.batch} per cluster): {@code one} (today's behaviour, the
 * default), {@code rack} (the brokers of one rack together, when every broker's rack is known) or {@code auto} (the
 * largest sets of brokers that share no partition, capped by {@code upgrade.maxBatch}). See {@link RollBatches}.
 */
public enum BatchMode {
    ONE, RACK, AUTO;

    /** "one", "rack", "auto" as written in the config. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BatchMode> parse(String text) {
        for (BatchMode m : values()) if (m.label().equals(text)) return Optional.of(m);
        return Optional.empty();
    }
}
