package dev.kafkachatops.domain.version;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A broker config key that a release line no longer accepts: renamed (its value goes to {@code replacedBy}; one key
 * may become two, as {@code log.message.timestamp.difference.max.ms} became the {@code before} and {@code after}
 * limits) or removed ({@code replacedBy} empty). The config-copy step of an upgrade crossing the line applies it.
 */
public record ConfigRule(String key, List<String> replacedBy) {
    private static final Pattern KEY = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");

    public ConfigRule {
        if (key == null || !KEY.matcher(key).matches()) throw new IllegalArgumentException("not a config key: " + key);
        replacedBy = List.copyOf(replacedBy);
        for (String r : replacedBy) {
            if (!KEY.matcher(r).matches() || r.equals(key)) {
                throw new IllegalArgumentException(key + ": not a replacement key: " + r);
            }
        }
    }

    public boolean removed() {
        return replacedBy.isEmpty();
    }

    /** "delegation.token.master.key → delegation.token.secret.key", "log.message.format.version removed" */
    public String describe() {
        return removed() ? key + " removed" : key + " → " + String.join(" + ", replacedBy);
    }
}
