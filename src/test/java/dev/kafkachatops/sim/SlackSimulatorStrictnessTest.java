package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the simulator is as strict as Slack, seen by the real Slack SDK: channel membership (the bot starts in
 * #general only), private channels, user groups by id only, and Slack's own {@code ok:false} answers injected with
 * {@code /api/sim/faults} (HTTP 200, like Slack), each compared with the shapes of Slack's published samples.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SlackSimulatorStrictnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private SlackSimulator sim;
    private Slack slack;
    private MethodsClient bot;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        sim = SlackSimulator.start(SimOptions.builder().addChannel("C0RANDOM", "random")
                .addPrivateChannel("G0SECRET", "secret").build());
        slack = BoltSocketHarness.slackFor(sim);
        bot = slack.methods(sim.botToken());
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        sim.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.pageUrl() + "api/sim/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A Web API call as raw JSON (the SDK's typed responses drop fields such as {@code warning}'s metadata). */
    private JsonNode raw(String method, String form) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.apiUrlPrefix() + method))
                .header("Authorization", "Bearer " + sim.botToken())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("Slack answers its own errors with HTTP 200").isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void theBotStartsInGeneralOnlyAndIsRefusedElsewhereLikeInSlack() throws Exception {
        assertThat(bot.chatPostMessage(r -> r.channel("C0GENERAL").text("hi")).isOk()).isTrue();
        assertThat(bot.chatPostMessage(r -> r.channel("C0RANDOM").text("hi")).getError()).isEqualTo("not_in_channel");
        assertThat(bot.chatPostMessage(r -> r.channel("G0SECRET").text("hi")).getError())
                .as("a private channel the bot is not in does not exist for it").isEqualTo("channel_not_found");
        assertThat(bot.conversationsInfo(r -> r.channel("G0SECRET")).getError()).isEqualTo("channel_not_found");
        var random = bot.conversationsInfo(r -> r.channel("C0RANDOM"));
        assertThat(random.isOk()).isTrue();
        assertThat(random.getChannel().isMember()).isFalse();
        assertThat(bot.conversationsInfo(r -> r.channel("C0GENERAL")).getChannel().isMember()).isTrue();
        var listed = bot.conversationsList(r -> r.types(List.of(ConversationType.PUBLIC_CHANNEL,
                ConversationType.PRIVATE_CHANNEL)));
        assertThat(listed.getChannels()).extracting(Conversation::getName).containsExactly("general", "random");
        assertThat(sim.messages("random")).isEmpty();
        assertThat(sim.messages("secret")).isEmpty();
    }

    @Test
    void membershipChangesExactlyAsPostedAndBadBodiesChangeNothing() throws Exception {
        HttpResponse<String> out = post("membership", "{\"channel\":\"general\",\"user\":\"U0BOT\",\"member\":false}");
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(out.body()).path("changed").asBoolean()).isTrue();
        assertThat(bot.chatPostMessage(r -> r.channel("C0GENERAL").text("hi")).getError()).isEqualTo("not_in_channel");
        assertThat(sim.members("general")).doesNotContain("U0BOT");

        for (String bad : List.of("{\"channel\":\"general\",\"user\":\"U0BOT\",\"member\":\"yes\"}",
                "{\"channel\":\"general\",\"user\":\"U0BOT\",\"member\":true,\"extra\":1}",
                "{\"channel\":\"nowhere\",\"user\":\"U0BOT\",\"member\":true}",
                "{\"channel\":\"general\",\"user\":\"nobody\",\"member\":true}")) {
            assertThat(post("membership", bad).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(sim.members("general")).doesNotContain("U0BOT");

        assertThat(post("membership", "{\"channel\":\"secret\",\"user\":\"U0BOT\",\"member\":true}").statusCode())
                .isEqualTo(200);
        assertThat(bot.chatPostMessage(r -> r.channel("G0SECRET").text("in")).isOk()).isTrue();
        assertThat(bot.conversationsList(r -> r.types(List.of(ConversationType.PRIVATE_CHANNEL))).getChannels())
                .extracting(Conversation::getId).containsExactly("G0SECRET");
    }

    @Test
    void anEphemeralToSomeoneOutsideTheChannelIsUserNotInChannelAndADirectMessageWorks() throws Exception {
        sim.membership("general", "dave", false);
        assertThat(bot.chatPostEphemeral(r -> r.channel("C0GENERAL").user("U0DAVE").text("psst")).getError())
                .isEqualTo("user_not_in_channel");
        var dm = bot.chatPostMessage(r -> r.channel("U0DAVE").text("psst"));
        assertThat(dm.isOk()).isTrue();
        assertThat(dm.getChannel()).isEqualTo("D0DAVE");
        assertThat(bot.chatPostMessage(r -> r.channel("U0DAVE").text("again")).getChannel()).isEqualTo("D0DAVE");
        assertThat(sim.messages("D0DAVE")).extracting(SimMessage::text).containsExactly("psst", "again");
        assertThat(sim.messages("U0DAVE")).extracting(SimMessage::text).containsExactly("psst", "again");
    }

    @Test
    void userGroupsAreReadByIdOnlyAHandleIsNoSuchSubteam() throws Exception {
        assertThat(bot.usergroupsUsersList(r -> r.usergroup("S0APPROVERS")).getUsers())
                .containsExactly("U0BOB", "U0CAROL");
        assertThat(bot.usergroupsUsersList(r -> r.usergroup("kafka-approvers")).getError()).isEqualTo("no_such_subteam");
        assertThat(bot.usergroupsUsersList(r -> r.usergroup("@kafka-approvers")).getError())
                .isEqualTo("no_such_subteam");
    }

    @Test
    void anErrorFaultAnswersSlacksOwnRefusalOnceAndPostsNothing() throws Exception {
        HttpResponse<String> added = post("faults",
                "{\"method\":\"files.getUploadURLExternal\",\"error\":\"missing_scope\",\"count\":1}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        assertThat(JSON.readTree(added.body()).path("fault").path("error").asText()).isEqualTo("missing_scope");
        JsonNode refused = raw("files.getUploadURLExternal", "filename=a.json&length=2");
        assertThat(refused.path("ok").asBoolean()).isFalse();
        assertThat(refused.path("error").asText()).isEqualTo("missing_scope");
        assertThat(refused.path("needed").asText()).isEqualTo("files:write");
        assertThat(refused.path("provided").asText()).contains("chat:write").doesNotContain("files:write");
        assertThat(raw("files.getUploadURLExternal", "filename=a.json&length=2").path("ok").asBoolean())
                .as("count 1: the next call runs").isTrue();
        assertThat(sim.apiCalls()).filteredOn(c -> c.method().equals("files.getUploadURLExternal"))
                .extracting(SimApiCall::error).containsExactly("missing_scope", null);

        for (String error : List.of("token_revoked", "account_inactive", "is_archived", "not_in_channel")) {
            post("faults", "{\"method\":\"chat.postMessage\",\"error\":\"" + error + "\",\"count\":1}");
            assertThat(bot.chatPostMessage(r -> r.channel("C0GENERAL").text(error)).getError()).isEqualTo(error);
        }
        assertThat(sim.messages("general")).isEmpty();
    }

    @Test
    void aWarningFaultKeepsTheCallAndAddsSlacksWarningShape() throws Exception {
        post("faults", "{\"method\":\"chat.postMessage\",\"warning\":\"missing_charset\",\"count\":1}");
        JsonNode r = raw("chat.postMessage", "channel=C0GENERAL&text=hi");
        assertThat(r.path("ok").asBoolean()).isTrue();
        assertThat(r.path("warning").asText()).isEqualTo("missing_charset");
        assertThat(r.path("response_metadata").path("warnings").get(0).asText()).isEqualTo("missing_charset");
        assertThat(r.path("response_metadata").path("messages").get(0).asText()).isEqualTo("[WARN] missing_charset");
        assertThat(sim.messages("general")).extracting(SimMessage::text).containsExactly("hi");
    }

    @Test
    void invalidErrorFaultsAreRefusedAndChangeNothing() throws Exception {
        for (String bad : List.of("{\"method\":\"chat.postMessage\",\"error\":\"Not A Code\"}",
                "{\"method\":\"chat.postMessage\",\"error\":\"missing_scope\",\"status\":500}",
                "{\"method\":\"chat.postMessage\",\"error\":\"not_in_channel\",\"needed\":\"chat:write\"}",
                "{\"method\":\"chat.postMessage\",\"error\":7}")) {
            HttpResponse<String> r = post("faults", bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("invalid_fault");
        }
        assertThat(sim.faults().pending()).isEmpty();
    }

    @Test
    void aSlashCommandFromAPrivateChannelCarriesSlacksPlaceholderName() {
        SimResult r = sim.command("alice", "secret", "status");
        assertThat(sim.envelopes()).filteredOn(e -> e.id().equals(r.envelopeId())).singleElement()
                .satisfies(e -> assertThat(e.payload().path("channel_name").asText()).isEqualTo("privategroup"));
    }
}
