package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A local Slack: Web API, Socket Mode (or signed HTTP delivery), response URLs, file uploads, a JSON API for
 * scripts and tests, and a Slack-like web page. An unchanged Bolt for Java app runs against it with
 * {@code SlackConfig.setMethodsEndpointUrlPrefix(sim.apiUrlPrefix())}.
 *
 * <pre>
 * try (SlackSimulator sim = SlackSimulator.start(SimOptions.defaults())) {
 *     // start the Bolt app with sim.botToken(), sim.appToken(), sim.apiUrlPrefix()
 *     SimResult r = sim.command("alice", "general", "status");
 *     List&lt;SimMessage&gt; msgs = sim.messages("general");
 * }
 * </pre>
 */
public final class SlackSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackSimulator.class);
    private static final Pattern STATIC_NAME = Pattern.compile("[A-Za-z0-9_-]+\\.(html|css|js|md|svg|ico)");
    private static final int MAX_CALLS = 10_000;

    private final SimOptions options;
    private final SimUsers users;
    private final Workspace workspace;
    private final Dispatcher dispatcher;
    private final HttpServer http;
    private final ExecutorService httpExecutor;
    private final SimSocketServer socket;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Deque<SimApiCall> calls = new ArrayDeque<>();

    private SlackSimulator(SimOptions options) throws IOException {
        this.options = options;
        this.users = new SimUsers(options.users(), options.botUser(), options.userGroups());
        this.workspace = new Workspace(options, users);
        this.dispatcher = new Dispatcher(options, workspace);
        AtomicInteger n = new AtomicInteger();
        this.httpExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "slack-sim-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpServer server = null;
        SimSocketServer ws = null;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.httpPort()), 128);
            server.setExecutor(httpExecutor);
            server.createContext("/api/sim/", new SimJsonApi(this, workspace));
            server.createContext("/api/", new WebApi(this, workspace, options));
            server.createContext("/response/", this::handleResponseUrl);
            server.createContext("/upload/", this::handleUpload);
            server.createContext("/", this::handleStatic);
            server.start();
            if (options.deliveryMode() == DeliveryMode.SOCKET_MODE) {
                ws = new SimSocketServer(options.wsPort(), dispatcher, options.appId());
                dispatcher.socket(ws);
                ws.startAndWait();
            }
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.stop(0);
            }
            stopSocket(ws);
            httpExecutor.shutdownNow();
            throw e;
        }
        this.http = server;
        this.socket = ws;
        log.info("Slack simulator: page {} API {} ({})", pageUrl(), apiUrlPrefix(),
                ws == null ? "HTTP delivery to " + options.requestUrl() : "Socket Mode on port " + ws.getPort());
    }

    /** Starts the HTTP server (and the Socket Mode server) bound to 127.0.0.1. */
    public static SlackSimulator start(SimOptions options) throws IOException {
        return new SlackSimulator(options);
    }

    /** Starts with {@link SimOptions#defaults()}. */
    public static SlackSimulator start() throws IOException {
        return start(SimOptions.defaults());
    }

    // ------------------------------------------------------------------ endpoints and identities

    /** {@code http://127.0.0.1:PORT/api/}: Web API methods live under it. */
    public String apiUrlPrefix() {
        return baseUrl() + "/api/";
    }

    /** {@code http://127.0.0.1:PORT/}: the channel web page. */
    public String pageUrl() {
        return baseUrl() + "/";
    }

    public int httpPort() {
        return http.getAddress().getPort();
    }

    /** Port of the Socket Mode server, or -1 in HTTP delivery mode. */
    public int wsPort() {
        return socket == null ? -1 : socket.getPort();
    }

    public String botToken() {
        return options.botToken();
    }

    public String appToken() {
        return options.appToken();
    }

    public String botUserId() {
        return options.botUser().id();
    }

    public SimUsers users() {
        return users;
    }

    public List<SimChannel> channels() {
        return workspace.channels();
    }

    public SimOptions options() {
        return options;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    String newSocketUrl() {
        return socket == null ? null : socket.newConnectionUrl();
    }

    // ------------------------------------------------------------------ scripting API

    /**
     * Delivers the slash command ({@code /kafka} + text) typed by {@code user} in {@code channel} and waits up to
     * {@link SimOptions#ackWait()} for the ack. {@code text} may also start with the command itself.
     *
     * @throws SimException for an unknown user or channel, or another slash command
     */
    public SimResult command(String user, String channel, String text) {
        SimUser u = users.get(user);
        SimChannel ch = workspace.channel(channel);
        String t = normalizeCommandText(text);
        ResponseUrls.ResponseUrl ru = workspace.responseUrls().newResponseUrl("command", u.id(), ch.id(), null, false);
        var payload = Payloads.slashCommand(options, u, ch, t, baseUrl() + "/response/" + ru.id);
        Dispatcher.Env e = dispatcher.send("slash_commands", payload,
                (options.slashCommand() + " " + t).trim() + " by " + u.name() + " in #" + ch.name(), true, ru.id);
        return dispatcher.result(e, options.ackWait());
    }

    private String normalizeCommandText(String text) {
        String t = text == null ? "" : text.strip();
        String cmd = options.slashCommand();
        if (t.equals(cmd)) {
            return "";
        }
        if (t.startsWith(cmd + " ") || t.startsWith(cmd + "\t") || t.startsWith(cmd + "\n")) {
            return t.substring(cmd.length()).strip();
        }
        if (t.startsWith("/")) {
            String other = t.split("\\s+", 2)[0];
            throw new SimException("unknown_command", other + " is not a command of this app (only " + cmd + ")");
        }
        return t;
    }

    /**
     * {@code user} adds (or removes) reaction {@code name} (with or without colons) on message {@code ts};
     * the message shows it and a {@code reaction_added}/{@code reaction_removed} event is delivered.
     *
     * @throws SimException unknown user/channel/message, {@code already_reacted}, {@code no_reaction}
     */
    public SimResult reaction(String user, String channel, String ts, String name, boolean removed) {
        SimUser u = users.get(user);
        SimChannel ch = workspace.channel(channel);
        if (name == null || WebApiCall.stripColons(name).isEmpty()) {
            throw new SimException("invalid_name", "missing reaction name");
        }
        Dispatcher.Env e = reactAndNotify(u, ch, ts, WebApiCall.stripColons(name), removed);
        return dispatcher.result(e, options.ackWait());
    }

    Dispatcher.Env reactAndNotify(SimUser u, SimChannel ch, String ts, String name, boolean removed) {
        Workspace.Msg m = workspace.react(ch.id(), ts, name, u.id(), removed);
        String eventTs = workspace.nextTs();
        var payload = Payloads.reactionEvent(options, removed, u, name, m.author.id(), ch, m.ts,
                workspace.nextId("Ev0SIM"), eventTs);
        return dispatcher.send("events_api", payload,
                (removed ? "reaction_removed :" : "reaction_added :") + name + ": by " + u.name() + " on " + m.ts,
                false, null);
    }

    /**
     * {@code user} clicks the element {@code actionId} (a button) of message {@code ts}; delivers
     * {@code block_actions}. {@code value} null means the button's own value.
     *
     * @throws SimException unknown user/channel/message or no such action_id in the message
     */
    public SimResult action(String user, String channel, String ts, String actionId, String value) {
        SimUser u = users.get(user);
        SimChannel ch = workspace.channel(channel);
        Workspace.Msg m = workspace.message(ch.id(), ts);
        if (m.deleted || (m.ephemeral && !u.id().equals(m.visibleTo))) {
            throw new SimException("message_not_found", "no message " + ts + " visible to " + u.name());
        }
        JsonNode messageJson;
        JsonNode element = null;
        String blockId = null;
        synchronized (workspace) {
            messageJson = workspace.views().messageJson(m);
            ArrayNode blocks = m.blocks;
            if (blocks != null) {
                for (int i = 0; i < blocks.size() && element == null; i++) {
                    JsonNode b = blocks.get(i);
                    List<JsonNode> candidates = new ArrayList<>();
                    if (b.has("accessory")) {
                        candidates.add(b.get("accessory"));
                    }
                    if ("actions".equals(b.path("type").asText())) {
                        b.path("elements").forEach(candidates::add);
                    }
                    for (JsonNode el : candidates) {
                        if (actionId != null && actionId.equals(el.path("action_id").asText(null))) {
                            element = el.deepCopy();
                            blockId = b.path("block_id").asText("sim-block-" + i);
                            break;
                        }
                    }
                }
            }
        }
        if (element == null) {
            throw new SimException("action_not_found", "message " + ts + " has no element with action_id "
                    + actionId);
        }
        String v = value != null ? value : element.hasNonNull("value") ? element.get("value").asText() : null;
        ResponseUrls.ResponseUrl ru = workspace.responseUrls().newResponseUrl("action", u.id(), ch.id(), m.ts, m.ephemeral);
        var payload = Payloads.blockActions(options, u, ch, m.ts, m.isReply() ? m.threadTs : null, m.ephemeral,
                messageJson, element, blockId, v, baseUrl() + "/response/" + ru.id, workspace.nextTs());
        Dispatcher.Env e = dispatcher.send("interactive", payload,
                "block_actions " + actionId + " by " + u.name() + " on " + m.ts, false, ru.id);
        return dispatcher.result(e, options.ackWait());
    }

    /**
     * Delivers the envelope's payload again with {@code retry_attempt + 1} (new envelope id, same event_id),
     * like Slack's retries; waits for the ack.
     */
    public SimResult redeliver(String envelopeId) {
        Dispatcher.Env e = dispatcher.redeliver(envelopeId);
        return dispatcher.result(e, options.ackWait());
    }

    /**
     * Snapshot of a channel, oldest first: top-level messages with their thread replies nested; includes every
     * ephemeral message (flagged, with {@code visibleTo}).
     */
    public List<SimMessage> messages(String channel) {
        return workspace.views().snapshot(workspace.channel(channel).id(), m -> true);
    }

    /** Like {@link #messages(String)} but with only the ephemeral messages visible to {@code user}. */
    public List<SimMessage> messagesVisibleTo(String channel, String user) {
        return messages(channel, users.get(user).id());
    }

    List<SimMessage> messages(String channelId, String userIdOrNull) {
        return workspace.views().snapshot(workspace.channel(channelId).id(),
                m -> !m.ephemeral || userIdOrNull == null || userIdOrNull.equals(m.visibleTo));
    }

    /** Every envelope sent (socket or HTTP), oldest first, with delivery and ack state. */
    public List<SimEnvelope> envelopes() {
        return dispatcher.snapshot();
    }

    boolean delivered(String envelopeId) {
        return dispatcher.get(envelopeId).deliveredAt != null;
    }

    /** Waits until the envelope is acked; false on timeout. */
    public boolean awaitAcked(String envelopeId, Duration timeout) {
        return dispatcher.awaitAcked(envelopeId, timeout);
    }

    /** Web API calls made so far (last 10,000), oldest first. */
    public List<SimApiCall> apiCalls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Number of open Socket Mode connections. */
    public int socketConnections() {
        return socket == null ? 0 : socket.openCount();
    }

    /** Sends {@code {"type":"disconnect"}} to every Socket Mode connection (the client reconnects). */
    public int disconnectSockets() {
        return socket == null ? 0 : socket.disconnectAll("refresh_requested");
    }

    void recordCall(String method, boolean ok, String error) {
        synchronized (calls) {
            calls.addLast(new SimApiCall(method, Instant.now(), ok, error));
            while (calls.size() > MAX_CALLS) {
                calls.removeFirst();
            }
        }
    }

    // ------------------------------------------------------------------ HTTP handlers

    private void handleResponseUrl(HttpExchange ex) throws IOException {
        try {
            if (!"POST".equals(ex.getRequestMethod())) {
                HttpUtil.sendJson(ex, 405, Json.error("method_not_allowed"));
                return;
            }
            String id = ex.getRequestURI().getPath().substring("/response/".length());
            String body = new String(HttpUtil.readBody(ex), StandardCharsets.UTF_8).trim();
            JsonNode json;
            if (body.startsWith("payload=")) {
                json = Json.parse(HttpUtil.parseForm(body).get("payload"));
            } else {
                json = Json.parse(body);
            }
            if (json == null || !json.isObject()) {
                HttpUtil.sendJson(ex, 400, Json.error("invalid_payload"));
                return;
            }
            try {
                String what = workspace.responseUrls().applyResponse(id, json, false);
                log.debug("response_url {}: {}", id, what);
                HttpUtil.sendJson(ex, 200, Json.ok());
            } catch (SimException e) {
                int status = switch (e.error()) {
                    case "invalid_url", "expired_url" -> 404;
                    default -> 400;
                };
                HttpUtil.sendJson(ex, status, Json.error(e.error()));
            }
        } catch (RuntimeException e) {
            log.error("response_url failure", e);
            HttpUtil.sendJson(ex, 500, Json.error("internal_error"));
        }
    }

    private void handleUpload(HttpExchange ex) throws IOException {
        try {
            if (!"POST".equals(ex.getRequestMethod()) && !"PUT".equals(ex.getRequestMethod())) {
                HttpUtil.send(ex, 405, "text/plain", "method not allowed".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String path = ex.getRequestURI().getPath();
            String id = path.substring(path.lastIndexOf('/') + 1);
            byte[] body = HttpUtil.readBody(ex);
            String ct = HttpUtil.contentType(ex);
            byte[] content = body;
            if (ct.startsWith("multipart/form-data")) {
                content = null;
                for (HttpUtil.Part p : HttpUtil.parseMultipart(body,
                        HttpUtil.boundary(ex.getRequestHeaders().getFirst("Content-Type")))) {
                    if (p.filename() != null || content == null) {
                        content = p.data();
                    }
                }
                if (content == null) {
                    content = new byte[0];
                }
            }
            try {
                workspace.files().storeContent(id, content);
            } catch (SimException e) {
                HttpUtil.send(ex, 404, "text/plain", "file not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            HttpUtil.send(ex, 200, "text/plain", ("OK - " + content.length).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            log.error("upload failure", e);
            HttpUtil.send(ex, 500, "text/plain", "error".getBytes(StandardCharsets.UTF_8));
        }
    }

    private void handleStatic(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
            HttpUtil.send(ex, 405, "text/plain", "method not allowed".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!STATIC_NAME.matcher(name).matches()) {
            HttpUtil.send(ex, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        byte[] data;
        try (InputStream in = SlackSimulator.class.getResourceAsStream("/sim/" + name)) {
            if (in == null) {
                HttpUtil.send(ex, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
                return;
            }
            data = in.readAllBytes();
        }
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String ct = switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "ico" -> "image/x-icon";
            default -> "text/plain; charset=utf-8";
        };
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if (ext.equals("html")) {
            ex.getResponseHeaders().set("Content-Security-Policy",
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'");
        }
        HttpUtil.send(ex, 200, ct, data);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Stops the servers and threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        dispatcher.close();
        stopSocket(socket);
        http.stop(0);
        httpExecutor.shutdownNow();
        log.debug("Slack simulator stopped");
    }

    private static void stopSocket(SimSocketServer s) {
        if (s == null) {
            return;
        }
        try {
            s.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
