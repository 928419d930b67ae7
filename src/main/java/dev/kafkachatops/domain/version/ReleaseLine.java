package dev.kafkachatops.domain.version;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the planner knows about one minor release line: its patch releases (ascending), the
 * {@code inter.broker.protocol.version} it speaks in ZooKeeper mode, whether {@code log.message.format.version}
 * still matters, ZooKeeper and KRaft support, the {@code metadata.version} a KRaft upgrade to it finalizes to, the
 * lowest finalized level it accepts when a cluster is upgraded to it (4.x: 3.3-IV3), the oldest Java its brokers run
 * on, where its upgrade notes are, the broker config keys it renamed or removed ({@link ConfigRule}), and the
 * oldest client its brokers still serve (4.0: 2.1, KIP-896), when it raised that floor.
 */
public record ReleaseLine(MinorVersion version, List<KafkaVersion> patches, Optional<String> interBrokerProtocol,
                          MessageFormat messageFormat, boolean zookeeper, KraftSupport kraft,
                          Optional<MetadataLevel> metadataVersion, OptionalInt requiresMetadataLevel, int javaMin,
                          URI upgradeNotes, List<ConfigRule> configRules, Optional<String> clientMin) {

    /** A line that renames or removes no config and keeps the client floor. */
    public ReleaseLine(MinorVersion version, List<KafkaVersion> patches, Optional<String> interBrokerProtocol,
                       MessageFormat messageFormat, boolean zookeeper, KraftSupport kraft,
                       Optional<MetadataLevel> metadataVersion, OptionalInt requiresMetadataLevel, int javaMin,
                       URI upgradeNotes) {
        this(version, patches, interBrokerProtocol, messageFormat, zookeeper, kraft, metadataVersion,
                requiresMetadataLevel, javaMin, upgradeNotes, List.of(), Optional.empty());
    }

    /** The role of {@code log.message.format.version} in a line. */
    public enum MessageFormat {
        /** Sets the on-disk message format (inter.broker.protocol.version below 3.0). */
        USED,
        /** Deprecated: ignored once inter.broker.protocol.version is 3.0 or newer. */
        IGNORED,
        /** Removed (4.0 and newer). */
        REMOVED
    }

    /** How far a line supports KRaft (metadata in a Raft quorum instead of ZooKeeper). */
    public enum KraftSupport {
        NONE, EARLY_ACCESS, PRODUCTION, ONLY;

        public boolean usable() {
            return this != NONE;
        }
    }

    public ReleaseLine {
        Objects.requireNonNull(version, "version");
        patches = List.copyOf(patches);
        Objects.requireNonNull(interBrokerProtocol, "interBrokerProtocol");
        Objects.requireNonNull(messageFormat, "messageFormat");
        Objects.requireNonNull(kraft, "kraft");
        Objects.requireNonNull(metadataVersion, "metadataVersion");
        Objects.requireNonNull(requiresMetadataLevel, "requiresMetadataLevel");
        Objects.requireNonNull(upgradeNotes, "upgradeNotes");
        configRules = List.copyOf(configRules);
        Objects.requireNonNull(clientMin, "clientMin");
        if (configRules.stream().map(ConfigRule::key).distinct().count() != configRules.size()) {
            throw new IllegalArgumentException(version + ": a config key is renamed or removed twice");
        }
        if (patches.isEmpty()) throw new IllegalArgumentException(version + ": at least one patch release");
        for (int i = 0; i < patches.size(); i++) {
            if (!version.contains(patches.get(i))) {
                throw new IllegalArgumentException(patches.get(i) + " is not a " + version + " release");
            }
            if (i > 0 && !patches.get(i).isNewerThan(patches.get(i - 1))) {
                throw new IllegalArgumentException(version + ": patches must be ascending without repeats");
            }
        }
        if (zookeeper && interBrokerProtocol.isEmpty()) {
            throw new IllegalArgumentException(version + ": a ZooKeeper line needs its inter.broker.protocol.version");
        }
        if (!zookeeper && kraft != KraftSupport.ONLY) {
            throw new IllegalArgumentException(version + ": without ZooKeeper, KRaft is the only mode");
        }
    }

    public KafkaVersion latestPatch() {
        return patches.get(patches.size() - 1);
    }

    public boolean contains(KafkaVersion v) {
        return patches.contains(v);
    }

    /** "3.9.0-3.9.2", or "4.4.0" for a line with one release. */
    public String patchRange() {
        return patches.size() == 1 ? latestPatch().toString() : patches.get(0) + "-" + latestPatch();
    }
}
