package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Web API faults through {@code /api/sim/faults}, seen by the real Slack SDK: {@code MethodsClient} (1.45.3)
 * throws {@link SlackApiException} for any non-2xx answer and does not retry.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlackSimulatorFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackSimulator sim;
    private Slack slack;
    private MethodsClient bot;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        sim = SlackSimulator.start(SimOptions.defaults());
        slack = BoltSocketHarness.slackFor(sim);
        bot = slack.methods(sim.botToken());
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        sim.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(URI.create(sim.pageUrl() + path))
                .header("Content-Type", "application/json").method(method, p).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a fault that must be accepted; returns the stored fault. */
    private JsonNode addFault(String json) throws Exception {
        HttpResponse<String> r = send("POST", "api/sim/faults", json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("fault");
    }

    private JsonNode faults() throws Exception {
        HttpResponse<String> r = send("GET", "api/sim/faults", null);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).path("faults");
    }

    /** The JSON API's record of the calls of {@code method}, oldest first. */
    private List<JsonNode> calls(String method) throws Exception {
        HttpResponse<String> r = send("GET", "api/sim/calls", null);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).path("calls").forEach(c -> {
            if (c.path("method").asText().equals(method)) {
                out.add(c);
            }
        });
        return out;
    }

    private SlackApiException postFails(String text) {
        return catchThrowableOfType(SlackApiException.class,
                () -> bot.chatPostMessage(r -> r.channel("C0GENERAL").text(text)));
    }

    @Test
    void rateLimitAnswers429WithRetryAfterForCountCallsThenNormalAnswersResume() throws Exception {
        JsonNode fault = addFault("{\"method\":\"chat.postMessage\",\"status\":429,\"retryAfter\":2,\"count\":2}");
        String id = fault.path("id").asText();
        assertThat(id).startsWith("fault-");
        assertThat(fault.path("remaining").asInt()).isEqualTo(2);
        assertThat(fault.path("error").asText()).isEqualTo("ratelimited");

        for (int attempt = 1; attempt <= 2; attempt++) {
            SlackApiException e = postFails("attempt " + attempt);
            assertThat(e).as("the SDK throws on HTTP 429").isNotNull();
            assertThat(e.getResponse().code()).isEqualTo(429);
            assertThat(e.getResponse().header("Retry-After")).isEqualTo("2");
            assertThat(e.getError().isOk()).isFalse();
            assertThat(e.getError().getError()).isEqualTo("ratelimited");
            assertThat(e.getResponseBody()).isEqualTo("{\"ok\":false,\"error\":\"ratelimited\"}");
            // other methods are not affected
            assertThat(bot.authTest(r -> r).isOk()).isTrue();
            if (attempt == 1) {
                assertThat(faults().get(0).path("remaining").asInt()).isEqualTo(1);
            }
        }
        assertThat(bot.chatPostMessage(r -> r.channel("C0GENERAL").text("attempt 3")).isOk()).isTrue();
        assertThat(faults()).as("used up").isEmpty();
        assertThat(sim.messages("general")).extracting(SimMessage::text).containsExactly("attempt 3");

        List<JsonNode> posts = calls("chat.postMessage");
        assertThat(posts).extracting(c -> c.path("status").asInt()).containsExactly(429, 429, 200);
        assertThat(posts).extracting(c -> c.path("fault").asText(null)).containsExactly(id, id, null);
        assertThat(posts).extracting(c -> c.path("ok").asBoolean()).containsExactly(false, false, true);
        assertThat(posts.get(0).path("error").asText()).isEqualTo("ratelimited");
        assertThat(sim.apiCalls().stream().filter(c -> c.method().equals("chat.postMessage")))
                .extracting(SimApiCall::status).containsExactly(429, 429, 200);
    }

    @Test
    void wildcard500FailsEveryMethodUntilCleared() throws Exception {
        String id = addFault("{\"method\":\"*\",\"status\":500}").path("id").asText();
        SlackApiException auth = catchThrowableOfType(SlackApiException.class, () -> bot.authTest(r -> r));
        assertThat(auth.getResponse().code()).isEqualTo(500);
        assertThat(auth.getResponse().header("Retry-After")).isNull();
        assertThat(auth.getError().getError()).isEqualTo("internal_error");
        assertThat(postFails("lost").getResponse().code()).isEqualTo(500);
        SlackApiException info = catchThrowableOfType(SlackApiException.class,
                () -> bot.conversationsInfo(r -> r.channel("C0GENERAL")));
        assertThat(info.getResponse().code()).isEqualTo(500);

        JsonNode pending = faults();
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).path("remaining").isNull()).isTrue();
        assertThat(pending.get(0).path("hits").asInt()).isEqualTo(3);

        HttpResponse<String> cleared = send("DELETE", "api/sim/faults", null);
        assertThat(JSON.readTree(cleared.body()).path("cleared").asInt()).isEqualTo(1);
        assertThat(faults()).isEmpty();
        assertThat(bot.chatPostMessage(r -> r.channel("C0GENERAL").text("back")).isOk()).isTrue();
        assertThat(sim.messages("general")).extracting(SimMessage::text).containsExactly("back");
        assertThat(calls("auth.test").get(0).path("status").asInt()).isEqualTo(500);
        assertThat(calls("auth.test").get(0).path("fault").asText()).isEqualTo(id);
    }

    @Test
    void latencyDelaysAnswersAloneOrWithAStatus() throws Exception {
        String slow = addFault("{\"method\":\"auth.test\",\"latencyMs\":600,\"count\":1}").path("id").asText();
        long t0 = System.nanoTime();
        assertThat(bot.authTest(r -> r).getUserId()).isEqualTo("U0BOT");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(600);
        assertThat(calls("auth.test").get(0).path("status").asInt()).isEqualTo(200);
        assertThat(calls("auth.test").get(0).path("fault").asText()).isEqualTo(slow);

        addFault("{\"method\":\"chat.postMessage\",\"status\":503,\"latencyMs\":400,\"count\":1}");
        long t1 = System.nanoTime();
        assertThat(postFails("slow and failed").getResponse().code()).isEqualTo(503);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1)).isGreaterThanOrEqualTo(400);
        assertThat(sim.messages("general")).isEmpty();
    }

    @Test
    void aSlowAnswerPastTheClientTimeoutStillTakesEffect() throws Exception {
        addFault("{\"method\":\"chat.postMessage\",\"latencyMs\":1500,\"count\":1}");
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(sim.apiUrlPrefix());
        config.getMethodsConfig().setStatsEnabled(false);
        config.setHttpClientReadTimeoutMillis(300);
        try (Slack impatient = Slack.getInstance(config)) {
            SocketTimeoutException e = catchThrowableOfType(SocketTimeoutException.class, () -> impatient
                    .methods(sim.botToken()).chatPostMessage(r -> r.channel("C0GENERAL").text("posted anyway")));
            assertThat(e).as("the SDK gives up after its read timeout").isNotNull();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sim.apiCalls().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sim.messages("general")).extracting(SimMessage::text).containsExactly("posted anyway");
        assertThat(calls("chat.postMessage")).hasSize(1);
    }

    @Test
    void listsAndClearsPendingFaults() throws Exception {
        addFault("{\"method\":\"chat.update\",\"status\":502,\"count\":3}");
        addFault("{\"method\":\"*\",\"latencyMs\":10}");
        JsonNode refuse = addFault("{\"socket\":\"refuse\",\"seconds\":60}");
        assertThat(refuse.path("secondsLeft").asInt()).isEqualTo(60);
        assertThat(refuse.path("dropped").asInt()).isZero();

        JsonNode pending = faults();
        assertThat(pending).hasSize(3);
        assertThat(pending.get(0).path("method").asText()).isEqualTo("chat.update");
        assertThat(pending.get(0).path("status").asInt()).isEqualTo(502);
        assertThat(pending.get(0).path("count").asInt()).isEqualTo(3);
        assertThat(pending.get(0).path("remaining").asInt()).isEqualTo(3);
        assertThat(pending.get(0).has("retryAfter")).isFalse();
        assertThat(pending.get(1).path("latencyMs").asInt()).isEqualTo(10);
        assertThat(pending.get(1).has("status")).isFalse();
        assertThat(pending.get(2).path("socket").asText()).isEqualTo("refuse");
        assertThat(pending.get(2).path("secondsLeft").asInt()).isBetween(1, 60);

        JsonNode cleared = JSON.readTree(send("DELETE", "api/sim/faults", null).body());
        assertThat(cleared.path("ok").asBoolean()).isTrue();
        assertThat(cleared.path("cleared").asInt()).isEqualTo(3);
        assertThat(faults()).isEmpty();
        assertThat(sim.faults().pending()).isEmpty();
        assertThat(send("PUT", "api/sim/faults", "{}").statusCode()).isEqualTo(405);
        // a 429 without retryAfter still has Retry-After, as Slack's always do
        assertThat(addFault("{\"method\":\"chat.postMessage\",\"status\":429}").path("retryAfter").asInt())
                .isEqualTo(1);
    }

    @Test
    void badInputIsRefusedWithOneLineAndChangesNothing() throws Exception {
        String[] bad = {
            "", "{\"method\":", "[1]", "{} {}",
            "{\"method\":\"chat.postMessage\",\"status\":429,\"colour\":\"red\"}",
            "{\"method\":\"chat.postMessage\",\"status\":429,\"count\":-1}",
            "{\"method\":\"chat.postMessage\",\"status\":429,\"count\":0}",
            "{\"method\":\"chat.postMessage\",\"status\":200}",
            "{\"method\":\"chat.postMessage\",\"status\":302}",
            "{\"method\":\"chat.postMessage\",\"status\":600}",
            "{\"method\":\"chat.postMessage\",\"status\":\"429\"}",
            "{\"method\":\"chat.postMessage\",\"status\":429.5}",
            "{\"method\":\"chat.postMessage\",\"status\":429,\"retryAfter\":-1}",
            "{\"method\":\"chat.postMessage\",\"latencyMs\":-5}",
            "{\"method\":\"chat.postMessage\",\"retryAfter\":2}",
            "{\"method\":\"chat.postMessage\"}",
            "{\"method\":\"chat.postMesage\",\"status\":500}",
            "{\"method\":\"\",\"status\":500}",
            "{\"socket\":\"explode\"}",
            "{\"socket\":\"refuse\"}",
            "{\"socket\":\"refuse\",\"seconds\":0}",
            "{\"socket\":\"drop\",\"seconds\":3}",
            "{\"socket\":\"drop\",\"method\":\"*\"}",
            "{\"status\":500}",
        };
        for (String body : bad) {
            HttpResponse<String> r = send("POST", "api/sim/faults", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.body()).as(body).doesNotContain("\n");
            JsonNode n = JSON.readTree(r.body());
            assertThat(n.path("ok").asBoolean()).isFalse();
            assertThat(n.path("error").asText()).isIn("invalid_json", "invalid_fault");
            assertThat(n.path("detail").asText()).as(body).isNotBlank();
        }
        assertThat(faults()).isEmpty();
        assertThat(sim.faults().pending()).isEmpty();
        assertThat(JSON.readTree(send("POST", "api/sim/faults",
                "{\"method\":\"chat.postMessage\",\"status\":429,\"count\":-1}").body()).path("detail").asText())
                .isEqualTo("count must be at least 1, got -1");
        assertThat(JSON.readTree(send("POST", "api/sim/faults", "{\"socket\":\"explode\"}").body())
                .path("detail").asText()).isEqualTo("unknown socket action \"explode\" (expected drop or refuse)");
        assertThat(bot.chatPostMessage(r -> r.channel("C0GENERAL").text("unharmed")).isOk()).isTrue();
    }

    @Test
    void socketFaultsNeedSocketMode() throws Exception {
        sim.close();
        sim = SlackSimulator.start(SimOptions.builder()
                .http(URI.create("http://127.0.0.1:9/slack/events"), "secret").build());
        HttpResponse<String> r = send("POST", "api/sim/faults", "{\"socket\":\"drop\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("socket_mode_disabled");
    }
}
