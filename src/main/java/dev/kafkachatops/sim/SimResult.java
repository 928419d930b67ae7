package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Outcome of a scripted interaction (command, reaction, action).
 *
 * @param ok         always true for a delivered envelope (bad input throws {@link SimException})
 * @param envelopeId id of the envelope that carried the interaction
 * @param acked      whether the bot acknowledged it within the wait time (3 s by default)
 * @param ackMillis  milliseconds between delivery and ack, or -1 when not acked
 * @param ackPayload the ack's payload ({@code {"text":...}} for {@code ctx.ack("text")}), or null
 */
public record SimResult(boolean ok, String envelopeId, boolean acked, long ackMillis, JsonNode ackPayload) {
}
