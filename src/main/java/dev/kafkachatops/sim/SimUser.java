package dev.kafkachatops.sim;

import java.util.Objects;

/**
 * A workspace member known to the simulator.
 *
 * @param id       Slack user id, e.g. {@code U0ALICE}
 * @param name     handle without {@code @}, e.g. {@code alice}
 * @param realName display name, e.g. {@code Alice Example}
 * @param tz       IANA time zone, e.g. {@code Europe/Berlin}
 * @param bot      whether the user is a bot user
 */
public record SimUser(String id, String name, String realName, String tz, boolean bot) {
    public SimUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        if (realName == null) {
            realName = name;
        }
        if (tz == null) {
            tz = "Europe/Berlin";
        }
    }

    public static SimUser human(String id, String name, String realName) {
        return new SimUser(id, name, realName, "Europe/Berlin", false);
    }

    public static SimUser bot(String id, String name) {
        return new SimUser(id, name, name, "America/Los_Angeles", true);
    }
}
