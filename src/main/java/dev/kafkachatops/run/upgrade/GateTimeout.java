package dev.kafkachatops.run.upgrade;

/** A gate that did not pass in time. */
public final class GateTimeout extends Exception {
    GateTimeout(String message) {
        super(message);
    }
}
