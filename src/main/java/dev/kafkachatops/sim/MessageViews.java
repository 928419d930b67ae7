package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Read-only shapes of the stored messages: the Web API's message JSON and the {@link SimMessage} snapshots of
 * the scripting API. Every method holds the owning {@link Workspace}'s lock.
 */
final class MessageViews {
    private final Workspace ws;
    private final SimOptions options;

    MessageViews(Workspace ws, SimOptions options) {
        this.ws = ws;
        this.options = options;
    }

    /** Top-level messages oldest first, optionally filtered (for ephemeral visibility). */
    List<SimMessage> snapshot(String channelId, Predicate<Workspace.Msg> visible) {
        synchronized (ws) {
            List<SimMessage> out = new ArrayList<>();
            for (Workspace.Msg m : ws.timeline(channelId)) {
                if (visible.test(m)) {
                    out.add(toSnapshot(m, visible, !m.isReply()));
                }
            }
            return out;
        }
    }

    private SimMessage toSnapshot(Workspace.Msg m, Predicate<Workspace.Msg> visible, boolean withReplies) {
        List<SimMessage> replies = new ArrayList<>();
        if (withReplies) {
            for (Workspace.Msg r : m.replies) {
                if (visible.test(r)) {
                    replies.add(toSnapshot(r, visible, false));
                }
            }
        }
        List<SimMessage.Reaction> reactions = new ArrayList<>();
        m.reactions.forEach((name, us) -> reactions.add(new SimMessage.Reaction(name, List.copyOf(us), us.size())));
        List<SimMessage.File> fs = new ArrayList<>();
        for (FileStore.FileRec f : ws.files().existing(m.fileIds)) {
            fs.add(new SimMessage.File(f.id, f.name, f.title, f.content == null ? 0 : f.content.length,
                    f.mimetype, "/api/sim/files/" + f.id));
        }
        return new SimMessage(m.ts, m.channel, m.author.id(), m.author.name(), m.author.bot(), m.text,
                m.blocks == null ? null : m.blocks.deepCopy(),
                m.attachments == null ? null : m.attachments.deepCopy(),
                m.threadTs, m.replyBroadcast, List.copyOf(replies), List.copyOf(reactions), List.copyOf(m.edits),
                m.ephemeral, m.visibleTo, List.copyOf(fs), m.deleted);
    }

    /** The message as Slack's Web API returns it. */
    ObjectNode messageJson(Workspace.Msg m) {
        synchronized (ws) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("type", "message");
            if (m.replyBroadcast) {
                o.put("subtype", "thread_broadcast");
            }
            o.put("text", m.text);
            o.put("user", m.author.id());
            o.put("ts", m.ts);
            o.put("team", options.teamId());
            if (m.author.bot()) {
                putBotProfile(o, m.author);
            }
            if (m.blocks != null) {
                o.set("blocks", m.blocks.deepCopy());
            }
            if (m.attachments != null) {
                o.set("attachments", m.attachments.deepCopy());
            }
            if (m.threadTs != null) {
                o.put("thread_ts", m.threadTs);
            }
            putThread(o, m);
            putReactions(o, m);
            if (m.editedTs != null) {
                ObjectNode e = o.putObject("edited");
                e.put("user", m.author.id());
                e.put("ts", m.editedTs);
            }
            if (!m.fileIds.isEmpty()) {
                ArrayNode fa = o.putArray("files");
                ws.files().existing(m.fileIds).forEach(f -> fa.add(ws.files().fileJson(f, null)));
                o.put("upload", false);
            }
            return o;
        }
    }

    private void putBotProfile(ObjectNode o, SimUser bot) {
        o.put("bot_id", options.botId());
        o.put("app_id", options.appId());
        ObjectNode bp = o.putObject("bot_profile");
        bp.put("id", options.botId());
        bp.put("app_id", options.appId());
        bp.put("name", bot.name());
        bp.putObject("icons").put("image_48", "");
        bp.put("deleted", false);
        bp.put("updated", 1700000000);
        bp.put("team_id", options.teamId());
    }

    /** A parent's reply summary (ephemeral replies left out), or a broadcast reply's root. */
    private static void putThread(ObjectNode o, Workspace.Msg m) {
        if (!m.isReply() && !m.replies.isEmpty()) {
            long visible = m.replies.stream().filter(r -> !r.ephemeral).count();
            o.put("reply_count", visible);
            ArrayNode ru = o.putArray("reply_users");
            m.replies.stream().filter(r -> !r.ephemeral).map(r -> r.author.id()).distinct().forEach(ru::add);
            o.put("reply_users_count", ru.size());
            m.replies.stream().filter(r -> !r.ephemeral).reduce((a, b) -> b)
                    .ifPresent(r -> o.put("latest_reply", r.ts));
        }
        if (m.isReply() && m.replyBroadcast) {
            o.putObject("root").put("ts", m.threadTs);
        }
    }

    private static void putReactions(ObjectNode o, Workspace.Msg m) {
        if (!m.reactions.isEmpty()) {
            ArrayNode rs = o.putArray("reactions");
            m.reactions.forEach((name, us) -> {
                ObjectNode r = rs.addObject();
                r.put("name", name);
                ArrayNode ua = r.putArray("users");
                us.forEach(ua::add);
                r.put("count", us.size());
            });
        }
    }
}
