package dev.kafkachatops.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app manifests ask for what the bot uses, no more and no less: the bot scopes are {@link SlackScopes#REQUIRED},
 * every Web API call in the main sources has its scope in {@link SlackScopes#BY_METHOD}, the events are those
 * {@link SlackBot} registers handlers for, the slash command is the config's default, interactivity is on
 * (buttons), and Socket Mode is on in one manifest and off (with request URLs) in the other.
 */
class SlackAppManifestTest {
    private static final Path MAIN = Path.of("src/main/java/dev/kafkachatops");
    private static final Map<String, Boolean> SOCKET_MODE = Map.of("config/slack-app-manifest.yaml", true,
            "config/slack-app-manifest-http.yaml", false);

    @ParameterizedTest
    @ValueSource(strings = {"config/slack-app-manifest.yaml", "config/slack-app-manifest-http.yaml"})
    void theManifestAsksForWhatTheBotUses(String file) throws Exception {
        JsonNode m = new ObjectMapper(new YAMLFactory()).readTree(Path.of(file).toFile());
        assertThat(strings(m.at("/oauth_config/scopes/bot"))).as("bot scopes of " + file)
                .isEqualTo(new TreeSet<>(SlackScopes.REQUIRED));
        assertThat(strings(m.at("/settings/event_subscriptions/bot_events"))).as("events of " + file)
                .isEqualTo(handledEvents());
        JsonNode commands = m.at("/features/slash_commands");
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).path("command").asText()).isEqualTo(defaultCommand());
        assertThat(m.at("/settings/interactivity/is_enabled").asBoolean()).isTrue();
        assertThat(m.at("/features/app_home/messages_tab_enabled").asBoolean()).as("direct messages").isTrue();
        boolean socket = SOCKET_MODE.get(file);
        assertThat(m.at("/settings/socket_mode_enabled").asBoolean()).isEqualTo(socket);
        for (String url : new String[]{"/settings/event_subscriptions/request_url",
                "/settings/interactivity/request_url"}) {
            assertThat(m.at(url).isMissingNode()).as(url + " in " + file).isEqualTo(socket);
        }
        assertThat(commands.get(0).path("url").isMissingNode()).isEqualTo(socket);
    }

    @Test
    void everyWebApiCallOfTheBotHasItsScopeListed() throws IOException {
        Pattern call = Pattern.compile("\\bclient\\.([a-z][A-Za-z0-9]*)\\(");
        Set<String> called = new TreeSet<>();
        for (Path dir : new Path[]{MAIN.resolve("adapter/slack"), MAIN.resolve("app")}) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher x = call.matcher(Files.readString(f));
                    while (x.find()) called.add(x.group(1));
                }
            }
        }
        assertThat(called).as("Slack SDK calls found").contains("chatPostMessage", "conversationsInfo");
        assertThat(SlackScopes.BY_METHOD.keySet()).as("a call without its scope in SlackScopes.BY_METHOD")
                .containsAll(called);
        assertThat(SlackScopes.REQUIRED).contains("commands", "reactions:read", "groups:read")
                .doesNotContain("", "reactions:write", "users:read", "im:write");
    }

    /** The Slack event types of SlackBot's {@code app.event(X.class, ...)} handlers. */
    private static Set<String> handledEvents() throws IOException {
        Matcher m = Pattern.compile("app\\.event\\((\\w+)\\.class").matcher(
                Files.readString(MAIN.resolve("adapter/slack/SlackBot.java")));
        Set<String> out = new TreeSet<>();
        while (m.find()) {
            try {
                Class<?> event = Class.forName("com.slack.api.model.event." + m.group(1));
                out.add((String) event.getField("TYPE_NAME").get(null));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("no Slack event type for " + m.group(1), e);
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    private static String defaultCommand() throws Exception {
        BotConfig c = new ConfigLoader(Map.of()).parse(Path.of("t.yaml"), "clusters: [{name: a, bootstrapServers: "
                + "'h:9092', channels: [C1]}]\n");
        return c.slack().command();
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
