package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

/**
 * Snapshot of one envelope the simulator sent to the bot.
 *
 * @param id           envelope id (for HTTP mode a simulator-side id; Slack sends none)
 * @param type         {@code slash_commands}, {@code events_api} or {@code interactive}
 * @param transport    {@code socket} or {@code http}
 * @param summary      short human readable description, e.g. {@code /kafka status by alice}
 * @param payload      the payload exactly as sent
 * @param retryAttempt 0 for the first delivery, n for the n-th redelivery
 * @param createdAt    when the envelope was created
 * @param deliveredAt  when it was written to a socket / POSTed (null while queued)
 * @param ackedAt      when the ack arrived (null when not acked)
 * @param ackPayload   payload of the ack, or null
 * @param httpStatus   HTTP status of the bot's answer in HTTP mode, 0 otherwise / not yet
 */
public record SimEnvelope(String id, String type, String transport, String summary, JsonNode payload,
                          int retryAttempt, Instant createdAt, Instant deliveredAt, Instant ackedAt,
                          JsonNode ackPayload, int httpStatus) {

    public boolean delivered() {
        return deliveredAt != null;
    }

    public boolean acked() {
        return ackedAt != null;
    }

    /** Milliseconds from delivery to ack, or -1 when not acked. */
    public long ackMillis() {
        if (ackedAt == null || deliveredAt == null) {
            return -1;
        }
        return Math.max(0, Duration.between(deliveredAt, ackedAt).toMillis());
    }
}
