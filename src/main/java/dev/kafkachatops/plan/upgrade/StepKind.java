package dev.kafkachatops.plan.upgrade;

import java.util.Locale;

/** What one step of an upgrade does; the runner dispatches on it. */
public enum StepKind {
    /** Cluster-wide check before a hop: every node alive, nothing offline or under-replicated, versions as planned. */
    PREFLIGHT,
    /** Download the release from the mirror onto a node's host, verify its checksum, unpack beside the current one. */
    INSTALL,
    /** Before a stop: no partition may fall below min.insync.replicas; for controllers, the other voters caught up. */
    SAFETY_GATE,
    /** Stop the node (controlled shutdown moves its leaders away). */
    STOP,
    /** Point the {@code kafka} symbolic link at the new version's folder. */
    RELINK,
    /** Copy the config into the new version (or edit it in place), backup first, atomic write; set/remove options. */
    WRITE_CONFIG,
    /** Start the node. */
    START,
    /** After a start: registered and unfenced (or back in the quorum), no under-replicated, no offline partitions. */
    HEALTH_GATE,
    /** Preferred leader election for the node's partitions, so leadership is balanced before the next node. */
    ELECT_LEADERS,
    /** KRaft: raise {@code metadata.version} to the hop's level with updateFeatures. */
    FINALIZE_METADATA;

    /** "safety-gate": the last part of a step key. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Steps that act on one node. */
    public boolean perNode() {
        return this != PREFLIGHT && this != FINALIZE_METADATA;
    }
}
