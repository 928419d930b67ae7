package dev.kafkachatops.domain.ops;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's request to an operation that is running or halted, kept in the store so that it reaches the run
 * whichever bot instance executes it. At most one per operation: a newer request replaces an older one.
 */
public record ControlRequest(String operationId, Action action, String user, Instant at) {
    public enum Action {
        /** Stop at once and revert what is in flight. */
        CANCEL,
        /** Stop at the next safe point and wait for {@code resume}. */
        PAUSE,
        /** A halted upgrade: put the node it stopped at back on its previous version, then end. */
        ROLLBACK
    }

    public ControlRequest {
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(at, "at");
    }
}
