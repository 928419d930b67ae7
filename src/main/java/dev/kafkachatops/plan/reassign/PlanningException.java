package dev.kafkachatops.plan.reassign;

/**
 * A request that cannot be planned as asked. The message is one line meant for a person, and says what is wrong
 * with the request (unknown or dead broker, too few target brokers, mixed rack information...): fix the request
 * and plan again. Nothing was changed in the cluster.
 */
public final class PlanningException extends RuntimeException {
    public PlanningException(String message) {
        super(message);
    }
}
