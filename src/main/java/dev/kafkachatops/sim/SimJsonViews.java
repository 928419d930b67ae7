package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** The JSON shapes of the scripting API ({@link SimJsonApi}): results, messages, users, envelopes, calls, info. */
final class SimJsonViews {
    private SimJsonViews() {
    }

    /** What {@code command}, {@code reaction}, {@code action} and {@code redeliver} answer. */
    static ObjectNode result(SimResult r, boolean delivered) {
        ObjectNode o = Json.ok();
        o.put("envelope_id", r.envelopeId());
        o.put("delivered", delivered);
        o.put("acked", r.acked());
        putAckMs(o, r.acked(), r.ackMillis());
        if (r.ackPayload() != null) {
            o.set("ack_payload", r.ackPayload());
        }
        return o;
    }

    /** {@code ack_ms}: the milliseconds to the ack, or null while not acked. */
    private static void putAckMs(ObjectNode o, boolean acked, long ackMillis) {
        if (acked) {
            o.put("ack_ms", ackMillis);
        } else {
            o.putNull("ack_ms");
        }
    }

    static ObjectNode messageJson(SimMessage m) {
        ObjectNode o = Json.obj();
        o.put("ts", m.ts());
        o.put("user", m.user());
        o.put("username", m.username());
        o.put("bot", m.bot());
        o.put("text", m.text());
        putBlocks(o, m.blocks());
        if (m.attachments() != null) {
            o.set("attachments", m.attachments());
        }
        putTextOrNull(o, "thread_ts", m.threadTs());
        o.put("reply_broadcast", m.replyBroadcast());
        o.put("reply_count", m.replyCount());
        ArrayNode replies = o.putArray("replies");
        m.replies().forEach(r -> replies.add(messageJson(r)));
        putReactionsAndEdits(o, m);
        o.put("edited", m.edited());
        o.put("ephemeral", m.ephemeral());
        putTextOrNull(o, "visible_to", m.visibleTo());
        o.put("deleted", m.deleted());
        ArrayNode files = o.putArray("files");
        for (SimMessage.File f : m.files()) {
            files.addObject().put("id", f.id()).put("name", f.name()).put("title", f.title()).put("size", f.size())
                    .put("mimetype", f.mimetype()).put("url", f.url());
        }
        return o;
    }

    private static void putReactionsAndEdits(ObjectNode o, SimMessage m) {
        ArrayNode reactions = o.putArray("reactions");
        for (SimMessage.Reaction r : m.reactions()) {
            ObjectNode rn = reactions.addObject().put("name", r.name());
            ArrayNode us = rn.putArray("users");
            r.users().forEach(us::add);
            rn.put("count", r.count());
        }
        ArrayNode edits = o.putArray("edits");
        for (SimMessage.Edit e : m.edits()) {
            ObjectNode en = edits.addObject().put("at", e.at().toString()).put("text", e.text());
            putBlocks(en, e.blocks());
        }
    }

    private static void putTextOrNull(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        } else {
            o.putNull(field);
        }
    }

    /** {@code blocks}: the blocks, or an empty array when there are none. */
    private static void putBlocks(ObjectNode o, JsonNode blocks) {
        if (blocks != null) {
            o.set("blocks", blocks);
        } else {
            o.putArray("blocks");
        }
    }

    static ObjectNode users(SimUsers users) {
        ObjectNode r = Json.ok();
        ArrayNode a = r.putArray("users");
        for (SimUser u : users.all()) {
            a.addObject().put("id", u.id()).put("name", u.name()).put("real_name", u.realName())
                    .put("is_bot", u.bot()).put("tz", u.tz());
        }
        ArrayNode g = r.putArray("groups");
        for (SimUserGroup grp : users.groups()) {
            ObjectNode gn = g.addObject().put("id", grp.id()).put("handle", grp.handle()).put("name", grp.name());
            ArrayNode us = gn.putArray("users");
            grp.members().forEach(us::add);
        }
        return r;
    }

    static ObjectNode channels(List<SimChannel> channels, Channels members) {
        ObjectNode r = Json.ok();
        ArrayNode a = r.putArray("channels");
        for (SimChannel c : channels) {
            ObjectNode n = a.addObject().put("id", c.id()).put("name", c.name()).put("is_private", c.isPrivate());
            ArrayNode ms = n.putArray("members");
            members.members(c.id()).forEach(ms::add);
        }
        return r;
    }

    static ObjectNode calls(List<SimApiCall> calls) {
        ObjectNode r = Json.ok();
        ArrayNode a = r.putArray("calls");
        for (SimApiCall c : calls) {
            ObjectNode n = a.addObject().put("method", c.method()).put("at", c.at().toString())
                    .put("ok", c.ok()).put("status", c.status());
            if (c.error() != null) {
                n.put("error", c.error());
            }
            if (c.fault() != null) {
                n.put("fault", c.fault());
            }
        }
        return r;
    }

    static ObjectNode envelopes(List<SimEnvelope> envelopes, boolean withPayload) {
        ObjectNode r = Json.ok();
        ArrayNode a = r.putArray("envelopes");
        for (SimEnvelope e : envelopes) {
            ObjectNode n = a.addObject();
            n.put("id", e.id());
            n.put("type", e.type());
            n.put("transport", e.transport());
            n.put("summary", e.summary());
            n.put("retry_attempt", e.retryAttempt());
            n.put("created", e.createdAt().toString());
            n.put("delivered", e.delivered());
            n.put("acked", e.acked());
            putAckMs(n, e.acked(), e.ackMillis());
            if (e.httpStatus() != 0) {
                n.put("http_status", e.httpStatus());
            }
            if (e.ackPayload() != null) {
                n.set("ack_payload", e.ackPayload());
            }
            if (withPayload) {
                n.set("payload", e.payload());
            }
        }
        return r;
    }

    static ObjectNode info(SlackSimulator sim) {
        SimOptions o = sim.options();
        ObjectNode r = Json.ok();
        r.put("team_id", o.teamId());
        r.put("team_name", o.teamName());
        r.put("team_domain", o.teamDomain());
        r.put("command", o.slashCommand());
        r.put("bot_user_id", o.botUser().id());
        r.put("bot_name", o.botUser().name());
        r.put("delivery_mode", o.deliveryMode().name());
        r.put("api_url_prefix", sim.apiUrlPrefix());
        r.put("socket_connections", sim.socketConnections());
        return r;
    }
}
