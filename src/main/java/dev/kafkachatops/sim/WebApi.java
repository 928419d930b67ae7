package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.kafkachatops.sim.WebApiCall.TokenKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Slack Web API methods under {@code /api/<method>}: reads the arguments, checks the token and runs the method
 * of its family ({@link ChatMethods}, {@link ReactionMethods}, {@link UserMethods}, {@link ConversationMethods},
 * {@link FileMethods}, {@link AuthMethods}). A pending {@link ApiFault} for the method comes first: it delays
 * the answer, and with a status answers it instead of running the method.
 */
final class WebApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(WebApi.class);
    private static final Set<TokenKind> BOT = Set.of(TokenKind.BOT);

    @FunctionalInterface
    interface Method {
        ObjectNode run(WebApiCall c) throws IOException;
    }

    private record Def(Method method, Set<TokenKind> tokens) {
    }

    private final SlackSimulator sim;
    private final SimOptions o;
    private final Map<String, Def> methods = new HashMap<>();

    WebApi(SlackSimulator sim, Workspace ws, SimOptions options) {
        this.sim = sim;
        this.o = options;
        AuthMethods auth = new AuthMethods(sim, options);
        methods.put("api.test", new Def(auth::apiTest, Set.of(TokenKind.BOT, TokenKind.APP)));
        methods.put("auth.test", new Def(auth::authTest, Set.of(TokenKind.BOT, TokenKind.APP)));
        methods.put("apps.connections.open", new Def(auth::connectionsOpen, Set.of(TokenKind.APP)));
        methods.put("team.info", new Def(auth::teamInfo, BOT));
        methods.put("bots.info", new Def(auth::botsInfo, BOT));
        ChatMethods chat = new ChatMethods(sim, ws, options);
        methods.put("chat.postMessage", new Def(chat::postMessage, BOT));
        methods.put("chat.update", new Def(chat::update, BOT));
        methods.put("chat.postEphemeral", new Def(chat::postEphemeral, BOT));
        methods.put("chat.delete", new Def(chat::delete, BOT));
        methods.put("chat.getPermalink", new Def(chat::permalink, BOT));
        ReactionMethods reactions = new ReactionMethods(sim, ws);
        methods.put("reactions.add", new Def(c -> reactions.react(c, false), BOT));
        methods.put("reactions.remove", new Def(c -> reactions.react(c, true), BOT));
        methods.put("reactions.get", new Def(reactions::reactionsGet, BOT));
        registerDirectory(new UserMethods(ws, options), new ConversationMethods(ws, options));
        FileMethods files = new FileMethods(sim, ws, options);
        methods.put("files.upload", new Def(files::filesUpload, BOT));
        methods.put("files.getUploadURLExternal", new Def(files::getUploadUrl, BOT));
        methods.put("files.completeUploadExternal", new Def(files::completeUpload, BOT));
        methods.put("files.info", new Def(files::filesInfo, BOT));
    }

    /** The names of the methods served, e.g. {@code chat.postMessage}. */
    Set<String> methodNames() {
        return Set.copyOf(methods.keySet());
    }

    private void registerDirectory(UserMethods users, ConversationMethods conversations) {
        methods.put("users.info", new Def(users::usersInfo, BOT));
        methods.put("users.list", new Def(users::usersList, BOT));
        methods.put("users.lookupByEmail", new Def(users::usersLookupByEmail, BOT));
        methods.put("usergroups.list", new Def(users::usergroupsList, BOT));
        methods.put("usergroups.users.list", new Def(users::usergroupUsers, BOT));
        methods.put("conversations.info", new Def(conversations::conversationsInfo, BOT));
        methods.put("conversations.list", new Def(conversations::conversationsList, BOT));
        methods.put("conversations.members", new Def(conversations::conversationsMembers, BOT));
        methods.put("conversations.history", new Def(conversations::conversationsHistory, BOT));
        methods.put("conversations.replies", new Def(conversations::conversationsReplies, BOT));
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String name = path.substring(path.indexOf("/api/") + 5);
            if (name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            Def def = methods.get(name);
            if (def == null) {
                log.warn("unknown Web API method {}", name);
                sim.recordCall(name, false, "unknown_method", 404, null);
                HttpUtil.sendJson(ex, 404, Json.error("unknown_method").put("req_method", name));
                return;
            }
            ApiFault fault = sim.faults().take(name);
            if (fault != null && answeredByFault(ex, name, fault)) {
                return;
            }
            ObjectNode result = call(ex, name, def);
            if (fault != null && fault.answer().warning() != null) {
                warn(result, fault.answer().warning());
            }
            boolean ok = result.path("ok").asBoolean(false);
            sim.recordCall(name, ok, ok ? null : result.path("error").asText(), 200,
                    fault == null ? null : fault.id());
            if (!ok) {
                log.debug("{} -> {}", name, result.path("error").asText());
            }
            HttpUtil.sendJson(ex, 200, result);
        } catch (RuntimeException e) {
            log.error("Web API failure", e);
            HttpUtil.sendJson(ex, 500, Json.error("internal_error"));
        }
    }

    /**
     * Waits the fault's latency; with a status, answers it like Slack ({@code Retry-After} when set, body
     * {@code {"ok":false,"error":...}}) without running the method and returns true.
     */
    private boolean answeredByFault(HttpExchange ex, String name, ApiFault fault) throws IOException {
        if (fault.latencyMs() > 0) {
            try {
                Thread.sleep(fault.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fault.status() == 0 && !fault.answer().refuses()) {
            return false;
        }
        HttpUtil.readBody(ex);
        if (fault.status() == 0) {
            log.debug("{} -> {} ({})", name, fault.error(), fault.id());
            sim.recordCall(name, false, fault.error(), 200, fault.id());
            HttpUtil.sendJson(ex, 200, refusal(name, fault.answer(), o.botScopes()));
            return true;
        }
        if (fault.retryAfter() != null) {
            ex.getResponseHeaders().set("Retry-After", String.valueOf(fault.retryAfter()));
        }
        log.debug("{} -> HTTP {} ({})", name, fault.status(), fault.id());
        sim.recordCall(name, false, fault.error(), fault.status(), fault.id());
        HttpUtil.sendJson(ex, fault.status(), Json.error(fault.error()));
        return true;
    }

    /** Slack's {@code ok:false} answer: {@code needed} and {@code provided} with {@code missing_scope}. */
    private static ObjectNode refusal(String method, ApiFault.SlackAnswer a, List<String> granted) {
        ObjectNode r = Json.error(a.error());
        if (a.error().equals("missing_scope")) {
            String needed = a.needed() == null ? Scopes.needed(method) : a.needed();
            r.put("needed", needed);
            r.put("provided", a.provided() == null ? Scopes.providedWithout(granted, needed) : a.provided());
        }
        if (a.warning() != null) {
            warn(r, a.warning());
        }
        return r;
    }

    /** Slack's shape of a warning: {@code warning}, and in {@code response_metadata} its code and a message. */
    private static void warn(ObjectNode r, String warning) {
        r.put("warning", warning);
        ObjectNode meta = r.has("response_metadata") && r.get("response_metadata").isObject()
                ? (ObjectNode) r.get("response_metadata") : r.putObject("response_metadata");
        meta.putArray("warnings").add(warning);
        meta.putArray("messages").add("[WARN] " + warning);
    }

    /** Reads the arguments, checks the token (header first, then argument) and runs the method. */
    private ObjectNode call(HttpExchange ex, String name, Def def) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        Map<String, HttpUtil.Part> files = new LinkedHashMap<>();
        readParams(ex, params, files);
        String token = null;
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = auth.substring(7).trim();
        } else if (params.get("token") != null && !params.get("token").isEmpty()) {
            token = params.get("token");
        }
        if (token == null || token.isEmpty()) {
            return Json.error("not_authed");
        }
        TokenKind kind = token.equals(o.botToken()) ? TokenKind.BOT
                : token.equals(o.appToken()) ? TokenKind.APP : null;
        if (kind == null) {
            return Json.error("invalid_auth");
        } else if (!def.tokens().contains(kind)) {
            return Json.error("not_allowed_token_type");
        }
        // as Slack: every answer to an authenticated call names the token's scopes
        ex.getResponseHeaders().set("X-OAuth-Scopes", kind == TokenKind.BOT ? String.join(",", o.botScopes())
                : Scopes.APP);
        return run(def, new WebApiCall(name, params, files, kind));
    }

    private ObjectNode run(Def def, WebApiCall c) throws IOException {
        try {
            return def.method().run(c);
        } catch (WebApiCall.BlocksInvalid e) {
            ObjectNode err = Json.error("invalid_blocks");
            ArrayNode errors = err.putArray("errors");
            ArrayNode messages = err.putObject("response_metadata").putArray("messages");
            for (String s : e.errors) {
                errors.add(s);
                messages.add("[ERROR] " + s);
            }
            return err;
        } catch (SimException e) {
            return Json.error(e.error());
        }
    }


    private static void readParams(HttpExchange ex, Map<String, String> params, Map<String, HttpUtil.Part> files)
            throws IOException {
        params.putAll(HttpUtil.parseForm(ex.getRequestURI().getRawQuery()));
        byte[] body = HttpUtil.readBody(ex);
        if (body.length == 0) {
            return;
        }
        String ct = HttpUtil.contentType(ex);
        if (ct.startsWith("multipart/form-data")) {
            for (HttpUtil.Part part : HttpUtil.parseMultipart(body, HttpUtil.boundary(
                    ex.getRequestHeaders().getFirst("Content-Type")))) {
                if (part.filename() != null) {
                    files.put(part.name(), part);
                } else if (part.name() != null) {
                    params.put(part.name(), part.text());
                }
            }
        } else if (ct.startsWith("application/json")) {
            JsonNode n = Json.parse(new String(body, StandardCharsets.UTF_8));
            if (n != null && n.isObject()) {
                for (var e : n.properties()) {
                    JsonNode v = e.getValue();
                    params.put(e.getKey(), v.isTextual() ? v.asText() : v.isNull() ? "" : Json.write(v));
                }
            }
        } else {
            params.putAll(HttpUtil.parseForm(new String(body, StandardCharsets.UTF_8)));
        }
    }
}
