package dev.kafkachatops.domain.ops;

/** The decisions the audit log records. */
public enum AuditEvent {
    REQUESTED, APPROVED, REJECTED, WITHDRAWN, EXPIRED, SCHEDULED, STARTED, PAUSED, RESUMED, CANCEL_REQUESTED,
    CANCELLED, FINISHED, FAILED, STALE, RUN_NOW, REFUSED,
    /** A request that overrides a preflight gate (e.g. {@code skip-rehearsal}), with what it overrode. */
    OVERRIDDEN
}
