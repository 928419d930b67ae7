package dev.kafkachatops.run.reassign;

import java.time.Duration;
import java.util.List;

/** How a reassignment run ended, with what a person needs to know next. */
public record RunOutcome(Status status, String message, long bytesMoved, int partitionsMoved, Duration took,
                         List<String> warnings) {
    public RunOutcome {
        warnings = List.copyOf(warnings);
    }

    public enum Status {
        DONE(true), CANCELLED(true), FAILED(true), REFUSED(true), PAUSED(false);

        private final boolean terminal;

        Status(boolean terminal) {
            this.terminal = terminal;
        }

        public boolean terminal() {
            return terminal;
        }
    }
}
