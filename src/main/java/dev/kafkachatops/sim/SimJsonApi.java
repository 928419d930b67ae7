package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The scripting/test JSON API under {@code /api/sim/}. Documented in {@code sim/API.md}. */
final class SimJsonApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(SimJsonApi.class);

    private final SlackSimulator sim;
    private final Workspace ws;

    SimJsonApi(SlackSimulator sim, Workspace ws) {
        this.sim = sim;
        this.ws = ws;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring("/api/sim/".length());
        String method = ex.getRequestMethod();
        Map<String, String> query = HttpUtil.parseForm(ex.getRequestURI().getRawQuery());
        try {
            if (path.startsWith("files/")) {
                requireMethod(method, "GET");
                serveFile(ex, path.substring("files/".length()), query.containsKey("download"));
                return;
            }
            ObjectNode result = switch (path) {
                case "command" -> {
                    requireMethod(method, "POST");
                    JsonNode b = body(ex);
                    yield resultJson(sim.command(str(b, "user"), str(b, "channel"), b.path("text").asText("")));
                }
                case "reaction" -> {
                    requireMethod(method, "POST");
                    JsonNode b = body(ex);
                    yield resultJson(sim.reaction(str(b, "user"), str(b, "channel"), str(b, "ts"), str(b, "name"),
                            b.path("removed").asBoolean(false)));
                }
                case "action" -> {
                    requireMethod(method, "POST");
                    JsonNode b = body(ex);
                    yield resultJson(sim.action(str(b, "user"), str(b, "channel"), str(b, "ts"),
                            str(b, "action_id"), b.hasNonNull("value") ? b.get("value").asText() : null));
                }
                case "redeliver" -> {
                    requireMethod(method, "POST");
                    yield resultJson(sim.redeliver(str(body(ex), "envelope_id")));
                }
                case "disconnect" -> {
                    requireMethod(method, "POST");
                    yield Json.ok().put("disconnected", sim.disconnectSockets());
                }
                case "messages" -> {
                    requireMethod(method, "GET");
                    yield messages(query.get("channel"), query.get("user"));
                }
                case "users" -> {
                    requireMethod(method, "GET");
                    yield users();
                }
                case "channels" -> {
                    requireMethod(method, "GET");
                    ObjectNode r = Json.ok();
                    ArrayNode a = r.putArray("channels");
                    ws.channels().forEach(c -> a.addObject().put("id", c.id()).put("name", c.name()));
                    yield r;
                }
                case "envelopes" -> {
                    requireMethod(method, "GET");
                    yield envelopes(query.containsKey("payload"));
                }
                case "calls" -> {
                    requireMethod(method, "GET");
                    ObjectNode r = Json.ok();
                    ArrayNode a = r.putArray("calls");
                    for (SimApiCall c : sim.apiCalls()) {
                        ObjectNode n = a.addObject().put("method", c.method()).put("at", c.at().toString())
                                .put("ok", c.ok());
                        if (c.error() != null) {
                            n.put("error", c.error());
                        }
                    }
                    yield r;
                }
                case "info" -> {
                    requireMethod(method, "GET");
                    yield info();
                }
                default -> throw new SimException("not_found", "unknown endpoint /api/sim/" + path);
            };
            HttpUtil.sendJson(ex, 200, result);
        } catch (SimException e) {
            int status = switch (e.error()) {
                case "not_found" -> 404;
                case "method_not_allowed" -> 405;
                default -> 400;
            };
            HttpUtil.sendJson(ex, status, Json.error(e.error()).put("detail", e.getMessage()));
        } catch (RuntimeException e) {
            log.error("JSON API failure on {}", path, e);
            HttpUtil.sendJson(ex, 500, Json.error("internal_error").put("detail", String.valueOf(e.getMessage())));
        }
    }

    private static void requireMethod(String actual, String expected) {
        if (!expected.equals(actual) && !("GET".equals(expected) && "HEAD".equals(actual))) {
            throw new SimException("method_not_allowed", "use " + expected);
        }
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        String s = new String(HttpUtil.readBody(ex), StandardCharsets.UTF_8).trim();
        if (s.isEmpty()) {
            throw new SimException("invalid_json", "empty body");
        }
        if (!s.startsWith("{")) {
            ObjectNode o = Json.obj();
            HttpUtil.parseForm(s).forEach(o::put);
            return o;
        }
        JsonNode n = Json.parse(s);
        if (n == null || !n.isObject()) {
            throw new SimException("invalid_json", "body must be a JSON object");
        }
        return n;
    }

    private static String str(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new SimException("missing_" + field, "missing field: " + field);
        }
        return v.asText();
    }

    private ObjectNode resultJson(SimResult r) {
        ObjectNode o = Json.ok();
        o.put("envelope_id", r.envelopeId());
        o.put("delivered", sim.delivered(r.envelopeId()));
        o.put("acked", r.acked());
        if (r.acked()) {
            o.put("ack_ms", r.ackMillis());
        } else {
            o.putNull("ack_ms");
        }
        if (r.ackPayload() != null) {
            o.set("ack_payload", r.ackPayload());
        }
        return o;
    }

    private ObjectNode messages(String channelRef, String userRef) {
        SimChannel ch = ws.channel(channelRef == null ? ws.channels().get(0).id() : channelRef);
        String userId = userRef == null || userRef.isBlank() ? null : ws.users().get(userRef).id();
        List<SimMessage> msgs = sim.messages(ch.id(), userId);
        ObjectNode r = Json.ok();
        r.put("channel", ch.id());
        r.put("channel_name", ch.name());
        ArrayNode a = r.putArray("messages");
        msgs.forEach(m -> a.add(messageJson(m)));
        return r;
    }

    static ObjectNode messageJson(SimMessage m) {
        ObjectNode o = Json.obj();
        o.put("ts", m.ts());
        o.put("user", m.user());
        o.put("username", m.username());
        o.put("bot", m.bot());
        o.put("text", m.text());
        if (m.blocks() != null) {
            o.set("blocks", m.blocks());
        } else {
            o.putArray("blocks");
        }
        if (m.attachments() != null) {
            o.set("attachments", m.attachments());
        }
        if (m.threadTs() != null) {
            o.put("thread_ts", m.threadTs());
        } else {
            o.putNull("thread_ts");
        }
        o.put("reply_broadcast", m.replyBroadcast());
        o.put("reply_count", m.replyCount());
        ArrayNode replies = o.putArray("replies");
        m.replies().forEach(r -> replies.add(messageJson(r)));
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
            if (e.blocks() != null) {
                en.set("blocks", e.blocks());
            } else {
                en.putArray("blocks");
            }
        }
        o.put("edited", m.edited());
        o.put("ephemeral", m.ephemeral());
        if (m.visibleTo() != null) {
            o.put("visible_to", m.visibleTo());
        } else {
            o.putNull("visible_to");
        }
        o.put("deleted", m.deleted());
        ArrayNode files = o.putArray("files");
        for (SimMessage.File f : m.files()) {
            files.addObject().put("id", f.id()).put("name", f.name()).put("title", f.title()).put("size", f.size())
                    .put("mimetype", f.mimetype()).put("url", f.url());
        }
        return o;
    }

    private ObjectNode users() {
        ObjectNode r = Json.ok();
        ArrayNode a = r.putArray("users");
        for (SimUser u : ws.users().all()) {
            a.addObject().put("id", u.id()).put("name", u.name()).put("real_name", u.realName())
                    .put("is_bot", u.bot()).put("tz", u.tz());
        }
        ArrayNode g = r.putArray("groups");
        for (SimUserGroup grp : ws.users().groups()) {
            ObjectNode gn = g.addObject().put("id", grp.id()).put("handle", grp.handle()).put("name", grp.name());
            ArrayNode us = gn.putArray("users");
            grp.members().forEach(us::add);
        }
        return r;
    }

    private ObjectNode envelopes(boolean withPayload) {
        ObjectNode r = Json.ok();
        ArrayNode a = r.putArray("envelopes");
        for (SimEnvelope e : sim.envelopes()) {
            ObjectNode n = a.addObject();
            n.put("id", e.id());
            n.put("type", e.type());
            n.put("transport", e.transport());
            n.put("summary", e.summary());
            n.put("retry_attempt", e.retryAttempt());
            n.put("created", e.createdAt().toString());
            n.put("delivered", e.delivered());
            n.put("acked", e.acked());
            if (e.acked()) {
                n.put("ack_ms", e.ackMillis());
            } else {
                n.putNull("ack_ms");
            }
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

    private ObjectNode info() {
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

    private void serveFile(HttpExchange ex, String id, boolean download) throws IOException {
        FileStore.FileRec f = ws.files().file(id);
        byte[] content = f.content == null ? new byte[0] : f.content;
        if (download) {
            ex.getResponseHeaders().set("Content-Disposition",
                    "attachment; filename=\"" + f.name.replaceAll("[\"\\\\\\r\\n]", "_") + "\"");
        }
        String ct = f.mimetype.startsWith("text/") || f.mimetype.equals("application/json")
                || f.mimetype.equals("application/yaml") ? f.mimetype + "; charset=utf-8" : f.mimetype;
        if (ct.startsWith("text/html")) {
            ct = "text/plain; charset=utf-8";
        }
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        HttpUtil.send(ex, 200, ct, content);
    }
}
