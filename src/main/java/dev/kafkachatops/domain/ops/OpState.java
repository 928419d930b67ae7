package dev.kafkachatops.domain.ops;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of an operation. Every transition is persisted; {@link #canMoveTo} is the transition table.
 *
 * <pre>
 *  AWAITING_APPROVAL --enough approvals--> APPROVED --window opens / run now--> RUNNING --> DONE
 *        |    ^                               |  |                               |  ^  \--> FAILED
 *        |    '------approval withdrawn-------'  |                               v  |   \-> CANCELLED
 *        |                                       '--cluster changed--> STALE    PAUSED (window ended / pause)
 *        '--> REJECTED | EXPIRED | CANCELLED              APPROVED --> CANCELLED | PAUSED (pause before start)
 * </pre>
 */
public enum OpState {
    AWAITING_APPROVAL(false),
    APPROVED(false),
    RUNNING(false),
    PAUSED(false),
    DONE(true),
    FAILED(true),
    CANCELLED(true),
    REJECTED(true),
    EXPIRED(true),
    STALE(true);

    private final boolean terminal;

    OpState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean terminal() {
        return terminal;
    }

    private static final Map<OpState, Set<OpState>> NEXT = Map.of(
            AWAITING_APPROVAL, EnumSet.of(APPROVED, REJECTED, EXPIRED, CANCELLED),
            APPROVED, EnumSet.of(AWAITING_APPROVAL, RUNNING, PAUSED, CANCELLED, STALE, REJECTED, EXPIRED),
            RUNNING, EnumSet.of(PAUSED, DONE, FAILED, CANCELLED),
            PAUSED, EnumSet.of(RUNNING, APPROVED, CANCELLED, FAILED, STALE),
            DONE, EnumSet.noneOf(OpState.class),
            FAILED, EnumSet.noneOf(OpState.class),
            CANCELLED, EnumSet.noneOf(OpState.class),
            REJECTED, EnumSet.noneOf(OpState.class),
            EXPIRED, EnumSet.noneOf(OpState.class),
            STALE, EnumSet.noneOf(OpState.class));

    public boolean canMoveTo(OpState next) {
        return NEXT.get(this).contains(next);
    }

    /** States in which an operation holds its cluster (no other operation may start). */
    public static final Set<OpState> ACTIVE = EnumSet.of(RUNNING, PAUSED);
    /** States of an operation that is still going somewhere. */
    public static final Set<OpState> OPEN = EnumSet.of(AWAITING_APPROVAL, APPROVED, RUNNING, PAUSED);
}
