package dev.kafkachatops.sim;

/**
 * Bad input to the scripting API (unknown user, channel, message ts, action id...).
 * {@link #error()} is the short Slack-style error code, e.g. {@code channel_not_found}.
 */
public class SimException extends IllegalArgumentException {
    private final String error;

    public SimException(String error) {
        this(error, error);
    }

    public SimException(String error, String message) {
        super(message);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
