package dev.kafkachatops.sim;

/** How the simulator delivers envelopes (slash commands, events, interactions) to the bot. */
public enum DeliveryMode {
    /** The bot connects with {@code apps.connections.open} and a WebSocket (default). */
    SOCKET_MODE,
    /** Envelopes are POSTed to the bot's request URL, signed with the signing secret, like Slack's HTTP mode. */
    HTTP
}
