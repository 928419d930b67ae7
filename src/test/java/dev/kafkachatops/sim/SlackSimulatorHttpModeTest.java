package dev.kafkachatops.sim;

import com.slack.api.Slack;
import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.jetty.SlackAppServer;
import com.slack.api.model.event.ReactionAddedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;
import static org.assertj.core.api.Assertions.assertThat;

/** HTTP delivery mode: signed POSTs to a real Bolt {@link SlackAppServer}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlackSimulatorHttpModeTest {
    private static final String SECRET = "test-signing-secret";

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
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

    @Test
    void commandsEventsAndActionsArePostedWithValidSignatures() throws Exception {
        int port = freePort();
        BlockingQueue<EventsApiPayload<ReactionAddedEvent>> events = new LinkedBlockingQueue<>();
        BlockingQueue<String> clicks = new LinkedBlockingQueue<>();
        SimOptions options = SimOptions.builder()
                .http(URI.create("http://127.0.0.1:" + port + "/slack/events"), SECRET).build();
        try (SlackSimulator sim = SlackSimulator.start(options)) {
            assertThat(sim.wsPort()).isEqualTo(-1);
            Slack slack = BoltSocketHarness.slackFor(sim);
            App app = new App(AppConfig.builder().singleTeamBotToken(sim.botToken()).signingSecret(SECRET)
                    .slack(slack).build());
            app.command("/kafka", (req, ctx) -> {
                String channel = req.getPayload().getChannelId();
                if (req.getPayload().getText().equals("plan")) {
                    ctx.client().chatPostMessage(r -> r.channel(channel).text("plan")
                            .blocks(asBlocks(actions(a -> a.elements(asElements(
                                    button(b -> b.actionId("approve").text(plainText("Approve")).value("42"))))))));
                }
                return ctx.ack("http ack: " + req.getPayload().getText() + " from " + req.getPayload().getUserName());
            });
            app.event(ReactionAddedEvent.class, (payload, ctx) -> {
                events.add(payload);
                return ctx.ack();
            });
            app.blockAction("approve", (req, ctx) -> {
                clicks.add(req.getPayload().getUser().getId() + ":" + req.getPayload().getActions().get(0).getValue());
                return ctx.ack();
            });
            SlackAppServer server = new SlackAppServer(app, "/slack/events", port);
            Thread t = new Thread(() -> {
                try {
                    server.start();
                } catch (Exception e) {
                    // stopped
                }
            }, "bolt-jetty-test");
            t.setDaemon(true);
            t.start();
            try {
                awaitPort(port);
                SimResult r = sim.command("alice", "general", "plan");
                assertThat(r.acked()).isTrue();
                assertThat(r.ackPayload().path("text").asText()).isEqualTo("http ack: plan from alice");
                SimEnvelope env = sim.envelopes().get(0);
                assertThat(env.transport()).isEqualTo("http");
                assertThat(env.httpStatus()).isEqualTo(200);
                assertThat(sim.messages("general")).anySatisfy(m -> {
                    assertThat(m.ephemeral()).isTrue();
                    assertThat(m.text()).isEqualTo("http ack: plan from alice");
                });
                SimMessage plan = sim.messages("general").stream().filter(m -> m.text().equals("plan")).findFirst()
                        .orElseThrow();

                SimResult react = sim.reaction("bob", "general", plan.ts(), "white_check_mark", false);
                assertThat(react.acked()).isTrue();
                EventsApiPayload<ReactionAddedEvent> ev = events.poll(5, TimeUnit.SECONDS);
                assertThat(ev).isNotNull();
                assertThat(ev.getEvent().getUser()).isEqualTo("U0BOB");
                assertThat(ev.getEvent().getItem().getTs()).isEqualTo(plan.ts());

                SimResult click = sim.action("carol", "general", plan.ts(), "approve", null);
                assertThat(click.acked()).isTrue();
                assertThat(clicks.poll(5, TimeUnit.SECONDS)).isEqualTo("U0CAROL:42");

                SimResult retry = sim.redeliver(react.envelopeId());
                assertThat(retry.acked()).isTrue();
                assertThat(events.poll(5, TimeUnit.SECONDS).getEventId()).isEqualTo(ev.getEventId());
            } finally {
                server.stop();
                slack.close();
            }
        }
    }

    @Test
    void aWrongSigningSecretIsRefusedByBolt() throws Exception {
        int port = freePort();
        SimOptions options = SimOptions.builder()
                .http(URI.create("http://127.0.0.1:" + port + "/slack/events"), "not-the-secret")
                .ackWait(Duration.ofMillis(1500)).build();
        try (SlackSimulator sim = SlackSimulator.start(options)) {
            Slack slack = BoltSocketHarness.slackFor(sim);
            App app = new App(AppConfig.builder().singleTeamBotToken(sim.botToken()).signingSecret(SECRET)
                    .slack(slack).build());
            app.command("/kafka", (req, ctx) -> ctx.ack("should not happen"));
            SlackAppServer server = new SlackAppServer(app, "/slack/events", port);
            Thread t = new Thread(() -> {
                try {
                    server.start();
                } catch (Exception e) {
                    // stopped
                }
            }, "bolt-jetty-test");
            t.setDaemon(true);
            t.start();
            try {
                awaitPort(port);
                SimResult r = sim.command("alice", "general", "status");
                assertThat(r.acked()).isFalse();
                assertThat(r.ackMillis()).isEqualTo(-1);
                assertThat(sim.envelopes().get(0).httpStatus()).isEqualTo(401);
            } finally {
                server.stop();
                slack.close();
            }
        }
    }
}
