package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Web API conversations.* methods: channel info, list, members, history and thread replies. */
record ConversationMethods(Workspace ws, SimOptions o) {
    ObjectNode conversationsInfo(WebApiCall c) {
        ObjectNode r = Json.ok();
        r.set("channel", channelJson(ws.members().visible(c.channel(ws, "channel"))));
        return r;
    }

    /**
     * Public channels ({@code types} defaults to {@code public_channel}), and with {@code private_channel} the
     * private ones the bot is a member of, like Slack.
     */
    ObjectNode conversationsList(WebApiCall c) {
        String types = c.get("types") == null ? "public_channel" : c.get("types");
        boolean pub = types.contains("public_channel");
        boolean priv = types.contains("private_channel");
        String bot = ws.users().bot().id();
        ObjectNode r = Json.ok();
        ArrayNode chs = r.putArray("channels");
        ws.channels().stream().filter(ch -> ch.isPrivate() ? priv && ws.members().isMember(ch.id(), bot) : pub)
                .forEach(ch -> chs.add(channelJson(ch)));
        r.putObject("response_metadata").put("next_cursor", "");
        return r;
    }

    ObjectNode conversationsMembers(WebApiCall c) {
        SimChannel ch = ws.members().visible(c.channel(ws, "channel"));
        ObjectNode r = Json.ok();
        ArrayNode ms = r.putArray("members");
        ws.members().members(ch.id()).forEach(ms::add);
        r.putObject("response_metadata").put("next_cursor", "");
        return r;
    }

    ObjectNode conversationsHistory(WebApiCall c) {
        SimChannel ch = ws.members().writable(c.channel(ws, "channel"));
        int limit = c.limit();
        List<Workspace.Msg> all = ws.history(ch.id());
        String oldest = c.get("oldest");
        String latest = c.get("latest");
        boolean inclusive = c.flag("inclusive");
        List<Workspace.Msg> sel = new ArrayList<>();
        for (Workspace.Msg m : all) {
            if (oldest != null && cmpTs(m.ts, oldest) < (inclusive ? 0 : 1)) {
                continue;
            }
            if (latest != null && cmpTs(m.ts, latest) > (inclusive ? 0 : -1)) {
                continue;
            }
            sel.add(m);
        }
        ObjectNode r = Json.ok();
        ArrayNode ms = r.putArray("messages");
        sel.stream().limit(limit).forEach(m -> ms.add(ws.views().messageJson(m)));
        r.put("has_more", sel.size() > limit);
        r.put("pin_count", 0);
        r.putObject("response_metadata").put("next_cursor", "");
        return r;
    }

    ObjectNode conversationsReplies(WebApiCall c) {
        SimChannel ch = ws.members().writable(c.channel(ws, "channel"));
        String ts = c.get("ts");
        if (ts == null) {
            throw new SimException("thread_not_found");
        }
        List<Workspace.Msg> thread;
        try {
            thread = ws.thread(ch.id(), ts);
        } catch (SimException e) {
            throw new SimException("thread_not_found");
        }
        ObjectNode r = Json.ok();
        ArrayNode ms = r.putArray("messages");
        thread.stream().limit(c.limit()).forEach(m -> ms.add(ws.views().messageJson(m)));
        r.put("has_more", false);
        r.putObject("response_metadata").put("next_cursor", "");
        return r;
    }

    private static int cmpTs(String a, String b) {
        return new BigDecimal(a).compareTo(new BigDecimal(b));
    }

    private ObjectNode channelJson(SimChannel ch) {
        ObjectNode c = Json.obj();
        c.put("id", ch.id());
        c.put("name", ch.name());
        c.put("is_channel", !ch.im());
        c.put("is_group", ch.isPrivate() && !ch.im());
        c.put("is_im", ch.im());
        c.put("is_mpim", false);
        c.put("is_private", ch.isPrivate());
        c.put("created", 1700000000);
        c.put("is_archived", false);
        c.put("is_general", ch.name().equals("general"));
        c.put("is_shared", false);
        c.put("is_ext_shared", false);
        c.put("is_org_shared", false);
        c.put("is_member", ws.members().isMember(ch.id(), o.botUser().id()));
        c.put("creator", ws.users().humans().isEmpty() ? o.botUser().id() : ws.users().humans().get(0).id());
        c.put("name_normalized", ch.name());
        c.put("num_members", ws.members().members(ch.id()).size());
        ObjectNode topic = c.putObject("topic");
        topic.put("value", "");
        topic.put("creator", "");
        topic.put("last_set", 0);
        ObjectNode purpose = c.putObject("purpose");
        purpose.put("value", "");
        purpose.put("creator", "");
        purpose.put("last_set", 0);
        return c;
    }
}
