package dev.kafkachatops.sim;

import java.util.Objects;

/**
 * A channel of the simulated workspace, e.g. {@code C0GENERAL} / {@code general}: public, private (only its members
 * see it; Slack hands slash commands from it with the name {@code privategroup}), or a direct message with the bot
 * ({@code D...}, made when the bot first writes to a user's id).
 */
public record SimChannel(String id, String name, boolean isPrivate) {
    public SimChannel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }

    /** A public channel. */
    public SimChannel(String id, String name) {
        this(id, name, false);
    }

    /** A direct message between the bot and one user. */
    public boolean im() {
        return id.startsWith("D");
    }
}
