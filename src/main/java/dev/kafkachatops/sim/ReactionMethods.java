package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Web API reactions.* methods: add, remove (both notify the app like a user's reaction) and get. */
record ReactionMethods(SlackSimulator sim, Workspace ws) {
    ObjectNode react(WebApiCall c, boolean remove) {
        if (c.get("channel") == null || c.get("timestamp") == null) {
            throw new SimException("no_item_specified");
        }
        SimChannel ch = ws.members().writable(c.channel(ws, "channel"));
        String name = c.emojiName();
        sim.reactAndNotify(ws.users().bot(), ch, c.get("timestamp"), name, remove);
        return Json.ok();
    }

    ObjectNode reactionsGet(WebApiCall c) {
        SimChannel ch = ws.members().visible(c.channel(ws, "channel"));
        Workspace.Msg m = ws.message(ch.id(), c.get("timestamp"));
        if (m.ephemeral) {
            throw new SimException("message_not_found");
        }
        ObjectNode r = Json.ok().put("type", "message").put("channel", ch.id());
        r.set("message", ws.views().messageJson(m));
        return r;
    }
}
