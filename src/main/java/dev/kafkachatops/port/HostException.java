package dev.kafkachatops.port;

/**
 * A broker host operation that did not happen or did not finish. The message is one line that starts with the
 * host's name and says what to do. {@link #retryable()} is true when repeating the same call may succeed
 * (the host was unreachable, a command timed out); false when something must be fixed first (a refused host
 * key, a missing version folder, a command that failed).
 */
public class HostException extends Exception {
    private final boolean retryable;

    public HostException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public HostException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
