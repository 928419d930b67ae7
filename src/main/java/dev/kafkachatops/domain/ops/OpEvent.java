package dev.kafkachatops.domain.ops;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the workflow tells an operation's thread, as data: the chat adapter renders each event (the core writes no
 * markup). State changes themselves show in the plan message ({@code OperationChat#refresh}).
 */
public sealed interface OpEvent {
    /** The bot restarted during the run; it resumes from its checkpoints. */
    record Recovered() implements OpEvent {
    }

    /** A paused run continues ({@code until}: the window's end; empty for a break-glass run). */
    record Resumed(Instant at, boolean breakGlass, Optional<Instant> until) implements OpEvent {
    }

    /** Not started at its start time ({@code next}: the next window start, if any in the coming year). */
    record NotStarted(String why, Optional<Instant> next) implements OpEvent {
    }

    /** The cluster could not be read before starting; tried again at the next window. */
    record ReadFailed(String error) implements OpEvent {
    }

    /** Not started: the cluster changed since planning ({@code changes}); a fresh plan of {@code title} follows. */
    record Stale(List<String> changes, String title) implements OpEvent {
        public Stale {
            changes = List.copyOf(changes);
        }

        /** The first five changes, then how many more: {@code a; b; c; d; e; and 2 more}. */
        public String summary() {
            return String.join("; ", changes.stream().limit(5).toList())
                    + (changes.size() > 5 ? "; and " + (changes.size() - 5) + " more" : "");
        }
    }

    /** An approver started it now (break-glass), outside the window unless {@code windowOpen}. */
    record StartedNow(String user, boolean windowOpen) implements OpEvent {
        public StartedNow(String user) {
            this(user, false);
        }
    }

    /** A step failed; nothing else changes until an operator retries, rolls the node back, or aborts. */
    /** A cancel or pause ({@code action}) asked for while the run was ending: the run finished first, stays done. */
    record TooLate(String action, String user) implements OpEvent {
    }

    record Halted(String summary) implements OpEvent {
    }
}
