package dev.kafkachatops.sim;

import java.time.Instant;

/**
 * A fault injected into the simulator to see how the bot copes with a misbehaving Slack: Web API calls answered
 * with an error status or late ({@link ApiFault}), Socket Mode connections dropped or refused
 * ({@link SocketFault}). Added and listed through {@link SimFaults}.
 */
public sealed interface SimFault permits ApiFault, SocketFault {
    /** {@code fault-N}, unique within one simulator. */
    String id();

    /** When it was added. */
    Instant created();
}
