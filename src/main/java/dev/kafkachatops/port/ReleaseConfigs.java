package dev.kafkachatops.port;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Kafka release's own broker config definitions (its {@code ConfigDef}, read from that release's jars), asked
 * whether a broker config would be accepted: which keys the release does not define, and which values it rejects.
 */
public interface ReleaseConfigs {

    /** What {@code version}'s definitions say about {@code config} (the properties of a server.properties). */
    Verdict check(String version, Map<String, String> config) throws Unavailable;

    /** Keys the release does not define (sorted), and values it rejects. */
    record Verdict(List<String> unknown, List<Rejected> rejected) {
        public Verdict {
            unknown = List.copyOf(unknown);
            rejected = List.copyOf(rejected);
        }
    }

    /**
     * A value the release rejects. {@code shown} is the value as it may be displayed ({@code [hidden]} for a
     * password); {@code reason} the release's own message, without the value when it is a password.
     */
    record Rejected(String key, String shown, String reason) {
        public Rejected {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(shown, "shown");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The release's definitions cannot be had (its jars are not available here); the message says why. */
    final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
