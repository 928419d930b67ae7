package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.java_websocket.WebSocket;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An envelope the {@link Dispatcher} tracks: its payload and its delivery and ack state ({@link SimEnvelope} is
 * the public snapshot of it).
 */
final class Envelope {
    final String id;
    final String type;
    final String transport;
    final String summary;
    final ObjectNode payload;
    final boolean acceptsResponsePayload;
    final String responseUrlId;
    final int retryAttempt;
    final Instant createdAt = Instant.now();
    final CompletableFuture<Void> ackFuture = new CompletableFuture<>();
    volatile Instant deliveredAt;
    volatile long deliveredNanos;
    /** The Socket Mode connection it was written to, and whether it was already re-sent once. */
    volatile WebSocket sentOn;
    volatile boolean resent;
    volatile Instant ackedAt;
    volatile long ackNanos;
    volatile JsonNode ackPayload;
    volatile int httpStatus;

    Envelope(String id, String type, String transport, String summary, ObjectNode payload,
        boolean acceptsResponsePayload, String responseUrlId, int retryAttempt) {
        this.id = id;
        this.type = type;
        this.transport = transport;
        this.summary = summary;
        this.payload = payload;
        this.acceptsResponsePayload = acceptsResponsePayload;
        this.responseUrlId = responseUrlId;
        this.retryAttempt = retryAttempt;
    }

    long ackMillis() {
        if (ackedAt == null || deliveredAt == null) {
            return -1;
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(ackNanos - deliveredNanos));
    }

    SimEnvelope snapshot() {
        return new SimEnvelope(id, type, transport, summary, payload.deepCopy(), retryAttempt, createdAt,
                deliveredAt, ackedAt, ackPayload == null ? null : ackPayload.deepCopy(), httpStatus);
    }
}
