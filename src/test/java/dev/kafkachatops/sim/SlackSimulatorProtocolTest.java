package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Wire-level checks with a raw WebSocket client and the Web API, without Bolt. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlackSimulatorProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackSimulator sim;
    private Slack slack;
    private MethodsClient bot;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<RawClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        sim = SlackSimulator.start(SimOptions.builder().ackWait(Duration.ofMillis(800)).build());
        slack = BoltSocketHarness.slackFor(sim);
        bot = slack.methods(sim.botToken());
    }

    @AfterEach
    void stop() throws Exception {
        for (RawClient c : clients) {
            c.closeBlocking();
        }
        slack.close();
        sim.close();
    }

    /** A bare Socket Mode client. */
    static final class RawClient extends WebSocketClient {
        final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();

        RawClient(URI uri) {
            super(uri);
            setDaemon(true);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
        }

        @Override
        public void onMessage(String message) {
            try {
                received.add(JSON.readTree(message));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
        }

        @Override
        public void onError(Exception ex) {
        }

        JsonNode next() throws InterruptedException {
            JsonNode n = received.poll(5, TimeUnit.SECONDS);
            assertThat(n).as("message from the simulator").isNotNull();
            return n;
        }
    }

    private RawClient connect() throws Exception {
        String url = slack.methods(sim.appToken()).appsConnectionsOpen(r -> r.token(sim.appToken())).getUrl();
        assertThat(url).startsWith("ws://127.0.0.1:" + sim.wsPort() + "/link/?ticket=");
        RawClient c = new RawClient(URI.create(url));
        clients.add(c);
        assertThat(c.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
        JsonNode hello = c.next();
        assertThat(hello.path("type").asText()).isEqualTo("hello");
        assertThat(hello.path("connection_info").path("app_id").asText()).isEqualTo("A0SIM");
        assertThat(hello.has("num_connections")).isTrue();
        assertThat(hello.has("debug_info")).isTrue();
        return c;
    }

    private JsonNode postJson(String url, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.createObjectNode().put("status", r.statusCode()).set("body", JSON.readTree(r.body()));
    }

    @Test
    void envelopesAcksAndAckPayloads() throws Exception {
        RawClient c = connect();
        CompletableFuture<SimResult> result = CompletableFuture.supplyAsync(
                () -> sim.command("alice", "general", "status  now"));
        JsonNode env = c.next();
        assertThat(env.path("type").asText()).isEqualTo("slash_commands");
        assertThat(env.path("accepts_response_payload").asBoolean()).isTrue();
        assertThat(env.path("retry_attempt").asInt()).isZero();
        assertThat(env.path("retry_reason").asText()).isEmpty();
        JsonNode p = env.path("payload");
        for (String f : List.of("token", "team_id", "team_domain", "channel_id", "channel_name", "user_id",
                "user_name", "command", "text", "api_app_id", "response_url", "trigger_id", "is_enterprise_install")) {
            assertThat(p.has(f)).as(f).isTrue();
        }
        assertThat(p.path("text").asText()).isEqualTo("status  now");
        assertThat(p.path("channel_name").asText()).isEqualTo("general");
        c.send("{\"envelope_id\":\"" + env.path("envelope_id").asText() + "\",\"payload\":{\"text\":\"raw ack\"}}");
        SimResult r = result.get(5, TimeUnit.SECONDS);
        assertThat(r.acked()).isTrue();
        assertThat(r.envelopeId()).isEqualTo(env.path("envelope_id").asText());
        assertThat(sim.messages("general")).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("raw ack");
            assertThat(m.ephemeral()).isTrue();
            assertThat(m.visibleTo()).isEqualTo("U0ALICE");
        });

        // a second connection gets the next envelope; the ack may come on any connection
        RawClient c2 = connect();
        CompletableFuture<SimResult> second = CompletableFuture.supplyAsync(
                () -> sim.command("bob", "general", "two"));
        JsonNode env2 = c2.next();
        assertThat(env2.path("payload").path("user_id").asText()).isEqualTo("U0BOB");
        assertThat(c.received.poll(200, TimeUnit.MILLISECONDS)).isNull();
        c.send("{\"envelope_id\":\"" + env2.path("envelope_id").asText() + "\"}");
        assertThat(second.get(5, TimeUnit.SECONDS).acked()).isTrue();

        // not acked: reported after the wait, a late ack is still recorded; connections take envelopes in turn
        SimResult late = sim.command("bob", "general", "three");
        assertThat(late.acked()).isFalse();
        JsonNode env3 = c.next();
        assertThat(c2.received.poll(200, TimeUnit.MILLISECONDS)).isNull();
        c2.send("{\"envelope_id\":\"" + env3.path("envelope_id").asText() + "\"}");
        assertThat(sim.awaitAcked(late.envelopeId(), Duration.ofSeconds(5))).isTrue();
    }

    /**
     * Two instances of one app (two open connections): like Slack, each envelope goes to ONE of them, in turn; one
     * written to a connection that dies before acknowledging it (its process killed) is sent to the other.
     */
    @Test
    void eachEnvelopeGoesToOneConnectionAndAnUnackedOneMovesToAnother() throws Exception {
        RawClient a = connect();
        RawClient b = connect();
        List<JsonNode> onA = new ArrayList<>();
        List<JsonNode> onB = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            SimResult r = CompletableFuture.supplyAsync(() -> sim.command("alice", "general", "n")).join();
            JsonNode got = a.received.poll(2, TimeUnit.SECONDS);
            JsonNode other = got == null ? b.next() : b.received.poll(100, TimeUnit.MILLISECONDS);
            assertThat(got == null ? null : other).as("envelope " + i + " delivered to both connections").isNull();
            (got != null ? onA : onB).add(got != null ? got : other);
            (got != null ? a : b).send("{\"envelope_id\":\"" + r.envelopeId() + "\"}");
        }
        assertThat(onA).hasSize(3);
        assertThat(onB).hasSize(3);

        // b takes the next envelope and dies without acknowledging it: a gets it
        CompletableFuture<SimResult> lost = CompletableFuture.supplyAsync(() -> sim.command("bob", "general", "x"));
        JsonNode first = a.received.poll(500, TimeUnit.MILLISECONDS);
        RawClient dying = first == null ? b : a;
        RawClient survivor = first == null ? a : b;
        JsonNode env = first != null ? first : b.next();
        dying.closeConnection(1006, "killed");
        JsonNode again = survivor.next();
        assertThat(again.path("envelope_id").asText()).isEqualTo(env.path("envelope_id").asText());
        survivor.send("{\"envelope_id\":\"" + again.path("envelope_id").asText() + "\"}");
        assertThat(lost.get(5, TimeUnit.SECONDS).envelopeId()).isEqualTo(env.path("envelope_id").asText());
        assertThat(sim.awaitAcked(env.path("envelope_id").asText(), Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void envelopesAreQueuedWhileNoConnectionIsOpen() throws Exception {
        SimResult r = sim.command("carol", "general", "queued");
        assertThat(r.acked()).isFalse();
        assertThat(sim.envelopes()).singleElement().satisfies(e -> assertThat(e.delivered()).isFalse());
        RawClient c = connect();
        JsonNode env = c.next();
        assertThat(env.path("envelope_id").asText()).isEqualTo(r.envelopeId());
        c.send("{\"envelope_id\":\"" + r.envelopeId() + "\"}");
        assertThat(sim.awaitAcked(r.envelopeId(), Duration.ofSeconds(5))).isTrue();
        assertThat(sim.envelopes().get(0).delivered()).isTrue();
    }

    @Test
    void unknownTicketIsRefused() throws Exception {
        RawClient c = new RawClient(URI.create("ws://127.0.0.1:" + sim.wsPort() + "/link/?ticket=bogus"));
        clients.add(c);
        assertThat(c.connectBlocking(5, TimeUnit.SECONDS)).isFalse();
        assertThat(sim.socketConnections()).isZero();
    }

    @Test
    void responseUrlsPostReplaceDeleteAndExpire() throws Exception {
        RawClient c = connect();
        CompletableFuture<SimResult> result = CompletableFuture.supplyAsync(
                () -> sim.command("dave", "general", "x"));
        JsonNode env = c.next();
        c.send("{\"envelope_id\":\"" + env.path("envelope_id").asText() + "\"}");
        assertThat(result.get(5, TimeUnit.SECONDS).acked()).isTrue();
        String url = env.path("payload").path("response_url").asText();

        assertThat(postJson(url, "{\"text\":\"first\"}").path("status").asInt()).isEqualTo(200);
        assertThat(sim.messages("general")).singleElement().satisfies(m -> {
            assertThat(m.ephemeral()).isTrue();
            assertThat(m.visibleTo()).isEqualTo("U0DAVE");
        });
        postJson(url, "{\"replace_original\":true,\"text\":\"second\"}");
        assertThat(sim.messages("general")).singleElement().satisfies(m -> {
            assertThat(m.text()).isEqualTo("second");
            assertThat(m.edits()).extracting(SimMessage.Edit::text).containsExactly("first");
        });
        postJson(url, "{\"response_type\":\"in_channel\",\"text\":\"for everyone\"}");
        assertThat(sim.messages("general")).filteredOn(m -> !m.ephemeral()).singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("for everyone"));
        postJson(url, "{\"delete_original\":true}");
        assertThat(sim.messages("general")).extracting(SimMessage::text).containsExactly("second");
        JsonNode fifth = postJson(url, "{\"text\":\"fifth use\"}");
        assertThat(fifth.path("status").asInt()).isEqualTo(200);
        JsonNode expired = postJson(url, "{\"text\":\"too many\"}");
        assertThat(expired.path("status").asInt()).isEqualTo(404);
        assertThat(expired.path("body").path("error").asText()).isEqualTo("expired_url");
    }

    @Test
    void webApiMessagesThreadsEphemeralsAndTimestamps() throws Exception {
        List<String> ts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            int n = i;
            ChatPostMessageResponse r = bot.chatPostMessage(q -> q.channel("general").text("m" + n));
            assertThat(r.isOk()).isTrue();
            assertThat(r.getTs()).matches("\\d{10}\\.\\d{6}");
            assertThat(r.getChannel()).isEqualTo("C0GENERAL");
            ts.add(r.getTs());
        }
        for (int i = 1; i < ts.size(); i++) {
            assertThat(new BigDecimal(ts.get(i))).isGreaterThan(new BigDecimal(ts.get(i - 1)));
        }
        String parent = ts.get(0);
        assertThat(bot.chatPostMessage(q -> q.channel("C0GENERAL").threadTs(parent).text("r1")).isOk()).isTrue();
        assertThat(bot.chatPostMessage(q -> q.channel("C0GENERAL").threadTs(parent).text("r2")
                .replyBroadcast(true)).isOk()).isTrue();
        assertThat(bot.chatPostMessage(q -> q.channel("C0GENERAL").threadTs("1.000001").text("x")).getError())
                .isEqualTo("thread_not_found");
        assertThat(bot.chatPostEphemeral(q -> q.channel("C0GENERAL").user("U0BOB").text("psst")).getMessageTs())
                .isNotBlank();
        assertThat(bot.chatDelete(q -> q.channel("C0GENERAL").ts(ts.get(1))).isOk()).isTrue();

        List<SimMessage> msgs = sim.messages("general");
        SimMessage first = msgs.get(0);
        assertThat(first.replies()).extracting(SimMessage::text).containsExactly("r1", "r2");
        assertThat(msgs).extracting(SimMessage::text).doesNotContain("m1").contains("r2", "psst");
        assertThat(msgs).filteredOn(SimMessage::ephemeral).singleElement()
                .satisfies(m -> assertThat(m.visibleTo()).isEqualTo("U0BOB"));
        assertThat(sim.messagesVisibleTo("general", "alice")).extracting(SimMessage::text).doesNotContain("psst");

        var history = bot.conversationsHistory(q -> q.channel("C0GENERAL").limit(5));
        assertThat(history.getMessages()).hasSize(5);
        assertThat(history.isHasMore()).isTrue();
        var replies = bot.conversationsReplies(q -> q.channel("C0GENERAL").ts(parent));
        assertThat(replies.getMessages()).extracting(m -> m.getText()).containsExactly("m0", "r1", "r2");
        assertThat(replies.getMessages().get(0).getReplyCount()).isEqualTo(2);

        // Block Kit limits like Slack
        String longHeader = "h".repeat(151);
        var invalid = bot.chatPostMessage(q -> q.channel("C0GENERAL").text("x")
                .blocksAsString("[{\"type\":\"header\",\"text\":{\"type\":\"plain_text\",\"text\":\"" + longHeader
                        + "\"}}]"));
        assertThat(invalid.getError()).isEqualTo("invalid_blocks");
        assertThat(invalid.getResponseMetadata().getMessages()).singleElement().asString()
                .contains("must be less than 151 characters").contains("/blocks/0/text/text");
        assertThat(bot.chatPostMessage(q -> q.channel("C0GENERAL").blocksAsString("{}")).getError())
                .isEqualTo("invalid_blocks_format");
        assertThat(bot.chatPostMessage(q -> q.channel("C0GENERAL")).getError()).isEqualTo("no_text");
    }

    @Test
    void legacyFilesUploadAndFilesInfo() throws Exception {
        var multipart = bot.filesUpload(q -> q.channels(List.of("general")).fileData("a,b\n1,2\n"
                .getBytes(StandardCharsets.UTF_8)).filename("data.csv").title("Data").initialComment("csv here"));
        assertThat(multipart.isOk()).isTrue();
        var form = bot.filesUpload(q -> q.channels(List.of("C0GENERAL")).content("plain text").filename("t.txt"));
        assertThat(form.isOk()).isTrue();
        var info = bot.filesInfo(q -> q.file(multipart.getFile().getId()));
        assertThat(info.getFile().getName()).isEqualTo("data.csv");
        assertThat(info.getFile().getMimetype()).isEqualTo("text/csv");
        List<SimMessage> msgs = sim.messages("general");
        assertThat(msgs).hasSize(2);
        assertThat(msgs.get(0).text()).isEqualTo("csv here");
        assertThat(msgs.get(0).files()).singleElement().satisfies(f -> {
            assertThat(f.title()).isEqualTo("Data");
            assertThat(f.size()).isEqualTo(8);
        });
        HttpResponse<String> content = http.send(HttpRequest.newBuilder(
                URI.create(sim.pageUrl() + "api/sim/files/" + form.getFile().getId())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(content.body()).isEqualTo("plain text");
    }

    @Test
    void binaryUploadsAreStoredByteForByte() throws Exception {
        byte[] blob = new byte[1024];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) (i * 7 + 0x80); // every byte value, most of them not valid UTF-8
        }
        var v2 = bot.filesUploadV2(q -> q.channel("C0GENERAL").fileData(blob).filename("chart.png").title("Chart"));
        assertThat(v2.isOk()).isTrue();
        var legacy = bot.filesUpload(q -> q.channels(List.of("general")).fileData(blob).filename("blob.bin"));
        assertThat(legacy.isOk()).isTrue();
        for (String id : List.of(v2.getFile().getId(), legacy.getFile().getId())) {
            HttpResponse<byte[]> content = http.send(HttpRequest.newBuilder(
                    URI.create(sim.pageUrl() + "api/sim/files/" + id)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(content.body()).as(id).isEqualTo(blob);
        }
        assertThat(sim.messages("general")).flatMap(SimMessage::files).extracting(SimMessage.File::mimetype)
                .containsExactly("image/png", "application/octet-stream");
        var info = bot.filesInfo(q -> q.file(v2.getFile().getId()));
        assertThat(info.getFile().getSize()).isEqualTo(blob.length);
        assertThat(info.getContent()).as("no text rendering of a binary file").isNull();
    }

    @Test
    void closeLeavesNoNonDaemonThreads() throws Exception {
        Set<Thread> before = nonDaemon();
        SlackSimulator other = SlackSimulator.start(SimOptions.defaults());
        other.close();
        other.close();
        Thread.sleep(200);
        Set<Thread> after = nonDaemon();
        after.removeAll(before);
        assertThat(after.stream().map(Thread::getName).collect(Collectors.toList())).isEmpty();
    }

    private static Set<Thread> nonDaemon() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !t.isDaemon())
                .collect(Collectors.toSet());
    }
}
