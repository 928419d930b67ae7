package dev.kafkachatops.e2e;

import com.slack.api.app_backend.SlackSignature;
import dev.kafkachatops.adapter.slack.SlackBot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP mode, Bolt's request verification plus the bot's {@code ReplayGuard}: a signed request sent twice (same
 * body, same {@code X-Slack-Signature} and timestamp) is handled once; a request signed more than 5 minutes ago, or
 * with a bad signature, is refused with 401 and not handled. "Handled" is what the handler does first: it logs the
 * command, and answers {@code help} in the HTTP response.
 */
class SignedRequestReplayTest {
    private static final String SECRET = "replay-test-signing-secret-0123456789";
    private static final HttpClient http = HttpClient.newHttpClient();
    static ChatBotHarness chat;
    static CommandLogTest.Captured log;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        log = CommandLogTest.Captured.on(SlackBot.class.getName());
        chat = ChatBotHarness.with(BotYaml.dataDir(data).cluster(BotYaml.Cluster.named("prod", "127.0.0.1:1")))
                .http(SECRET).launcher(ChatBot.inProcess()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (log != null) log.close();
        if (chat != null) chat.close();
    }

    @Test
    void aReplayedSignedRequestIsHandledOnce() throws Exception {
        String marker = "replay-" + UUID.randomUUID();
        String body = slash("help " + marker);
        String ts = String.valueOf(Instant.now().getEpochSecond());
        String signature = new SlackSignature.Generator(SECRET).generate(ts, body);

        HttpResponse<String> first = post(body, ts, signature);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).as("handled: help answers in the response").isNotBlank();
        HttpResponse<String> again = post(body, ts, signature);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).as("the replay is acknowledged, not handled").isBlank();
        log.await("Ignoring a replayed request");
        assertThat(log.count(marker)).as("the command was handled once").isEqualTo(1);
    }

    @Test
    void anOldTimestampOrABadSignatureIsRefusedAndNotHandled() throws Exception {
        String marker = "refused-" + UUID.randomUUID();
        String body = slash("help " + marker);
        String old = String.valueOf(Instant.now().getEpochSecond() - 301);
        assertThat(post(body, old, new SlackSignature.Generator(SECRET).generate(old, body)).statusCode())
                .as("signed 5 min 1 s ago").isEqualTo(401);
        String now = String.valueOf(Instant.now().getEpochSecond());
        assertThat(post(body, now, new SlackSignature.Generator("another-secret").generate(now, body))
                .statusCode()).as("signed with another secret").isEqualTo(401);
        assertThat(post(body, now, "v0=" + "0".repeat(64)).statusCode()).as("a made-up signature").isEqualTo(401);
        // the control: the same body signed now is handled
        String valid = new SlackSignature.Generator(SECRET).generate(now, body);
        assertThat(post(body, now, valid).body()).isNotBlank();
        log.await(marker);
        assertThat(log.count(marker)).as("only the valid request was handled").isEqualTo(1);
    }

    private static String slash(String text) {
        return "token=legacy&team_id=T0SIM&channel_id=C0GENERAL&channel_name=general&user_id=U0DAVE&user_name=dave"
                + "&command=%2Fkafka&text=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                + "&api_app_id=A0SIM&trigger_id=1.2.3&response_url="
                + URLEncoder.encode(chat.sim.pageUrl() + "response/none", StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> post(String body, String ts, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(chat.endpoint()).header("Content-Type",
                        "application/x-www-form-urlencoded").header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
