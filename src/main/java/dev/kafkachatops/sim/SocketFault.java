package dev.kafkachatops.sim;

import java.time.Instant;
import java.util.Locale;

/**
 * A fault on Socket Mode: {@link Action#DROP} closes every open connection at once, without Slack's
 * {@code disconnect} message, as a network failure would; {@link Action#REFUSE} does the same and then fails the
 * WebSocket handshake of every new connection until {@code until}.
 *
 * @param id      {@code fault-N}
 * @param created when it was added
 * @param action  drop or refuse
 * @param seconds how long connections are refused (0 for a drop)
 * @param until   when the refusal ends, or null for a drop
 * @param dropped connections closed when it was added
 * @param refused connection attempts refused so far
 */
public record SocketFault(String id, Instant created, Action action, int seconds, Instant until, int dropped,
                          int refused) implements SimFault {

    /** What happens to the Socket Mode connections. */
    public enum Action {
        DROP, REFUSE;

        /** The name in the JSON API: {@code drop}, {@code refuse}. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** True while it refuses connections at {@code now}. */
    boolean refusing(Instant now) {
        return action == Action.REFUSE && now.isBefore(until);
    }

    SocketFault withDropped(int n) {
        return new SocketFault(id, created, action, seconds, until, n, refused);
    }

    SocketFault withRefusal() {
        return new SocketFault(id, created, action, seconds, until, dropped, refused + 1);
    }
}
