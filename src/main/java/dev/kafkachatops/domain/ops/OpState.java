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
 *
 *  RUNNING --a step failed, state kept--> HALTED --retry / roll back--> RUNNING
 *                                            '--abort--> CANCELLED
 * </pre>
 * HALTED holds the cluster like PAUSED, but continues only by an operator's choice (retry, roll back, abort), never
 * at a window start.
 */
public enum OpState {
    AWAITING_APPROVAL(false),
    APPROVED(false),
    RUNNING(false),
    PAUSED(false),
    /** Stopped at a failed step with its state kept, until an operator retries, rolls back or aborts. */
    HALTED(false),
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

    private static final Map<OpState, Set<OpState>> NEXT = Map.ofEntries(
            Map.entry(AWAITING_APPROVAL, EnumSet.of(APPROVED, REJECTED, EXPIRED, CANCELLED)),
            Map.entry(APPROVED, EnumSet.of(AWAITING_APPROVAL, RUNNING, PAUSED, CANCELLED, STALE, REJECTED, EXPIRED)),
            Map.entry(RUNNING, EnumSet.of(PAUSED, HALTED, DONE, FAILED, CANCELLED)),
            Map.entry(PAUSED, EnumSet.of(RUNNING, APPROVED, CANCELLED, FAILED, STALE)),
            Map.entry(HALTED, EnumSet.of(RUNNING, CANCELLED, FAILED)),
            Map.entry(DONE, EnumSet.noneOf(OpState.class)),
            Map.entry(FAILED, EnumSet.noneOf(OpState.class)),
            Map.entry(CANCELLED, EnumSet.noneOf(OpState.class)),
            Map.entry(REJECTED, EnumSet.noneOf(OpState.class)),
            Map.entry(EXPIRED, EnumSet.noneOf(OpState.class)),
            Map.entry(STALE, EnumSet.noneOf(OpState.class)));

    public boolean canMoveTo(OpState next) {
        return NEXT.get(this).contains(next);
    }

    /** States in which an operation holds its cluster (no other operation may start). */
    public static final Set<OpState> ACTIVE = EnumSet.of(RUNNING, PAUSED, HALTED);
    /** States of an operation that is still going somewhere. */
    public static final Set<OpState> OPEN = EnumSet.of(AWAITING_APPROVAL, APPROVED, RUNNING, PAUSED, HALTED);
}
