package dev.kafkachatops.domain.ops;

import java.time.Instant;

/** One approver's approval of one operation (at most one per operation and user). */
public record Approval(String operationId, String user, Instant at) {
}
