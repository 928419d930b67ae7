package dev.kafkachatops.domain.ops;

import java.time.Instant;

/**
 * The persisted state of one step of a run ({@code step} is the runner's key, e.g. {@code batch-3} or
 * {@code broker-2/start}); {@code detail} is the runner's own JSON. Written before a step acts (STARTED) and after
 * it is verified (DONE), so that a resumed run neither repeats nor skips a step.
 */
public record Checkpoint(String operationId, String step, Status status, String detail, Instant at) {
    public enum Status { STARTED, DONE, FAILED, SKIPPED }
}
