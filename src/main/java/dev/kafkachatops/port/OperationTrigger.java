package dev.kafkachatops.port;

/** What a durable timer calls when it fires: the workflow's entry point for starting or continuing a run. */
public interface OperationTrigger {
    /**
     * Starts or continues the operation if it may run now (runs it to its end or next stop on the caller's thread).
     * {@code breakGlass}: an approver's run-now (may start outside a window); {@code recovering}: the scheduler
     * re-fires a run that a crashed bot left RUNNING.
     */
    void fire(String operationId, boolean breakGlass, boolean recovering);
}
