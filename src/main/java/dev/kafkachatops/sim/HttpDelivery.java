package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * HTTP delivery mode: POSTs each envelope's payload, signed like Slack signs requests, to the app's request URL
 * and hands a 200 answer's body to the ack callback.
 */
final class HttpDelivery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpDelivery.class);

    private final SimOptions options;
    private final BiConsumer<String, JsonNode> onAck;
    private final ExecutorService httpExecutor;
    private final HttpClient httpClient;

    /** {@code onAck} gets the envelope id and the ack payload (null for an empty body). */
    HttpDelivery(SimOptions options, BiConsumer<String, JsonNode> onAck) {
        this.options = options;
        this.onAck = onAck;
        this.httpExecutor = Executors.newFixedThreadPool(4, HttpUtil.daemonThreads("slack-sim-http-delivery-"));
        this.httpClient = HttpClient.newBuilder().executor(httpExecutor)
                .connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A request body and its content type. */
    private record Body(String text, String contentType) {
    }

    /** Slash commands come form-encoded, interactions as a form field {@code payload}, events as JSON. */
    private static Body encode(Envelope e) {
        return switch (e.type) {
            case "slash_commands" -> {
                Map<String, String> fields = new LinkedHashMap<>();
                e.payload.properties().forEach(p -> fields.put(p.getKey(), p.getValue().asText()));
                yield new Body(HttpUtil.formEncode(fields), "application/x-www-form-urlencoded");
            }
            case "interactive" -> new Body(HttpUtil.formEncode(Map.of("payload", Json.write(e.payload))),
                    "application/x-www-form-urlencoded");
            default -> new Body(Json.write(e.payload), "application/json");
        };
    }

    void deliver(Envelope e) {
        Body encoded = encode(e);
        String body = encoded.text();
        String ts = Long.toString(Instant.now().getEpochSecond());
        HttpRequest.Builder rb = HttpRequest.newBuilder(options.requestUrl())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", encoded.contentType())
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
                    onAck.accept(e.id, ackPayloadFromBody(resp));
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
        httpExecutor.shutdownNow();
    }
}
