package dev.kafkachatops.domain.ops;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Why an operation is in its state, as data: written by the workflow with a transition, worded by the chat view.
 * {@code by}: the person who caused it; {@code at}: when; {@code until}: the window's end (a run inside a window);
 * {@code text}: plain words from the run or the check (a run's summary, what changed).
 */
public record StateNote(Reason reason, Optional<String> by, Optional<Instant> at, Optional<Instant> until,
                        String text) {
    public enum Reason {
        /** Running inside a window until {@code until}; it pauses at a safe point then. */
        RUNNING_IN_WINDOW,
        /** Running after an approver's break-glass start, outside any window. */
        RUNNING_BREAK_GLASS,
        /** Rejected or cancelled by {@code by} at {@code at}. */
        BY_OPERATOR,
        /** Withdrawn by its requester {@code by} (the rejection reaction on their own plan) at {@code at}. */
        WITHDRAWN,
        /** Not approved in time ({@code at}: the expiry). */
        EXPIRED,
        /** Not run: the cluster changed ({@code text}), checked at {@code at}. */
        STALE,
        /** The run stopped at {@code at} (done, failed, cancelled, paused at the window's end, halted): {@code text}. */
        ENDED,
        /** Paused at a safe point at {@code at} because an operator asked; continues on resume. */
        PAUSED_BY_OPERATOR,
        /** Paused by {@code by} before it started; continues on resume. */
        PAUSED_BEFORE_START,
        /** A note an earlier version stored as text. */
        LEGACY
    }

    public StateNote {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(until, "until");
        text = text == null ? "" : text.strip();
    }

    public static StateNote of(Reason reason, Instant at, String text) {
        return new StateNote(reason, Optional.empty(), Optional.of(at), Optional.empty(), text);
    }

    public static StateNote by(Reason reason, String user, Instant at) {
        return new StateNote(reason, Optional.of(user), Optional.of(at), Optional.empty(), "");
    }
}
