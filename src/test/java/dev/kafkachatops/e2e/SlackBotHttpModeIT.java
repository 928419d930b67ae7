package dev.kafkachatops.e2e;

import com.slack.api.app_backend.SlackSignature;
import dev.kafkachatops.app.RunCommand;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.sim.SimMessage;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SimResult;
import dev.kafkachatops.sim.SlackSimulator;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP mode: Bolt behind {@code bolt-jetty} with signature verification. The simulator delivers correctly signed
 * requests (accepted, the command runs); forged, stale and unsigned requests are refused and nothing runs.
 */
class SlackBotHttpModeIT {
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static KafkaClusterTestKit cluster;
    private static SlackSimulator sim;
    private static RunCommand.Bot bot;
    private static URI endpoint;
    private static final HttpClient http = HttpClient.newHttpClient();

    @org.junit.jupiter.api.io.TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        cluster = dev.kafkachatops.TestClusters.start(1);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        endpoint = URI.create("http://127.0.0.1:" + port + "/slack/events");
        sim = SlackSimulator.start(SimOptions.builder().http(endpoint, SECRET).build());
        BotConfig config = new ConfigLoader(Map.of()).parse(Path.of("test.yaml"), """
                slack:
                  mode: http
                  httpPort: %d
                  apiUrl: %s
                storage:
                  dataDir: %s
                clusters:
                  - name: local
                    bootstrapServers: %s
                    channels: ["*"]
                """.formatted(port, sim.apiUrlPrefix(), data, cluster.bootstrapServers()));
        bot = RunCommand.Bot.start(config, new SlackCredentials(sim.botToken(), Optional.empty(),
                Optional.of(SECRET)));
        awaitPort(port);
    }

    @AfterAll
    static void stop() throws Exception {
        if (bot != null) bot.close();
        if (sim != null) sim.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void signedRequestsAreAcceptedAndRun() {
        SimResult r = sim.command("alice", "general", "status");
        assertThat(r.acked() || sim.awaitAcked(r.envelopeId(), Duration.ofSeconds(10))).isTrue();
        SimMessage status = awaitMessage(m -> m.bot() && m.text().startsWith("Cluster local: healthy"));
        assertThat(status.fullText()).contains("1 of 1 alive");
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
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (postMessageCalls() == postsBefore && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(postMessageCalls()).isEqualTo(postsBefore + 1);
    }

    private static long postMessageCalls() {
        return sim.apiCalls().stream().filter(c -> c.method().equals("chat.postMessage")).count();
    }

    private static String slashBody(String text) {
        Map<String, String> f = new java.util.LinkedHashMap<>();
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
        f.put("response_url", sim.pageUrl() + "response/forged");
        f.put("trigger_id", "1.2.3");
        return f.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> post(String body, String timestamp, String signature) throws Exception {
        var b = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timestamp != null) b.header("X-Slack-Request-Timestamp", timestamp);
        if (signature != null) b.header("X-Slack-Signature", signature);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static SimMessage awaitMessage(java.util.function.Predicate<SimMessage> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            var m = sim.messages("general").stream().filter(match).findFirst();
            if (m.isPresent()) return m.get();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no matching message; have " + sim.messages("general").stream()
                .map(SimMessage::text).toList());
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("port " + port + " not listening");
    }
}
