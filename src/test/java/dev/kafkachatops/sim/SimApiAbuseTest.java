package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad and abusive {@code /api/sim} requests, one row each, over real HTTP to a running simulator: a 4xx status and a
 * JSON body {@code {"ok":false,"error":...,"detail":...}} whose detail is one line (no stack trace, no exception
 * class), and nothing changed: no envelope delivered, no message, no reaction, no fault added or removed. Part of
 * the bad-input matrix of issue 14 ({@code /api/sim} surface).
 */
class SimApiAbuseTest {
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SlackSimulator sim;
    /** A message in #general (reactions and clicks need one), posted by the bot with one button. */
    private static String ts;

    @BeforeAll
    static void start() throws Exception {
        sim = SlackSimulator.start();
        String blocks = "[{\"type\":\"actions\",\"elements\":[{\"type\":\"button\",\"action_id\":\"op_abort\","
                + "\"value\":\"R1\",\"text\":{\"type\":\"plain_text\",\"text\":\"Abort\"}}]}]";
        var r = http.send(HttpRequest.newBuilder(URI.create(sim.apiUrlPrefix() + "chat.postMessage"))
                .header("Authorization", "Bearer " + sim.botToken())
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"channel\":\"general\",\"text\":\"R1 halted\","
                        + "\"blocks\":" + blocks + "}")).build(), HttpResponse.BodyHandlers.ofString());
        ts = JSON.readTree(r.body()).path("ts").asText();
        assertThat(ts).as(r.body()).isNotBlank();
        sim.faults().addApiFault("users.info", 500, null, 0, 1);
    }

    @AfterAll
    static void stop() {
        if (sim != null) sim.close();
    }

    static Stream<Arguments> cases() {
        String huge = "{\"user\":\"alice\",\"channel\":\"general\",\"text\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
        return Stream.of(
                arguments("command: malformed JSON", "POST", "command", "{\"user\":\"alice\",", "invalid_json"),
                arguments("command: an empty body", "POST", "command", "", "invalid_json"),
                arguments("command: a JSON array", "POST", "command", "[\"alice\",\"general\"]", "invalid_json"),
                arguments("command: an unknown user", "POST", "command",
                        "{\"user\":\"mallory\",\"channel\":\"general\",\"text\":\"status\"}", "user_not_found"),
                arguments("command: an unknown channel", "POST", "command",
                        "{\"user\":\"alice\",\"channel\":\"secret\",\"text\":\"status\"}", "channel_not_found"),
                arguments("command: no user", "POST", "command", "{\"channel\":\"general\",\"text\":\"status\"}",
                        "missing_user"),
                arguments("command: a user that is an object", "POST", "command",
                        "{\"user\":{\"id\":\"U0ALICE\"},\"channel\":\"general\",\"text\":\"status\"}", "invalid_user"),
                arguments("command: a text that is not a string", "POST", "command",
                        "{\"user\":\"alice\",\"channel\":\"general\",\"text\":{\"verb\":\"status\"}}", "invalid_text"),
                arguments("command: a form body for an unknown user", "POST", "command",
                        "user=mallory&channel=general&text=status", "user_not_found"),
                arguments("command: a huge body", "POST", "command", huge, "payload_too_large"),
                arguments("reaction: on a message that does not exist", "POST", "reaction",
                        "{\"user\":\"bob\",\"channel\":\"general\",\"ts\":\"1.000001\",\"name\":\"white_check_mark\"}",
                        "message_not_found"),
                arguments("reaction: no emoji", "POST", "reaction",
                        "{\"user\":\"bob\",\"channel\":\"general\",\"ts\":\"TS\"}", "missing_name"),
                arguments("reaction: removing one never added", "POST", "reaction",
                        "{\"user\":\"bob\",\"channel\":\"general\",\"ts\":\"TS\",\"name\":\"x\",\"removed\":true}",
                        "no_reaction"),
                arguments("action: a button the message does not have", "POST", "action",
                        "{\"user\":\"bob\",\"channel\":\"general\",\"ts\":\"TS\",\"action_id\":\"op_rollback\"}",
                        "action_not_found"),
                arguments("action: by an unknown user", "POST", "action",
                        "{\"user\":\"mallory\",\"channel\":\"general\",\"ts\":\"TS\",\"action_id\":\"op_abort\"}",
                        "user_not_found"),
                arguments("redeliver: an envelope that never was", "POST", "redeliver",
                        "{\"envelope_id\":\"forged-1\"}", "envelope_not_found"),
                arguments("faults: malformed JSON", "POST", "faults", "{\"method\":", "invalid_json"),
                arguments("faults: an unknown method", "POST", "faults",
                        "{\"method\":\"chat.deleteEverything\",\"status\":500}", "invalid_fault"),
                arguments("faults: a status that is no fault", "POST", "faults",
                        "{\"method\":\"chat.postMessage\",\"status\":200}", "invalid_fault"),
                arguments("faults: a negative count", "POST", "faults",
                        "{\"method\":\"chat.postMessage\",\"status\":429,\"count\":-5}", "invalid_fault"),
                arguments("an unknown endpoint", "POST", "shutdown", "{}", "not_found"),
                arguments("a method the endpoint does not take", "DELETE", "command", "", "method_not_allowed"),
                arguments("messages of an unknown channel", "GET", "messages?channel=secret", null,
                        "channel_not_found"),
                arguments("a file that does not exist", "GET", "files/F0NOSUCH", null, "file_not_found"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void refusedInOneLineAndNothingChanged(String name, String method, String path, String body, String error)
            throws Exception {
        State before = State.now();
        var b = HttpRequest.newBuilder(URI.create(sim.pageUrl() + "api/sim/" + path));
        String sent = body == null ? null : body.replace("\"TS\"", "\"" + ts + "\"");
        if (sent != null && !sent.isEmpty() && !sent.startsWith("{") && !sent.startsWith("[")) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        b.method(method, sent == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(sent));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(name + ": " + r.body()).isBetween(400, 499);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("ok").asBoolean(true)).as(name).isFalse();
        assertThat(answer.path("error").asText()).as(name + ": " + r.body()).isEqualTo(error);
        assertThat(answer.path("detail").asText()).as(name).isNotBlank().doesNotContain("\n")
                .doesNotContain("Exception").doesNotContain("\tat ").hasSizeLessThan(300);
        assertThat(State.now()).as(name + ": nothing changed").isEqualTo(before);
    }

    /** What a request could change: envelopes, the channel (messages, reactions, edits), pending faults. */
    private record State(int envelopes, List<SimMessage> general, List<String> faults) {
        static State now() {
            return new State(sim.envelopes().size(), sim.messages("general"),
                    sim.faults().pending().stream().map(Object::toString).toList());
        }
    }
}
