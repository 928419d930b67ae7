package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/** Builds payloads exactly as Slack sends them. */
final class Payloads {
    static final String VERIFICATION_TOKEN = "sim-verification-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Payloads() {
    }

    static String triggerId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        long now = System.currentTimeMillis();
        return (now / 1000) + "." + (1000000000L + RANDOM.nextInt(900000000)) + "." + HexFormat.of().formatHex(b);
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Slash command payload: every value is a string, as in the form-encoded HTTP variant. */
    static ObjectNode slashCommand(SimOptions o, SimUser user, SimChannel channel, String text, String responseUrl) {
        ObjectNode p = Json.obj();
        p.put("token", VERIFICATION_TOKEN);
        p.put("team_id", o.teamId());
        p.put("team_domain", o.teamDomain());
        p.put("channel_id", channel.id());
        // Slack names a private channel "privategroup" here (and a direct message "directmessage")
        p.put("channel_name", channel.im() ? "directmessage" : channel.isPrivate() ? "privategroup" : channel.name());
        p.put("user_id", user.id());
        p.put("user_name", user.name());
        p.put("command", o.slashCommand());
        p.put("text", text);
        p.put("api_app_id", o.appId());
        p.put("is_enterprise_install", "false");
        p.put("response_url", responseUrl);
        p.put("trigger_id", triggerId());
        return p;
    }

    /** Events API wrapper around a {@code reaction_added}/{@code reaction_removed} event. */
    static ObjectNode reactionEvent(SimOptions o, boolean removed, SimUser user, String reaction, String itemUser,
                                    SimChannel channel, String ts, String eventId, String eventTs) {
        ObjectNode event = Json.obj();
        event.put("type", removed ? "reaction_removed" : "reaction_added");
        event.put("user", user.id());
        event.put("reaction", reaction);
        event.put("item_user", itemUser);
        ObjectNode item = event.putObject("item");
        item.put("type", "message");
        item.put("channel", channel.id());
        item.put("ts", ts);
        event.put("event_ts", eventTs);
        return eventCallback(o, event, eventId, eventTs);
    }

    static ObjectNode eventCallback(SimOptions o, ObjectNode event, String eventId, String eventTs) {
        ObjectNode p = Json.obj();
        p.put("token", VERIFICATION_TOKEN);
        p.put("team_id", o.teamId());
        p.put("context_team_id", o.teamId());
        p.putNull("context_enterprise_id");
        p.put("api_app_id", o.appId());
        p.set("event", event);
        p.put("type", "event_callback");
        p.put("event_id", eventId);
        p.put("event_time", Long.parseLong(eventTs.substring(0, eventTs.indexOf('.'))));
        ObjectNode auth = p.putArray("authorizations").addObject();
        auth.putNull("enterprise_id");
        auth.put("team_id", o.teamId());
        auth.put("user_id", o.botUser().id());
        auth.put("is_bot", true);
        auth.put("is_enterprise_install", false);
        p.put("is_ext_shared_channel", false);
        p.put("event_context", "4-" + randomHex(24));
        return p;
    }

    /** {@code block_actions} payload for a button click. */
    static ObjectNode blockActions(SimOptions o, SimUser user, SimChannel channel, String messageTs,
                                   String threadTs, boolean ephemeral, JsonNode messageJson, JsonNode element,
                                   String blockId, String value, String responseUrl, String actionTs) {
        ObjectNode p = Json.obj();
        p.put("type", "block_actions");
        ObjectNode u = p.putObject("user");
        u.put("id", user.id());
        u.put("username", user.name());
        u.put("name", user.name());
        u.put("team_id", o.teamId());
        p.put("api_app_id", o.appId());
        p.put("token", VERIFICATION_TOKEN);
        ObjectNode c = p.putObject("container");
        c.put("type", "message");
        c.put("message_ts", messageTs);
        c.put("channel_id", channel.id());
        c.put("is_ephemeral", ephemeral);
        if (threadTs != null) {
            c.put("thread_ts", threadTs);
        }
        p.put("trigger_id", triggerId());
        ObjectNode team = p.putObject("team");
        team.put("id", o.teamId());
        team.put("domain", o.teamDomain());
        p.putNull("enterprise");
        p.put("is_enterprise_install", false);
        ObjectNode ch = p.putObject("channel");
        ch.put("id", channel.id());
        ch.put("name", channel.name());
        if (!ephemeral && messageJson != null) {
            p.set("message", messageJson);
        }
        p.putObject("state").putObject("values");
        p.put("response_url", responseUrl);
        ObjectNode a = p.putArray("actions").addObject();
        String type = element.path("type").asText("button");
        a.put("action_id", element.path("action_id").asText());
        a.put("block_id", blockId);
        if (element.has("text")) {
            a.set("text", element.get("text").deepCopy());
        }
        if (value != null) {
            a.put("value", value);
        }
        if (element.has("style")) {
            a.put("style", element.get("style").asText());
        }
        a.put("type", type.toLowerCase(Locale.ROOT));
        a.put("action_ts", actionTs);
        return p;
    }
}
