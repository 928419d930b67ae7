package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Socket Mode faults against a real, unchanged Bolt app (Java-WebSocket backend): it reconnects by itself after a
 * drop (the SDK's session monitor notices within about 5 s) and after a refusal ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlackSimulatorSocketFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackSimulator sim;
    private BoltSocketHarness bolt;
    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        sim = SlackSimulator.start(SimOptions.builder().ackWait(Duration.ofMillis(500)).build());
        try {
            bolt = new BoltSocketHarness(sim, app -> app.command("/kafka", (req, ctx) -> {
                commands.add(req.getPayload().getText());
                return ctx.ack("pong: " + req.getPayload().getText());
            }));
        } catch (Exception e) {
            sim.close();
            throw e;
        }
    }

    @AfterEach
    void stop() throws Exception {
        try {
            bolt.close();
        } finally {
            sim.close();
        }
    }

    /** A bare Socket Mode client that records how its connection ended and what it was sent. */
    static final class Watcher extends WebSocketClient {
        final List<String> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

        Watcher(URI uri) {
            super(uri);
            setDaemon(true);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
        }

        @Override
        public void onMessage(String message) {
            received.add(message);
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            closeCode.complete(code);
        }

        @Override
        public void onError(Exception ex) {
        }
    }

    private Watcher watcher() throws Exception {
        try (Slack slack = BoltSocketHarness.slackFor(sim)) {
            String url = slack.methods(sim.appToken()).appsConnectionsOpen(r -> r.token(sim.appToken())).getUrl();
            assertThat(url).as("apps.connections.open answers with a URL").isNotNull();
            return new Watcher(URI.create(url));
        }
    }

    private JsonNode postFault(String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.pageUrl() + "api/sim/faults"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("fault");
    }

    private static boolean waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    private long connectionsOpened() {
        return sim.apiCalls().stream().filter(c -> c.method().equals("apps.connections.open")).count();
    }

    @Test
    void droppedConnectionsCloseWithoutGoodbyeAndBoltReconnectsByItself() throws Exception {
        Watcher raw = watcher();
        assertThat(raw.connectBlocking(5, TimeUnit.SECONDS)).isTrue();
        assertThat(waitFor(() -> raw.received.size() == 1, Duration.ofSeconds(5))).as("hello").isTrue();
        long opened = connectionsOpened();

        JsonNode drop = postFault("{\"socket\":\"drop\"}");
        assertThat(drop.path("socket").asText()).isEqualTo("drop");
        assertThat(drop.path("dropped").asInt()).isEqualTo(2);
        assertThat(drop.path("id").asText()).startsWith("fault-");
        assertThat(raw.closeCode.get(5, TimeUnit.SECONDS)).as("closed abnormally, no close frame").isEqualTo(1006);
        assertThat(raw.received).as("no disconnect message").hasSize(1).allMatch(m -> m.contains("\"hello\""));
        assertThat(sim.socketConnections()).isZero();
        assertThat(sim.faults().pending()).as("a drop is not kept").isEmpty();

        assertThat(waitFor(() -> sim.socketConnections() == 1, Duration.ofSeconds(20))).as("Bolt reconnected")
                .isTrue();
        assertThat(connectionsOpened()).isGreaterThan(opened);
        SimResult r = sim.command("bob", "general", "after-drop");
        assertThat(sim.delivered(r.envelopeId())).isTrue();
        assertThat(r.acked()).isTrue();
        assertThat(r.ackPayload().path("text").asText()).isEqualTo("pong: after-drop");
        assertThat(commands).contains("after-drop");
    }

    @Test
    void refusedConnectionsFailUntilTheRefusalEndsThenBoltIsBack() throws Exception {
        JsonNode refuse = postFault("{\"socket\":\"refuse\",\"seconds\":3}");
        Instant until = Instant.parse(refuse.path("until").asText());
        assertThat(refuse.path("dropped").asInt()).isEqualTo(1);
        assertThat(refuse.path("secondsLeft").asInt()).isEqualTo(3);
        assertThat(sim.socketConnections()).isZero();

        // apps.connections.open still answers, but the WebSocket handshake fails
        Watcher raw = watcher();
        assertThat(raw.connectBlocking(5, TimeUnit.SECONDS)).as("handshake refused").isFalse();
        assertThat(sim.faults().pending()).singleElement()
                .satisfies(f -> assertThat(((SocketFault) f).refused()).isGreaterThanOrEqualTo(1));

        // a command typed during the outage waits for the bot
        SimResult queued = sim.command("alice", "general", "during-outage");
        assertThat(sim.delivered(queued.envelopeId())).isFalse();
        assertThat(queued.acked()).isFalse();

        assertThat(waitFor(() -> sim.socketConnections() == 1, Duration.ofSeconds(25))).as("Bolt reconnected")
                .isTrue();
        assertThat(Instant.now()).isAfterOrEqualTo(until);
        assertThat(sim.awaitAcked(queued.envelopeId(), Duration.ofSeconds(5))).isTrue();
        assertThat(commands).contains("during-outage");
        assertThat(sim.faults().pending()).as("the refusal ended by itself").isEmpty();
        SimResult after = sim.command("alice", "general", "after-outage");
        assertThat(after.acked()).isTrue();
        assertThat(after.ackPayload().path("text").asText()).isEqualTo("pong: after-outage");
    }

    @Test
    void boltSurvivesItsOwnRefusedHandshakesAndReconnectsAfterwards() throws Exception {
        long opened = connectionsOpened();
        postFault("{\"socket\":\"refuse\",\"seconds\":7}");
        // the SDK's session monitor checks every 5 s: it tries at least once during the refusal
        assertThat(waitFor(() -> sim.faults().pending().stream()
                .anyMatch(f -> ((SocketFault) f).refused() >= 1), Duration.ofSeconds(8)))
                .as("Bolt's own handshake was refused").isTrue();
        assertThat(connectionsOpened()).as("apps.connections.open kept answering").isGreaterThan(opened);
        assertThat(sim.socketConnections()).isZero();
        assertThat(waitFor(() -> sim.socketConnections() == 1, Duration.ofSeconds(25))).as("Bolt reconnected")
                .isTrue();
        assertThat(sim.command("carol", "general", "after-refusals").acked()).isTrue();
    }

    @Test
    void boltRetriesWhenAppsConnectionsOpenFailsAfterADrop() throws Exception {
        postFault("{\"method\":\"apps.connections.open\",\"status\":503,\"count\":1}");
        postFault("{\"socket\":\"drop\"}");
        // the SDK turns the 503 into an IOException and tries again 10 s later
        assertThat(waitFor(() -> sim.socketConnections() == 1, Duration.ofSeconds(30))).as("Bolt reconnected")
                .isTrue();
        assertThat(sim.apiCalls().stream().filter(c -> c.method().equals("apps.connections.open")))
                .extracting(SimApiCall::status).endsWith(503, 200);
        assertThat(sim.command("dave", "general", "after-503").acked()).isTrue();
    }
}
