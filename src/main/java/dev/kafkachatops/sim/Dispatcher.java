package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates envelopes, delivers them (Socket Mode: to the newest open connection, queued while none is open;
 * HTTP mode: signed POST to the request URL) and records acks by envelope id.
 */
final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    static final class Env {
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

        Env(String id, String type, String transport, String summary, ObjectNode payload,
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

    private final SimOptions options;
    private final Workspace workspace;
    private final Map<String, Env> envelopes = new LinkedHashMap<>();
    private final Deque<Env> pending = new ArrayDeque<>();
    private volatile SimSocketServer socket;
    private final ExecutorService httpExecutor;
    private final HttpClient httpClient;

    Dispatcher(SimOptions options, Workspace workspace) {
        this.options = options;
        this.workspace = workspace;
        if (options.deliveryMode() == DeliveryMode.HTTP) {
            AtomicInteger n = new AtomicInteger();
            this.httpExecutor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "slack-sim-http-delivery-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.httpClient = HttpClient.newBuilder().executor(httpExecutor)
                    .connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
        } else {
            this.httpExecutor = null;
            this.httpClient = null;
        }
    }

    void socket(SimSocketServer socket) {
        this.socket = socket;
    }

    private String transport() {
        return options.deliveryMode() == DeliveryMode.HTTP ? "http" : "socket";
    }

    /** Creates, registers and delivers (or queues) a new envelope. */
    Env send(String type, ObjectNode payload, String summary, boolean acceptsResponsePayload, String responseUrlId) {
        Env e = new Env(UUID.randomUUID().toString(), type, transport(), summary, payload, acceptsResponsePayload,
                responseUrlId, 0);
        register(e);
        deliver(e);
        return e;
    }

    /** Sends the same payload again with retry_attempt + 1 and a new envelope id. */
    Env redeliver(String envelopeId) {
        Env old = get(envelopeId);
        Env e = new Env(UUID.randomUUID().toString(), old.type, transport(), old.summary + " (retry)",
                old.payload.deepCopy(), old.acceptsResponsePayload, old.responseUrlId, old.retryAttempt + 1);
        register(e);
        deliver(e);
        return e;
    }

    private synchronized void register(Env e) {
        envelopes.put(e.id, e);
    }

    synchronized Env get(String envelopeId) {
        Env e = envelopeId == null ? null : envelopes.get(envelopeId);
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

    private void deliver(Env e) {
        if (httpClient != null) {
            deliverHttp(e);
            return;
        }
        synchronized (this) {
            pending.addLast(e);
        }
        flush();
    }

    /** Writes queued envelopes to the newest open connection (called on enqueue and on connect). */
    void flush() {
        SimSocketServer s = socket;
        if (s == null) {
            return;
        }
        synchronized (this) {
            int attempts = 0;
            while (!pending.isEmpty() && attempts < 10) {
                WebSocket conn = s.newestOpen();
                if (conn == null) {
                    return;
                }
                Env e = pending.peekFirst();
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
            for (Env e : envelopes.values()) {
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

    private ObjectNode socketEnvelope(Env e) {
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
        Env e;
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
        Env e = get(envelopeId);
        return await(e, timeout);
    }

    static boolean await(Env e, Duration timeout) {
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

    SimResult result(Env e, Duration wait) {
        boolean acked = await(e, wait);
        return new SimResult(true, e.id, acked, acked ? e.ackMillis() : -1,
                acked && e.ackPayload != null ? e.ackPayload.deepCopy() : null);
    }

    // ------------------------------------------------------------------ HTTP mode

    private void deliverHttp(Env e) {
        String body;
        String contentType;
        switch (e.type) {
            case "slash_commands" -> {
                Map<String, String> fields = new LinkedHashMap<>();
                e.payload.properties().forEach(p -> fields.put(p.getKey(), p.getValue().asText()));
                body = HttpUtil.formEncode(fields);
                contentType = "application/x-www-form-urlencoded";
            }
            case "interactive" -> {
                body = HttpUtil.formEncode(Map.of("payload", Json.write(e.payload)));
                contentType = "application/x-www-form-urlencoded";
            }
            default -> {
                body = Json.write(e.payload);
                contentType = "application/json";
            }
        }
        String ts = Long.toString(Instant.now().getEpochSecond());
        HttpRequest.Builder rb = HttpRequest.newBuilder(options.requestUrl())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
                .header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", sign(options.signingSecret(), ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (e.retryAttempt > 0) {
            rb.header("X-Slack-Retry-Num", Integer.toString(e.retryAttempt));
            rb.header("X-Slack-Retry-Reason", "http_timeout");
        }
        e.deliveredNanos = System.nanoTime();
        e.deliveredAt = Instant.now();
        httpClient.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .whenComplete((resp, err) -> {
                    if (err != null) {
                        log.warn("HTTP delivery of {} to {} failed: {}", e.id, options.requestUrl(), err.toString());
                        return;
                    }
                    e.httpStatus = resp.statusCode();
                    if (resp.statusCode() != 200) {
                        log.warn("HTTP delivery of {} answered {}: {}", e.id, resp.statusCode(), resp.body());
                        return;
                    }
                    onAck(e.id, ackPayloadFromBody(resp));
                });
    }

    private static JsonNode ackPayloadFromBody(HttpResponse<String> resp) {
        String b = resp.body();
        if (b == null || b.isBlank()) {
            return null;
        }
        String ct = resp.headers().firstValue("Content-Type").orElse("");
        JsonNode parsed = ct.contains("json") || b.trim().startsWith("{") ? Json.parse(b) : null;
        if (parsed != null && parsed.isObject()) {
            return parsed;
        }
        return Json.obj().put("text", b);
    }

    /** {@code v0=} + hex HMAC-SHA256 of {@code v0:timestamp:body}, as Slack signs requests. */
    static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] h = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(h);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        if (httpExecutor != null) {
            httpExecutor.shutdownNow();
        }
        synchronized (this) {
            envelopes.values().forEach(e -> e.ackFuture.completeExceptionally(new IllegalStateException("closed")));
        }
    }
}
