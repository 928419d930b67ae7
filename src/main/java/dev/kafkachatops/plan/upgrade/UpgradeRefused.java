package dev.kafkachatops.plan.upgrade;

import java.util.Objects;

/**
 * An upgrade that will not be planned as asked. The message is meant for a person and says what to do instead;
 * the reason lets callers tell the cases apart. Nothing was changed in the cluster.
 */
public final class UpgradeRefused extends RuntimeException {

    public enum Reason {
        /** The request is not a version at all. */
        MALFORMED_VERSION,
        /** The requested or a running version is not in the version catalogue. */
        UNKNOWN_VERSION,
        /** The target is older than what a node runs. */
        DOWNGRADE,
        /** The target needs KRaft and the cluster runs on ZooKeeper: migration is not automated. */
        ZOOKEEPER_NOT_SUPPORTED,
        /** KRaft: the finalized metadata.version is too old for the target's line. */
        METADATA_TOO_OLD,
        /** No node's version could be detected, so there is no starting point. */
        NO_VERSION_DETECTED
    }

    private final Reason reason;

    public UpgradeRefused(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
