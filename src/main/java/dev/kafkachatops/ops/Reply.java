package dev.kafkachatops.ops;

import dev.kafkachatops.domain.ops.OpState;

import java.time.Instant;
import java.util.Optional;

/**
 * The answer to an operator's command on an operation, as data (the chat adapter words it). {@code cluster} is the
 * operation's cluster when known; {@code holder} the operation holding the cluster (HELD_BY); {@code state} the
 * state that refused the command; {@code at} when a resumed operation continues (CONTINUES_AT), or until when the
 * window is open for a run-now about to be confirmed (CONFIRM_RUN_NOW; empty: the window is closed).
 */
public record Reply(Kind kind, String id, Optional<String> cluster, Optional<String> holder, Optional<OpState> state,
                    Optional<Instant> at) {
    public enum Kind {
        UNKNOWN, CLUSTER_GONE, NOT_ALLOWED,
        CANCELLING, CANCELLED, CHANGED, ENDED,
        PAUSING, HELD_BEFORE_START, CANNOT_PAUSE,
        RETRYING, NOT_PAUSED, CONTINUES_AT, CONTINUES_NOW, NO_WINDOW,
        NOT_HALTED, ROLLING_BACK,
        NOT_APPROVER, CANNOT_START, HELD_BY, CONFIRM_RUN_NOW, STARTING
    }

    static Reply of(Kind kind, String id) {
        return new Reply(kind, id, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Reply in(Kind kind, String id, String cluster) {
        return new Reply(kind, id, Optional.of(cluster), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Reply state(Kind kind, String id, OpState state) {
        return new Reply(kind, id, Optional.empty(), Optional.empty(), Optional.of(state), Optional.empty());
    }

    static Reply heldBy(String id, String cluster, String holder) {
        return new Reply(Kind.HELD_BY, id, Optional.of(cluster), Optional.of(holder), Optional.empty(),
                Optional.empty());
    }

    static Reply confirmRunNow(String id, Optional<Instant> openUntil) {
        return new Reply(Kind.CONFIRM_RUN_NOW, id, Optional.empty(), Optional.empty(), Optional.empty(), openUntil);
    }

    static Reply continuesAt(String id, Instant at) {
        return new Reply(Kind.CONTINUES_AT, id, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(at));
    }
}
