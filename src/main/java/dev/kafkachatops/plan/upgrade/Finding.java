package dev.kafkachatops.plan.upgrade;

import java.util.Objects;

/**
 * Something an approver must know about an upgrade plan: a reason (with its severity and human headline) and the
 * detail naming the nodes or topics concerned. Any {@link Severity#BLOCKER} keeps the plan from running.
 */
public record Finding(Reason reason, String detail) {

    public enum Severity { BLOCKER, WARNING, INFO }

    public enum Reason {
        NODE_DOWN(Severity.BLOCKER, "Nodes down"),
        UNKNOWN_VERSION(Severity.BLOCKER, "Version not detected"),
        OFFLINE_PARTITIONS(Severity.BLOCKER, "Offline partitions now"),
        UNDER_REPLICATED(Severity.BLOCKER, "Under-replicated partitions now"),
        NOT_INSTALLED(Severity.BLOCKER, "Target version not installed"),
        METADATA_UNKNOWN(Severity.BLOCKER, "metadata.version unknown"),
        JAVA_TOO_OLD(Severity.BLOCKER, "Java too old for the target"),
        CONFIG_REJECTED(Severity.BLOCKER, "Config values the target rejects"),
        NOT_REHEARSED(Severity.BLOCKER, "Not rehearsed"),
        OLD_CLIENTS(Severity.BLOCKER, "Clients the target refuses"),
        NO_ACTIVE_CONTROLLER(Severity.WARNING, "Active controller unknown"),
        LOW_REPLICATION_FACTOR(Severity.WARNING, "Replication factor below 3"),
        LOW_MIN_INSYNC_REPLICAS(Severity.WARNING, "min.insync.replicas below 2"),
        UNCLEAN_LEADER_ELECTION(Severity.WARNING, "Unclean leader election enabled"),
        ACKS_ONE(Severity.WARNING, "Producers with acks=1 can lose messages"),
        UNPINNED_BROKER(Severity.WARNING, "Upgraded broker without protocol pin"),
        KRAFT_EARLY_ACCESS(Severity.WARNING, "KRaft early access"),
        JAVA_UNKNOWN(Severity.WARNING, "Java not detected"),
        CONFIG_RENAMED(Severity.WARNING, "Configs the target renamed or removed"),
        CONFIG_UNKNOWN(Severity.WARNING, "Config keys the target does not know"),
        CONFIG_NOT_CHECKED(Severity.WARNING, "Configs not checked against the target"),
        REHEARSAL_SKIPPED(Severity.WARNING, "Rehearsal skipped"),
        OLD_CLIENTS_ALLOWED(Severity.WARNING, "Old clients allowed"),
        OLD_CLIENTS_NOT_CHECKED(Severity.WARNING, "Old clients not checked"),
        INTERRUPTED_UPGRADE(Severity.INFO, "Continues an interrupted upgrade"),
        REHEARSED(Severity.INFO, "Rehearsal"),
        MIXED_VERSIONS(Severity.INFO, "Mixed versions"),
        INSTALL_FROM_MIRROR(Severity.INFO, "Installs from the mirror"),
        OTHER_FEATURES_UNCHANGED(Severity.INFO, "Only metadata.version is finalized"),
        NO_WAY_BACK(Severity.INFO, "Point of no return");

        private final Severity severity;
        private final String headline;

        Reason(Severity severity, String headline) {
            this.severity = severity;
            this.headline = headline;
        }

        public Severity severity() {
            return severity;
        }

        public String headline() {
            return headline;
        }
    }

    public Finding {
        Objects.requireNonNull(reason, "reason");
        if (detail == null || detail.isBlank()) throw new IllegalArgumentException("a finding needs its detail");
    }

    public Severity severity() {
        return reason.severity();
    }

    public boolean blocks() {
        return severity() == Severity.BLOCKER;
    }

    /** "Nodes down: broker 3 (kafka3) is not running or is fenced" */
    public String text() {
        return reason.headline() + ": " + detail;
    }
}
