package dev.kafkachatops.e2e;

import com.slack.api.app_backend.SlackSignature;
import dev.kafkachatops.TestClusters;
import dev.kafkachatops.sim.SimMessage;
import dev.kafkachatops.sim.SimResult;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP mode: Bolt behind {@code bolt-jetty} with signature verification. The simulator delivers correctly signed
 * requests (accepted, the command runs); forged, stale and unsigned requests are refused and nothing runs.
 */
class SlackBotHttpModeIT {
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static KafkaClusterTestKit cluster;
    private static ChatBotHarness chat;
    private static final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestClusters.start(1);
        chat = ChatBotHarness.with(BotYaml.dataDir(data)
                        .cluster(BotYaml.Cluster.named("local", cluster.bootstrapServers()).channels("*")))
                .http(SECRET).connectWithin(Duration.ofSeconds(10)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chat != null) chat.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void signedRequestsAreAcceptedAndRun() {
        SimResult r = chat.command("alice", "status");
        assertThat(chat.acked(r)).isTrue();
        SimMessage status = chat.await(m -> m.bot() && m.text().startsWith("Cluster local: healthy"));
        assertThat(status.fullText()).contains("1 of 1 alive");
    }

    /** {@code /metrics}, {@code /healthz} and {@code /readyz} on the bot's HTTP server, beside Slack's requests. */
    @Test
    void opsEndpointsAreServedBesideSlacksRequests() throws Exception {
        String base = "http://127.0.0.1:" + chat.config.slack().httpPort();
        var health = http.send(HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        var ready = http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");
        chat.command("alice", "status");
        chat.await(m -> m.bot() && m.text().startsWith("Cluster local: healthy"));
        var metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("kafka_chatops_operations{kind=\"rebalance\",state=\"done\"} 0.0")
                .contains("kafka_chatops_slack_calls_total{method=\"chat.postMessage\",outcome=\"ok\"}")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void forgedStaleAndUnsignedRequestsAreRefusedAndNothingRuns() throws Exception {
        long postsBefore = postMessageCalls();
        String body = slashBody("status");
        long now = System.currentTimeMillis() / 1000;
        String valid = new SlackSignature.Generator(SECRET).generate(String.valueOf(now), body);
        String forged = new SlackSignature.Generator("not-the-secret").generate(String.valueOf(now), body);
        long stale = now - 600;
        String staleSig = new SlackSignature.Generator(SECRET).generate(String.valueOf(stale), body);

        assertThat(post(body, String.valueOf(now), forged).statusCode()).isEqualTo(401);
        assertThat(post(body, String.valueOf(stale), staleSig).statusCode()).isEqualTo(401);
        assertThat(post(body, null, null).statusCode()).isEqualTo(401);
        assertThat(post(body + "&text=cancel+1", String.valueOf(now), valid).statusCode())
                .as("signature over a different body").isEqualTo(401);
        Thread.sleep(1500);
        assertThat(postMessageCalls()).as("no command ran").isEqualTo(postsBefore);

        // the control: the same request with a valid signature is accepted
        assertThat(post(body, String.valueOf(now), valid).statusCode()).isEqualTo(200);
        Await.until("a message posted", Duration.ofSeconds(15), () -> postMessageCalls() != postsBefore);
        assertThat(postMessageCalls()).isEqualTo(postsBefore + 1);
    }

    private static long postMessageCalls() {
        return chat.sim.apiCalls().stream().filter(c -> c.method().equals("chat.postMessage")).count();
    }

    private static String slashBody(String text) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("token", "legacy");
        f.put("team_id", "T0SIM");
        f.put("team_domain", "sim");
        f.put("channel_id", "C0GENERAL");
        f.put("channel_name", "general");
        f.put("user_id", "U0DAVE");
        f.put("user_name", "dave");
        f.put("command", "/kafka");
        f.put("text", text);
        f.put("api_app_id", "A0SIM");
        f.put("response_url", chat.sim.pageUrl() + "response/forged");
        f.put("trigger_id", "1.2.3");
        return f.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> post(String body, String timestamp, String signature) throws Exception {
        var b = HttpRequest.newBuilder(chat.endpoint()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timestamp != null) b.header("X-Slack-Request-Timestamp", timestamp);
        if (signature != null) b.header("X-Slack-Signature", signature);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
