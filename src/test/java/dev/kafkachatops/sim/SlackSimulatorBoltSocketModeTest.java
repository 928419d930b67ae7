package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;
import static org.assertj.core.api.Assertions.assertThat;

/** A real, unchanged Bolt app in Socket Mode against the simulator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlackSimulatorBoltSocketModeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SlackSimulator sim;
    private BoltSocketHarness bolt;
    private final HttpClient http = HttpClient.newHttpClient();
    private final BlockingQueue<EventsApiPayload<ReactionAddedEvent>> added = new LinkedBlockingQueue<>();
    private final BlockingQueue<EventsApiPayload<ReactionRemovedEvent>> removed = new LinkedBlockingQueue<>();
    private final BlockingQueue<BlockActionPayload> clicks = new LinkedBlockingQueue<>();
    private final AtomicReference<FilesUploadV2Response> upload = new AtomicReference<>();

    @BeforeAll
    void start() throws Exception {
        sim = SlackSimulator.start(SimOptions.defaults());
        try {
            bolt = new BoltSocketHarness(sim, app -> {
                app.command("/kafka", (req, ctx) -> {
                    String text = req.getPayload().getText();
                    String channel = req.getPayload().getChannelId();
                    if (text.startsWith("post ")) {
                        ChatPostMessageResponse post = ctx.client().chatPostMessage(r -> r.channel(channel)
                                .text("Working on " + text)
                                .blocks(asBlocks(
                                        header(h -> h.text(plainText("Plan " + text))),
                                        section(s -> s.text(markdownText("*Working* on `" + text + "`"))),
                                        actions(a -> a.elements(asElements(
                                                button(b -> b.actionId("approve").text(plainText("Approve"))
                                                        .value("v-" + text).style("primary")),
                                                button(b -> b.actionId("reject").text(plainText("Reject"))
                                                        .value("r-" + text).style("danger"))))))));
                        if (!post.isOk()) {
                            throw new IllegalStateException(post.getError());
                        }
                        ctx.client().chatUpdate(r -> r.channel(channel).ts(post.getTs()).text("Done: " + text)
                                .blocks(asBlocks(
                                        section(s -> s.text(markdownText("*Done* " + text))),
                                        actions(a -> a.elements(asElements(
                                                button(b -> b.actionId("approve").text(plainText("Approve"))
                                                        .value("v-" + text).style("primary")),
                                                button(b -> b.actionId("reject").text(plainText("Reject"))
                                                        .value("r-" + text).style("danger"))))))));
                        ctx.client().chatPostMessage(r -> r.channel(channel).threadTs(post.getTs())
                                .text("thread reply for " + text));
                        ctx.respond("responded: " + text);
                        return ctx.ack("ack: " + text);
                    }
                    if (text.startsWith("upload ")) {
                        upload.set(ctx.client().filesUploadV2(r -> r.channel(channel)
                                .content("file body for " + text).filename("plan.txt").title("Plan file")
                                .initialComment("Here is the plan")));
                        return ctx.ack();
                    }
                    return ctx.ack("unknown: " + text);
                });
                app.event(ReactionAddedEvent.class, (payload, ctx) -> {
                    added.add(payload);
                    return ctx.ack();
                });
                app.event(ReactionRemovedEvent.class, (payload, ctx) -> {
                    removed.add(payload);
                    return ctx.ack();
                });
                app.blockAction("approve", (req, ctx) -> {
                    clicks.add(req.getPayload());
                    ctx.respond(r -> r.replaceOriginal(true)
                            .text("Approved by <@" + req.getPayload().getUser().getId() + ">"));
                    return ctx.ack();
                });
                app.blockAction("reject", (req, ctx) -> {
                    clicks.add(req.getPayload());
                    ctx.respond(r -> r.deleteOriginal(true));
                    return ctx.ack();
                });
            });
        } catch (Exception e) {
            sim.close();
            throw e;
        }
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (bolt != null) {
                bolt.close();
            }
        } finally {
            sim.close();
        }
    }

    private SimMessage botMessage(String contains) {
        return sim.messages("general").stream()
                .filter(m -> !m.ephemeral() && m.bot() && m.fullText().contains(contains))
                .findFirst().orElseThrow(() -> new AssertionError("no bot message containing " + contains));
    }

    private String postPlan(String name) {
        SimResult r = sim.command("alice", "general", "post " + name);
        assertThat(r.acked()).as("acked").isTrue();
        return botMessage("Done: post " + name).ts();
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(sim.pageUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).isEqualTo(200);
        return JSON.readTree(resp.body());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.pageUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void commandIsDeliveredAckedAndItsMessagesAppear() throws Exception {
        SimResult r = sim.command("alice", "#general", "/kafka post alpha");
        assertThat(r.ok()).isTrue();
        assertThat(r.acked()).isTrue();
        assertThat(r.ackMillis()).isBetween(0L, 3000L);
        assertThat(r.ackPayload().path("text").asText()).isEqualTo("ack: post alpha");

        SimMessage plan = botMessage("Done: post alpha");
        assertThat(plan.user()).isEqualTo("U0BOT");
        assertThat(plan.username()).isEqualTo("kafka-chatops");
        assertThat(plan.edited()).isTrue();
        assertThat(plan.edits()).hasSize(1);
        assertThat(plan.edits().get(0).text()).isEqualTo("Working on post alpha");
        assertThat(plan.edits().get(0).blocks().get(0).path("type").asText()).isEqualTo("header");
        assertThat(plan.blocks().get(0).path("text").path("text").asText()).isEqualTo("*Done* post alpha");
        assertThat(plan.replies()).extracting(SimMessage::text).containsExactly("thread reply for post alpha");
        assertThat(plan.replies().get(0).threadTs()).isEqualTo(plan.ts());
        assertThat(plan.threadTs()).isEqualTo(plan.ts());

        List<SimMessage> ephemerals = sim.messages("general").stream()
                .filter(m -> m.ephemeral() && m.text().contains("post alpha")).toList();
        assertThat(ephemerals).extracting(SimMessage::text).containsExactly("responded: post alpha", "ack: post alpha");
        assertThat(ephemerals).allSatisfy(m -> assertThat(m.visibleTo()).isEqualTo("U0ALICE"));

        // the JSON API filters ephemerals by user
        JsonNode forBob = get("api/sim/messages?channel=general&user=bob");
        assertThat(forBob.path("channel").asText()).isEqualTo("C0GENERAL");
        assertThat(forBob.path("messages").findValuesAsText("text")).doesNotContain("ack: post alpha");
        JsonNode forAlice = get("api/sim/messages?channel=C0GENERAL&user=U0ALICE");
        assertThat(forAlice.path("messages").findValuesAsText("text")).contains("ack: post alpha");
        JsonNode planJson = null;
        for (JsonNode m : forAlice.path("messages")) {
            if (m.path("ts").asText().equals(plan.ts())) {
                planJson = m;
            }
        }
        assertThat(planJson).isNotNull();
        assertThat(planJson.path("bot").asBoolean()).isTrue();
        assertThat(planJson.path("edited").asBoolean()).isTrue();
        assertThat(planJson.path("edits").get(0).path("text").asText()).isEqualTo("Working on post alpha");
        assertThat(planJson.path("reply_count").asInt()).isEqualTo(1);
        assertThat(planJson.path("replies").get(0).path("text").asText()).isEqualTo("thread reply for post alpha");

        SimEnvelope env = sim.envelopes().stream().filter(e -> e.id().equals(r.envelopeId())).findFirst().orElseThrow();
        assertThat(env.type()).isEqualTo("slash_commands");
        assertThat(env.transport()).isEqualTo("socket");
        assertThat(env.acked()).isTrue();
        assertThat(env.payload().path("command").asText()).isEqualTo("/kafka");
        assertThat(env.payload().path("text").asText()).isEqualTo("post alpha");
        assertThat(env.payload().path("user_name").asText()).isEqualTo("alice");
        assertThat(env.payload().path("response_url").asText()).startsWith(sim.pageUrl() + "response/");
    }

    @Test
    void reactionsBecomeEventsAndShowOnTheMessage() throws Exception {
        String ts = postPlan("beta");
        added.clear();
        SimResult r = sim.reaction("bob", "general", ts, ":white_check_mark:", false);
        assertThat(r.acked()).isTrue();
        EventsApiPayload<ReactionAddedEvent> ev = added.poll(5, TimeUnit.SECONDS);
        assertThat(ev).isNotNull();
        assertThat(ev.getEvent().getUser()).isEqualTo("U0BOB");
        assertThat(ev.getEvent().getReaction()).isEqualTo("white_check_mark");
        assertThat(ev.getEvent().getItem().getTs()).isEqualTo(ts);
        assertThat(ev.getEvent().getItem().getChannel()).isEqualTo("C0GENERAL");
        assertThat(ev.getEvent().getItemUser()).isEqualTo("U0BOT");
        assertThat(ev.getEventId()).startsWith("Ev");
        assertThat(botMessage("Done: post beta").reaction("white_check_mark").orElseThrow().users())
                .containsExactly("U0BOB");

        // redelivery: same event_id, handled again (Bolt does not de-duplicate)
        SimResult again = sim.redeliver(r.envelopeId());
        assertThat(again.acked()).isTrue();
        assertThat(again.envelopeId()).isNotEqualTo(r.envelopeId());
        EventsApiPayload<ReactionAddedEvent> ev2 = added.poll(5, TimeUnit.SECONDS);
        assertThat(ev2).isNotNull();
        assertThat(ev2.getEventId()).isEqualTo(ev.getEventId());
        assertThat(sim.envelopes().stream().filter(e -> e.id().equals(again.envelopeId())).findFirst()
                .orElseThrow().retryAttempt()).isEqualTo(1);

        // removal through the JSON API over HTTP
        HttpResponse<String> resp = post("api/sim/reaction",
                "{\"user\":\"bob\",\"channel\":\"general\",\"ts\":\"" + ts
                        + "\",\"name\":\"white_check_mark\",\"removed\":true}");
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(resp.body()).path("acked").asBoolean()).isTrue();
        EventsApiPayload<ReactionRemovedEvent> rem = removed.poll(5, TimeUnit.SECONDS);
        assertThat(rem).isNotNull();
        assertThat(rem.getEvent().getUser()).isEqualTo("U0BOB");
        assertThat(botMessage("Done: post beta").reactions()).isEmpty();

        // the bot's own reaction: shown, delivered and acked, but ignored by Bolt's middleware
        added.clear();
        Slack slack = BoltSocketHarness.slackFor(sim);
        try {
            assertThat(slack.methods(sim.botToken()).reactionsAdd(q -> q.channel("C0GENERAL").timestamp(ts)
                    .name("eyes")).isOk()).isTrue();
            assertThat(slack.methods(sim.botToken()).reactionsAdd(q -> q.channel("C0GENERAL").timestamp(ts)
                    .name("eyes")).getError()).isEqualTo("already_reacted");
        } finally {
            slack.close();
        }
        SimEnvelope own = sim.envelopes().get(sim.envelopes().size() - 1);
        assertThat(own.payload().path("event").path("user").asText()).isEqualTo("U0BOT");
        assertThat(sim.awaitAcked(own.id(), Duration.ofSeconds(5))).isTrue();
        assertThat(added.poll(300, TimeUnit.MILLISECONDS)).isNull();
        assertThat(botMessage("Done: post beta").reaction("eyes").orElseThrow().users()).containsExactly("U0BOT");
    }

    @Test
    void blockActionsAreDeliveredAndResponseUrlReplacesOrDeletes() throws Exception {
        String ts = postPlan("gamma");
        clicks.clear();
        SimResult r = sim.action("carol", "general", ts, "approve", null);
        assertThat(r.acked()).isTrue();
        BlockActionPayload p = clicks.poll(5, TimeUnit.SECONDS);
        assertThat(p).isNotNull();
        assertThat(p.getUser().getId()).isEqualTo("U0CAROL");
        assertThat(p.getUser().getUsername()).isEqualTo("carol");
        assertThat(p.getContainer().getMessageTs()).isEqualTo(ts);
        assertThat(p.getChannel().getId()).isEqualTo("C0GENERAL");
        assertThat(p.getActions().get(0).getActionId()).isEqualTo("approve");
        assertThat(p.getActions().get(0).getValue()).isEqualTo("v-post gamma");
        assertThat(p.getMessage().getTs()).isEqualTo(ts);
        assertThat(p.getResponseUrl()).startsWith(sim.pageUrl() + "response/");

        SimMessage replaced = sim.messages("general").stream().filter(m -> m.ts().equals(ts)).findFirst()
                .orElseThrow();
        assertThat(replaced.text()).isEqualTo("Approved by <@U0CAROL>");
        assertThat(replaced.blocks()).isNull();
        assertThat(replaced.edits()).hasSize(2);

        // reject deletes the original (it has a thread reply, so a tombstone stays)
        String ts2 = postPlan("delta");
        HttpResponse<String> resp = post("api/sim/action", "{\"user\":\"dave\",\"channel\":\"C0GENERAL\",\"ts\":\""
                + ts2 + "\",\"action_id\":\"reject\"}");
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(resp.body()).path("acked").asBoolean()).isTrue();
        assertThat(clicks.poll(5, TimeUnit.SECONDS).getActions().get(0).getValue()).isEqualTo("r-post delta");
        SimMessage gone = sim.messages("general").stream().filter(m -> m.ts().equals(ts2)).findFirst().orElseThrow();
        assertThat(gone.deleted()).isTrue();

        // unknown action id -> 400
        HttpResponse<String> bad = post("api/sim/action", "{\"user\":\"dave\",\"channel\":\"general\",\"ts\":\""
                + ts + "\",\"action_id\":\"nope\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error").asText()).isEqualTo("action_not_found");
    }

    @Test
    void filesUploadV2Works() throws Exception {
        SimResult r = sim.command("alice", "general", "upload zeta");
        assertThat(r.acked()).isTrue();
        FilesUploadV2Response res = upload.get();
        assertThat(res).isNotNull();
        assertThat(res.isOk()).isTrue();
        assertThat(res.getFile().getName()).isEqualTo("plan.txt");
        assertThat(res.getFile().getTitle()).isEqualTo("Plan file");

        SimMessage m = sim.messages("general").stream().filter(x -> "Here is the plan".equals(x.text()))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(m.files()).hasSize(1);
        SimMessage.File f = m.files().get(0);
        assertThat(f.name()).isEqualTo("plan.txt");
        assertThat(f.title()).isEqualTo("Plan file");
        assertThat(f.id()).isEqualTo(res.getFile().getId());
        HttpResponse<String> content = http.send(HttpRequest.newBuilder(URI.create(sim.pageUrl()
                + f.url().substring(1))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.body()).isEqualTo("file body for upload zeta");
        assertThat(content.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    }

    @Test
    void jsonApiOverHttp() throws Exception {
        HttpResponse<String> resp = post("api/sim/command", "{\"user\":\"dave\",\"channel\":\"general\","
                + "\"text\":\"hello\"}");
        assertThat(resp.statusCode()).isEqualTo(200);
        JsonNode r = JSON.readTree(resp.body());
        assertThat(r.path("ok").asBoolean()).isTrue();
        assertThat(r.path("acked").asBoolean()).isTrue();
        assertThat(r.path("ack_ms").asLong()).isBetween(0L, 3000L);
        assertThat(r.path("envelope_id").asText()).isNotEmpty();
        assertThat(resp.body()).doesNotContain("\n");

        HttpResponse<String> bad = post("api/sim/command", "{\"user\":\"mallory\",\"channel\":\"general\","
                + "\"text\":\"hello\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).path("error").asText()).isEqualTo("user_not_found");
        HttpResponse<String> badChannel = post("api/sim/command", "{\"user\":\"dave\",\"channel\":\"random\","
                + "\"text\":\"hello\"}");
        assertThat(JSON.readTree(badChannel.body()).path("error").asText()).isEqualTo("channel_not_found");
        HttpResponse<String> badTs = post("api/sim/reaction", "{\"user\":\"dave\",\"channel\":\"general\","
                + "\"ts\":\"1.000001\",\"name\":\"x\"}");
        assertThat(badTs.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badTs.body()).path("error").asText()).isEqualTo("message_not_found");

        JsonNode envs = get("api/sim/envelopes");
        JsonNode last = null;
        for (JsonNode e : envs.path("envelopes")) {
            if (e.path("id").asText().equals(r.path("envelope_id").asText())) {
                last = e;
            }
        }
        assertThat(last).isNotNull();
        assertThat(last.path("type").asText()).isEqualTo("slash_commands");
        assertThat(last.path("delivered").asBoolean()).isTrue();
        assertThat(last.path("acked").asBoolean()).isTrue();

        assertThat(get("api/sim/users").path("users").findValuesAsText("name"))
                .contains("alice", "bob", "carol", "dave", "kafka-chatops");
        assertThat(get("api/sim/users").path("groups").get(0).path("users").toString())
                .contains("U0BOB", "U0CAROL");
        assertThat(get("api/sim/channels").path("channels").get(0).path("id").asText()).isEqualTo("C0GENERAL");
        assertThat(get("api/sim/info").path("socket_connections").asInt()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void webApiRefusesUnknownTokensAndMethods() throws Exception {
        Slack slack = BoltSocketHarness.slackFor(sim);
        try {
            assertThat(slack.methods("xoxb-wrong").chatPostMessage(r -> r.channel("C0GENERAL").text("x"))
                    .getError()).isEqualTo("invalid_auth");
            assertThat(slack.methods(sim.botToken()).chatPostMessage(r -> r.channel("C0NOPE").text("x"))
                    .getError()).isEqualTo("channel_not_found");
            assertThat(slack.methods(sim.botToken()).chatUpdate(r -> r.channel("C0GENERAL").ts("1.000001")
                    .text("x")).getError()).isEqualTo("message_not_found");
            assertThat(slack.methods(sim.botToken()).appsConnectionsOpen(r -> r.token(sim.botToken()))
                    .getError()).isEqualTo("not_allowed_token_type");
            assertThat(slack.methods(sim.appToken()).authTest(r -> r).getUserId()).isEqualTo("U0BOT");
            var info = slack.methods(sim.botToken()).usersInfo(r -> r.user("U0ALICE"));
            assertThat(info.getUser().getName()).isEqualTo("alice");
            assertThat(info.getUser().getProfile().getRealName()).isEqualTo("Alice Archer");
            assertThat(info.getUser().getTz()).isEqualTo("Europe/Berlin");
            assertThat(slack.methods(sim.botToken()).usergroupsUsersList(r -> r.usergroup("S0APPROVERS"))
                    .getUsers()).containsExactly("U0BOB", "U0CAROL");
            assertThat(slack.methods(sim.botToken()).conversationsInfo(r -> r.channel("C0GENERAL"))
                    .getChannel().getName()).isEqualTo("general");
        } finally {
            slack.close();
        }
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(sim.apiUrlPrefix() + "auth.test"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(none.body()).path("error").asText()).isEqualTo("not_authed");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(sim.apiUrlPrefix() + "foo.bar"))
                .header("Authorization", "Bearer " + sim.botToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("unknown_method");
    }

    @Test
    void botReconnectsAfterDisconnectAndStillGetsCommands() throws Exception {
        assertThat(sim.disconnectSockets()).isGreaterThanOrEqualTo(1);
        SimResult r = sim.command("bob", "general", "after-disconnect");
        assertThat(r.acked()).isTrue();
        assertThat(r.ackPayload().path("text").asText()).isEqualTo("unknown: after-disconnect");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sim.socketConnections() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sim.socketConnections()).isEqualTo(1);
        assertThat(sim.command("bob", "general", "again").acked()).isTrue();
    }
}
