package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.domain.version.MinorVersion;
import dev.kafkachatops.domain.version.ReleaseLine;
import dev.kafkachatops.domain.version.VersionCatalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The hops from one release to a newer one, following the guide: within a major version one hop; for a major step,
 * first to the latest release of the current major's newest minor line (unless already on that line), then one hop
 * per major, each to the newest release of that major, the last one to the target. So 3.7.2 to 4.1 is
 * 3.7.2 -> 3.9.2 -> 4.1.2, and 2.6.0 to 4.1.2 is 2.6.0 -> 2.8.2 -> 3.9.2 -> 4.1.2. Pure.
 */
public record UpgradePath(KafkaVersion from, KafkaVersion to, List<Hop> hops) {

    /** One rolling upgrade of every node from one release to another. */
    public record Hop(KafkaVersion from, KafkaVersion to) {
        public Hop {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (to.isOlderThan(from)) throw new IllegalArgumentException("a hop never goes back: " + from + " -> " + to);
        }

        @Override
        public String toString() {
            return from + " → " + to;
        }
    }

    public UpgradePath {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        hops = List.copyOf(hops);
    }

    public boolean isEmpty() {
        return hops.isEmpty();
    }

    /** The release a request names ("3.9.1", or "3.9" for its latest patch); refuses malformed or unknown ones. */
    public static KafkaVersion resolve(VersionCatalogue catalogue, String request) {
        String text = request == null ? "" : request.trim();
        boolean wellFormed = KafkaVersion.tryParse(text).isPresent() || MinorVersion.tryParse(text).isPresent();
        if (!wellFormed) {
            throw new UpgradeRefused(UpgradeRefused.Reason.MALFORMED_VERSION, "`" + text
                    + "` is not a Kafka version (expected MAJOR.MINOR[.PATCH], e.g. 3.9 or 3.9.1)");
        }
        return catalogue.resolve(text).orElseThrow(() -> new UpgradeRefused(UpgradeRefused.Reason.UNKNOWN_VERSION,
                text + " is not a known Kafka release (known: " + catalogue.known() + ")"));
    }

    /** The hops from {@code from} to {@code to}; empty when they are equal. Refuses downgrades and unknown versions. */
    public static UpgradePath between(VersionCatalogue catalogue, KafkaVersion from, KafkaVersion to) {
        requireKnown(catalogue, from, "the running version ");
        requireKnown(catalogue, to, "");
        if (to.isOlderThan(from)) {
            throw new UpgradeRefused(UpgradeRefused.Reason.DOWNGRADE, to + " is older than the running " + from
                    + "; downgrades are not supported");
        }
        List<Hop> hops = new ArrayList<>();
        KafkaVersion at = from;
        while (at.major() < to.major()) {
            KafkaVersion bridge = newestOf(catalogue, at.major());
            if (!bridge.line().equals(at.line())) {
                hops.add(new Hop(at, bridge));
                at = bridge;
            }
            KafkaVersion next = at.major() + 1 == to.major() ? to : newestOf(catalogue, at.major() + 1);
            hops.add(new Hop(at, next));
            at = next;
        }
        if (!at.equals(to)) hops.add(new Hop(at, to));
        return new UpgradePath(from, to, hops);
    }

    private static KafkaVersion newestOf(VersionCatalogue catalogue, int major) {
        return catalogue.latestLineOf(major).map(ReleaseLine::latestPatch).orElseThrow(() ->
                new UpgradeRefused(UpgradeRefused.Reason.UNKNOWN_VERSION, "the version catalogue lists no "
                        + major + ".x release to pass through (known: " + catalogue.known() + ")"));
    }

    private static void requireKnown(VersionCatalogue catalogue, KafkaVersion v, String what) {
        if (!catalogue.knows(v)) {
            throw new UpgradeRefused(UpgradeRefused.Reason.UNKNOWN_VERSION, what + v
                    + " is not a known Kafka release (known: " + catalogue.known() + ")");
        }
    }
}
