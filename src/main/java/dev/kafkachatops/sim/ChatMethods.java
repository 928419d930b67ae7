package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.function.Predicate;

/** Web API chat.* methods: post, update, post ephemerally, delete and link to messages. */
record ChatMethods(SlackSimulator sim, Workspace ws, SimOptions o) {
    ObjectNode postMessage(WebApiCall c) {
        SimChannel ch = ws.members().writable(c.channel(ws, "channel"));
        Content in = content(c, String::isBlank);
        Workspace.Msg m = ws.post(ch.id(), ws.users().bot(), in.text(), in.blocks(), in.attachments(),
                c.get("thread_ts"), c.flag("reply_broadcast"), null, null);
        return messageResult(ch, m, false);
    }

    ObjectNode update(WebApiCall c) {
        SimChannel ch = ws.members().writable(c.channel(ws, "channel"));
        String ts = c.get("ts");
        if (ts == null) {
            throw new SimException("message_not_found");
        }
        requireBotAuthor(ch, ts, "cant_update_message");
        Content in = content(c, String::isEmpty);
        Workspace.Msg m = ws.update(ch.id(), ts, in.text(), in.blocks(), in.attachments(), false, true);
        return messageResult(ch, m, true);
    }

    /** Like Slack: only to a member of a channel the bot is in; else {@code user_not_in_channel}. */
    ObjectNode postEphemeral(WebApiCall c) {
        SimChannel ch = ws.members().writable(c.channel(ws, "channel"));
        String userRef = c.get("user");
        SimUser user = userRef == null ? null : ws.users().find(userRef).orElse(null);
        if (user == null || !ws.members().isMember(ch.id(), user.id())) {
            throw new SimException("user_not_in_channel");
        }
        Content in = content(c, String::isBlank);
        Workspace.Msg m = ws.post(ch.id(), ws.users().bot(), in.text(), in.blocks(), in.attachments(),
                c.get("thread_ts"), false, user.id(), null);
        return Json.ok().put("message_ts", m.ts);
    }

    ObjectNode delete(WebApiCall c) {
        SimChannel ch = ws.members().writable(c.channel(ws, "channel"));
        String ts = c.get("ts");
        requireBotAuthor(ch, ts, "cant_delete_message");
        ws.delete(ch.id(), ts, false);
        return Json.ok().put("channel", ch.id()).put("ts", ts);
    }

    ObjectNode permalink(WebApiCall c) {
        SimChannel ch = ws.members().visible(c.channel(ws, "channel"));
        String ts = c.get("message_ts");
        ws.message(ch.id(), ts);
        return Json.ok().put("channel", ch.id())
                .put("permalink", sim.pageUrl() + "#" + ch.id() + "/p" + ts.replace(".", ""));
    }

    /** A message's text, blocks and attachments; at least one must be there. */
    private record Content(String text, ArrayNode blocks, ArrayNode attachments) {
    }

    /** Reads the content in Slack's order; {@code noText} says when the text counts as missing. */
    private static Content content(WebApiCall c, Predicate<String> noText) {
        ArrayNode blocks = c.blocks();
        ArrayNode attachments = BlockKit.parseAttachments(c.get("attachments"));
        String text = c.text();
        if ((text == null || noText.test(text)) && blocks == null && attachments == null) {
            throw new SimException("no_text");
        }
        return new Content(text, blocks, attachments);
    }

    /** {@code channel}, {@code ts}, optionally {@code text}, and {@code message}: what posts and updates return. */
    private ObjectNode messageResult(SimChannel ch, Workspace.Msg m, boolean withText) {
        ObjectNode r = Json.ok();
        r.put("channel", ch.id());
        r.put("ts", m.ts);
        if (withText) {
            r.put("text", m.text);
        }
        r.set("message", ws.views().messageJson(m));
        return r;
    }

    /** The bot may only change its own messages. */
    private void requireBotAuthor(SimChannel ch, String ts, String error) {
        Workspace.Msg existing = ws.message(ch.id(), ts);
        if (!existing.author.id().equals(o.botUser().id())) {
            throw new SimException(error);
        }
    }
}
