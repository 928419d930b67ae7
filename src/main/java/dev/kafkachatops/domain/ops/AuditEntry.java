package dev.kafkachatops.domain.ops;

import java.time.Instant;
import java.util.Optional;

/**
 * One decision in the audit log: who did what to which operation, and when. {@code seq} is assigned by the store
 * (0 before it is stored); entries are returned newest first.
 */
public record AuditEntry(long seq, String cluster, Optional<String> operationId, AuditEvent event, String actor,
                         String detail, Instant at) {
    public static AuditEntry of(String cluster, String operationId, AuditEvent event, String actor, String detail,
                                Instant at) {
        return new AuditEntry(0, cluster, Optional.ofNullable(operationId), event, actor, detail == null ? "" : detail,
                at);
    }
}
