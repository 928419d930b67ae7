package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates envelopes, delivers them (Socket Mode: to one of the open connections, in turn, queued while none is
 * open; an envelope written to a connection that closes before it is acknowledged goes to another one, as Slack
 * retries; HTTP mode: signed POST to the request URL) and records acks by envelope id.
 */
final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final SimOptions options;
    private final Workspace workspace;
    private final Map<String, Envelope> envelopes = new LinkedHashMap<>();
    private final Deque<Envelope> pending = new ArrayDeque<>();
    private volatile SimSocketServer socket;
    /** Set in HTTP delivery mode, else null. */
    private final HttpDelivery http;

    Dispatcher(SimOptions options, Workspace workspace) {
        this.options = options;
        this.workspace = workspace;
        this.http = options.deliveryMode() == DeliveryMode.HTTP ? new HttpDelivery(options, this::onAck) : null;
    }

    void socket(SimSocketServer socket) {
        this.socket = socket;
    }

    private String transport() {
        return options.deliveryMode() == DeliveryMode.HTTP ? "http" : "socket";
    }

    /** Creates, registers and delivers (or queues) a new envelope. */
    Envelope send(String type, ObjectNode payload, String summary, boolean acceptsResponsePayload,
                  String responseUrlId) {
        return dispatch(type, payload, summary, acceptsResponsePayload, responseUrlId, 0);
    }

    /** Sends the same payload again with retry_attempt + 1 and a new envelope id. */
    Envelope redeliver(String envelopeId) {
        Envelope old = get(envelopeId);
        return dispatch(old.type, old.payload.deepCopy(), old.summary + " (retry)", old.acceptsResponsePayload,
                old.responseUrlId, old.retryAttempt + 1);
    }

    private Envelope dispatch(String type, ObjectNode payload, String summary, boolean acceptsResponsePayload,
                              String responseUrlId, int retryAttempt) {
        Envelope e = new Envelope(UUID.randomUUID().toString(), type, transport(), summary, payload,
                acceptsResponsePayload, responseUrlId, retryAttempt);
        register(e);
        deliver(e);
        return e;
    }

    private synchronized void register(Envelope e) {
        envelopes.put(e.id, e);
    }

    synchronized Envelope get(String envelopeId) {
        Envelope e = envelopeId == null ? null : envelopes.get(envelopeId);
        if (e == null) {
            throw new SimException("envelope_not_found", "unknown envelope " + envelopeId);
        }
        return e;
    }

    synchronized List<SimEnvelope> snapshot() {
        List<SimEnvelope> out = new ArrayList<>();
        envelopes.values().forEach(e -> out.add(e.snapshot()));
        return out;
    }

    private void deliver(Envelope e) {
        if (http != null) {
            http.deliver(e);
            return;
        }
        synchronized (this) {
            pending.addLast(e);
        }
        flush();
    }

    /** Writes queued envelopes to the open connections in turn (called on enqueue and on connect). */
    void flush() {
        SimSocketServer s = socket;
        if (s == null) {
            return;
        }
        synchronized (this) {
            int attempts = 0;
            while (!pending.isEmpty() && attempts < 10) {
                WebSocket conn = s.nextOpen();
                if (conn == null) {
                    return;
                }
                Envelope e = pending.peekFirst();
                try {
                    e.deliveredNanos = System.nanoTime();
                    e.deliveredAt = Instant.now();
                    conn.send(Json.write(socketEnvelope(e)));
                    e.sentOn = conn;
                    pending.pollFirst();
                    log.debug("delivered {} {} over socket", e.type, e.id);
                } catch (WebsocketNotConnectedException ex) {
                    e.deliveredAt = null;
                    attempts++;
                }
            }
        }
    }

    /**
     * A connection closed with envelopes written to it but not acknowledged (the client was reconnecting, as
     * Bolt does when a ping goes unanswered): send each once more on the next connection, as Slack does not
     * lose them either.
     */
    void onConnectionClosed(WebSocket conn) {
        synchronized (this) {
            for (Envelope e : envelopes.values()) {
                if (e.sentOn == conn && e.ackedAt == null && !e.resent) {
                    e.resent = true;
                    e.sentOn = null;
                    pending.addLast(e);
                    log.debug("re-sending unacknowledged {} {} after its connection closed", e.type, e.id);
                }
            }
        }
        flush();
    }

    private ObjectNode socketEnvelope(Envelope e) {
        ObjectNode o = Json.obj();
        o.put("envelope_id", e.id);
        o.set("payload", e.payload);
        o.put("type", e.type);
        o.put("accepts_response_payload", e.acceptsResponsePayload);
        o.put("retry_attempt", e.retryAttempt);
        o.put("retry_reason", e.retryAttempt == 0 ? "" : "timeout");
        return o;
    }

    /** Records an ack; a slash command ack with a body becomes the response shown to the user. */
    void onAck(String envelopeId, JsonNode payload) {
        Envelope e;
        synchronized (this) {
            e = envelopes.get(envelopeId);
        }
        if (e == null) {
            log.warn("ack for unknown envelope {}", envelopeId);
            return;
        }
        synchronized (e) {
            if (e.ackedAt != null) {
                log.debug("duplicate ack for {}", envelopeId);
                return;
            }
            e.ackNanos = System.nanoTime();
            e.ackedAt = Instant.now();
            e.ackPayload = payload == null || payload.isNull() || payload.isMissingNode() ? null : payload;
        }
        if ("slash_commands".equals(e.type) && e.ackPayload != null && e.responseUrlId != null
                && hasContent(e.ackPayload)) {
            try {
                workspace.responseUrls().applyResponse(e.responseUrlId, e.ackPayload, true);
            } catch (SimException ex) {
                log.warn("could not show the ack payload of {}: {}", envelopeId, ex.getMessage());
            }
        }
        e.ackFuture.complete(null);
    }

    private static boolean hasContent(JsonNode p) {
        return (p.hasNonNull("text") && !p.get("text").asText().isEmpty()) || p.has("blocks")
                || p.has("attachments") || p.path("delete_original").asBoolean(false);
    }

    boolean awaitAcked(String envelopeId, Duration timeout) {
        Envelope e = get(envelopeId);
        return await(e, timeout);
    }

    static boolean await(Envelope e, Duration timeout) {
        try {
            e.ackFuture.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException ex) {
            return e.ackedAt != null;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return e.ackedAt != null;
        } catch (ExecutionException ex) {
            return false;
        }
    }

    SimResult result(Envelope e, Duration wait) {
        boolean acked = await(e, wait);
        return new SimResult(true, e.id, acked, acked ? e.ackMillis() : -1,
                acked && e.ackPayload != null ? e.ackPayload.deepCopy() : null);
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        synchronized (this) {
            envelopes.values().forEach(e -> e.ackFuture.completeExceptionally(new IllegalStateException("closed")));
        }
    }
}
