package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The scripting/test JSON API under {@code /api/sim/}: routes each endpoint to the simulator and answers in the
 * shapes of {@link SimJsonViews} and {@link FaultViews}. Documented in {@code resources/sim/API.md} (served as
 * {@code /API.md}) and in the README.
 */
final class SimJsonApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(SimJsonApi.class);

    @FunctionalInterface
    private interface Endpoint {
        ObjectNode run(HttpExchange ex, Map<String, String> query) throws IOException;
    }

    /** The largest request body taken: 1 MiB. */
    static final int MAX_BODY = 1024 * 1024;
    private final SlackSimulator sim;
    private final Workspace ws;
    /** Path, then HTTP method (GET also takes HEAD), then endpoint. */
    private final Map<String, Map<String, Endpoint>> routes = new HashMap<>();

    /**
     * @param webApiMethods the Web API methods the simulator serves (faults may name only these, or {@code *})
     */
    SimJsonApi(SlackSimulator sim, Workspace ws, Set<String> webApiMethods) {
        this.sim = sim;
        this.ws = ws;
        post("command", b -> sim.command(str(b, "user"), str(b, "channel"), optionalStr(b, "text")));
        post("reaction", b -> sim.reaction(str(b, "user"), str(b, "channel"), str(b, "ts"), str(b, "name"),
                b.path("removed").asBoolean(false)));
        post("action", b -> sim.action(str(b, "user"), str(b, "channel"), str(b, "ts"),
                str(b, "action_id"), b.hasNonNull("value") ? b.get("value").asText() : null));
        post("redeliver", b -> sim.redeliver(str(b, "envelope_id")));
        route("POST", "membership", (ex, q) -> membership(body(ex)));
        route("POST", "disconnect", (ex, q) -> Json.ok().put("disconnected", sim.disconnectSockets()));
        FaultRequests faultRequests = new FaultRequests(sim.faults(), webApiMethods);
        route("POST", "faults", (ex, q) -> Json.ok().set("fault",
                FaultViews.fault(faultRequests.add(text(ex)), sim.faults().now())));
        get("faults", q -> FaultViews.list(sim.faults().pending(), sim.faults().now()));
        route("DELETE", "faults", (ex, q) -> Json.ok().put("cleared", sim.faults().clear()));
        get("messages", q -> messages(q.get("channel"), q.get("user")));
        get("users", q -> SimJsonViews.users(ws.users()));
        get("channels", q -> SimJsonViews.channels(ws.channels(), ws.members()));
        get("envelopes", q -> SimJsonViews.envelopes(sim.envelopes(), q.containsKey("payload")));
        get("calls", q -> SimJsonViews.calls(sim.apiCalls()));
        get("info", q -> SimJsonViews.info(sim));
    }

    /** A POST endpoint that reads the body and delivers an envelope. */
    private void post(String path, Function<JsonNode, SimResult> action) {
        route("POST", path, (ex, q) -> {
            SimResult r = action.apply(body(ex));
            return SimJsonViews.result(r, sim.delivered(r.envelopeId()));
        });
    }

    private void get(String path, Function<Map<String, String>, ObjectNode> view) {
        route("GET", path, (ex, q) -> view.apply(q));
    }

    private void route(String method, String path, Endpoint endpoint) {
        routes.computeIfAbsent(path, p -> new TreeMap<>()).put(method, endpoint);
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
            Map<String, Endpoint> byMethod = routes.get(path);
            if (byMethod == null) {
                throw new SimException("not_found", "unknown endpoint /api/sim/" + path);
            }
            Endpoint endpoint = byMethod.get("HEAD".equals(method) ? "GET" : method);
            if (endpoint == null) {
                throw new SimException("method_not_allowed", "use " + String.join(" or ", byMethod.keySet()));
            }
            HttpUtil.sendJson(ex, 200, endpoint.run(ex, query));
        } catch (SimException e) {
            int status = switch (e.error()) {
                case "not_found" -> 404;
                case "method_not_allowed" -> 405;
                case "payload_too_large" -> 413;
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

    /** The request body, refused above {@link #MAX_BODY} bytes (no request of this API needs more). */
    private static String text(HttpExchange ex) throws IOException {
        byte[] body;
        try (var in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
            if (body.length > MAX_BODY) in.transferTo(OutputStream.nullOutputStream()); // read, not kept: to answer
        }
        if (body.length > MAX_BODY) {
            throw new SimException("payload_too_large", "the body is over " + MAX_BODY / 1024 + " KiB");
        }
        return new String(body, StandardCharsets.UTF_8).trim();
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        String s = text(ex);
        if (s.isEmpty()) {
            throw new SimException("invalid_json", "empty body");
        }
        if (s.startsWith("[")) {
            throw new SimException("invalid_json", "body must be a JSON object");
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
        if (v == null || v.isNull() || v.isValueNode() && v.asText().isBlank()) {
            throw new SimException("missing_" + field, "missing field: " + field);
        }
        return optionalStr(b, field);
    }

    /** A string field ("" when absent); an object or array where a string belongs is refused, not read as "". */
    private static String optionalStr(JsonNode b, String field) {
        JsonNode v = b.path(field);
        if (v.isContainerNode()) {
            throw new SimException("invalid_" + field, "field " + field + " must be a string");
        }
        return v.asText("");
    }

    /** {@code {"channel":"general","user":"U0BOT","member":false}}: an invite or a removal. */
    private ObjectNode membership(JsonNode b) {
        for (var it = b.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!List.of("channel", "user", "member").contains(key)) {
                throw new SimException("invalid_membership", "unknown key \"" + key + "\" (allowed: channel, user, "
                        + "member)");
            }
        }
        JsonNode member = b.get("member");
        if (member == null || !member.isBoolean()) {
            throw new SimException("invalid_membership", "member must be true or false, got " + member);
        }
        SimChannel ch = ws.channel(str(b, "channel"));
        SimUser u = ws.users().get(str(b, "user"));
        boolean changed = sim.membership(ch.id(), u.id(), member.asBoolean());
        return Json.ok().put("channel", ch.id()).put("user", u.id()).put("member", member.asBoolean())
                .put("changed", changed);
    }

    private ObjectNode messages(String channelRef, String userRef) {
        SimChannel ch = ws.channel(channelRef == null ? ws.channels().get(0).id() : channelRef);
        String userId = userRef == null || userRef.isBlank() ? null : ws.users().get(userRef).id();
        List<SimMessage> msgs = sim.messages(ch.id(), userId);
        ObjectNode r = Json.ok();
        r.put("channel", ch.id());
        r.put("channel_name", ch.name());
        ArrayNode a = r.putArray("messages");
        msgs.forEach(m -> a.add(SimJsonViews.messageJson(m)));
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
