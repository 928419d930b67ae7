package dev.kafkachatops.ops;

/** How a run ended (or stopped): {@code summary} is one line for the plan message and the audit log. */
public record RunResult(Status status, String summary) {
    public enum Status {
        DONE, PAUSED, CANCELLED, FAILED,
        /** Stopped at a failed step with its state kept: the operator retries, rolls back or aborts. */
        HALTED
    }
}
