package dev.kafkachatops.adapter.metrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The Socket Mode listener over a real loopback socket: /healthz, /readyz (200 and 503) and /metrics. */
class OpsServerTest {
    private final BotMeters meters = new BotMeters();
    private final AtomicBoolean slack = new AtomicBoolean(true);
    private final Readiness readiness = new Readiness(List.of(new Readiness.Check("slack", slack::get),
            new Readiness.Check("database", () -> true)));
    private final HttpClient http = HttpClient.newHttpClient();
    private OpsServer server;

    @AfterEach
    void close() {
        if (server != null) server.close();
        meters.close();
    }

    @Test
    void servesHealthReadinessAndMetrics() throws Exception {
        server = OpsServer.start("127.0.0.1", 0, new OpsHttp(meters, readiness::evaluate));
        String base = "http://127.0.0.1:" + server.port();

        var health = get(base + "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");

        assertThat(get(base + "/readyz").statusCode()).isEqualTo(200);
        slack.set(false);
        var notReady = get(base + "/readyz");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("not ready: slack\n");
        assertThat(get(base + "/healthz").statusCode()).as("alive while not ready").isEqualTo(200);

        meters.slackCall("chat.postMessage", "ok");
        var metrics = get(base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(metrics.body()).contains("kafka_chatops_slack_calls_total{method=\"chat.postMessage\",outcome=\"ok\"} 1.0");

        assertThat(get(base + "/nothing").statusCode()).isEqualTo(404);
        var post = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void aReadinessCheckThatThrowsAnswers503NotAnError() throws Exception {
        Readiness broken = new Readiness(List.of(new Readiness.Check("database", () -> {
            throw new IllegalStateException("closed");
        })));
        server = OpsServer.start("127.0.0.1", 0, new OpsHttp(meters, broken::evaluate));
        var r = get("http://127.0.0.1:" + server.port() + "/readyz");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("not ready: database\n");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
