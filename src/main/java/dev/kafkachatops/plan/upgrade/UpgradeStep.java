package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.version.ConfigRule;
import dev.kafkachatops.domain.version.KafkaVersion;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One step of an upgrade plan. {@code key} is stable for the same plan ({@code hop1/phase1/broker-2/start}) and names
 * the step's checkpoint. Per-node steps carry the node and the versions it moves between ({@code from} is empty when
 * the node's version was not detected); {@code set} and {@code remove} are the config options a
 * {@link StepKind#WRITE_CONFIG} step writes, {@code configRules} the keys it renames or drops on the way into a line
 * that no longer accepts them (from the catalogue, only those the node's config has); {@code feature} is the explicit level a
 * {@link StepKind#FINALIZE_METADATA} step sets; {@code text} is what a person reads.
 */
public record UpgradeStep(String key, StepKind kind, Optional<Integer> node, Optional<KafkaVersion> from,
                          Optional<KafkaVersion> to, Map<String, String> set, List<String> remove,
                          List<ConfigRule> configRules, Optional<FeatureLevel> feature, String text,
                          Duration estimate) {
    private static final Pattern KEY = Pattern.compile("hop\\d+/[a-z0-9]+(/[a-z]+-\\d+)?/[a-z-]+");

    /** A feature level to set explicitly, e.g. {@code metadata.version} = 27. */
    public record FeatureLevel(String feature, int level) {
        public FeatureLevel {
            if (feature == null || feature.isBlank()) throw new IllegalArgumentException("feature name is required");
            if (level < 0) throw new IllegalArgumentException("feature level must be >= 0");
        }
    }

    public UpgradeStep {
        Objects.requireNonNull(key, "key");
        if (!KEY.matcher(key).matches()) throw new IllegalArgumentException("not a step key: " + key);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        set = Collections.unmodifiableMap(new TreeMap<>(set));
        remove = List.copyOf(remove);
        configRules = configRules == null ? List.of() : List.copyOf(configRules); // absent in plans stored before
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(estimate, "estimate");
        if (text == null || text.isBlank()) throw new IllegalArgumentException(key + ": text is required");
        if (kind.perNode() != node.isPresent()) {
            throw new IllegalArgumentException(key + ": " + kind + (kind.perNode() ? " needs" : " takes no") + " node");
        }
        if ((kind == StepKind.FINALIZE_METADATA) != feature.isPresent()) {
            throw new IllegalArgumentException(key + ": only FINALIZE_METADATA carries a feature level");
        }
        if (kind != StepKind.WRITE_CONFIG && (!set.isEmpty() || !remove.isEmpty() || !configRules.isEmpty())) {
            throw new IllegalArgumentException(key + ": only WRITE_CONFIG sets or removes options");
        }
        if (estimate.isNegative()) throw new IllegalArgumentException(key + ": negative estimate");
    }
}
