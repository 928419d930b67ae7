package dev.kafkachatops.plan.upgrade;

/** A restart that will not be planned as asked; the message says why and what to ask instead. Nothing was changed. */
public final class RestartRefused extends RuntimeException {
    public RestartRefused(String message) {
        super(message);
    }
}
