package dev.kafkachatops.sim;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

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
    private static final int MAX_CALLS = 10_000;

    private final SimOptions options;
    private final SimUsers users;
    private final Workspace workspace;
    private final Dispatcher dispatcher;
    private final Gestures gestures;
    private final HttpServer http;
    private final ExecutorService httpExecutor;
    private final SimSocketServer socket;
    private final SimFaults faults;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Deque<SimApiCall> calls = new ArrayDeque<>();

    private SlackSimulator(SimOptions options) throws IOException {
        this.options = options;
        this.users = new SimUsers(options.users(), options.botUser(), options.userGroups());
        this.workspace = new Workspace(options, users);
        this.dispatcher = new Dispatcher(options, workspace);
        this.gestures = new Gestures(this, options, workspace, dispatcher);
        this.faults = new SimFaults(Clock.systemUTC(), options.deliveryMode() == DeliveryMode.SOCKET_MODE,
                this::dropSocketConnections);
        this.httpExecutor = SimHttpServer.newExecutor();
        HttpServer server = null;
        SimSocketServer ws = null;
        try {
            server = SimHttpServer.start(this, workspace, options, httpExecutor);
            if (options.deliveryMode() == DeliveryMode.SOCKET_MODE) {
                ws = new SimSocketServer(options.wsPort(), dispatcher, options.appId(), faults);
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
        return acked(gestures.command(user, channel, text));
    }

    /**
     * {@code user} adds (or removes) reaction {@code name} (with or without colons) on message {@code ts};
     * the message shows it and a {@code reaction_added}/{@code reaction_removed} event is delivered.
     *
     * @throws SimException unknown user/channel/message, {@code already_reacted}, {@code no_reaction}
     */
    public SimResult reaction(String user, String channel, String ts, String name, boolean removed) {
        return acked(gestures.reaction(user, channel, ts, name, removed));
    }

    Envelope reactAndNotify(SimUser u, SimChannel ch, String ts, String name, boolean removed) {
        return gestures.reactAndNotify(u, ch, ts, name, removed);
    }

    /**
     * {@code user} clicks the element {@code actionId} (a button) of message {@code ts}; delivers
     * {@code block_actions}. {@code value} null means the button's own value.
     *
     * @throws SimException unknown user/channel/message or no such action_id in the message
     */
    public SimResult action(String user, String channel, String ts, String actionId, String value) {
        return acked(gestures.action(user, channel, ts, actionId, value));
    }

    /**
     * Delivers the envelope's payload again with {@code retry_attempt + 1} (new envelope id, same event_id),
     * like Slack's retries; waits for the ack.
     */
    public SimResult redeliver(String envelopeId) {
        return acked(dispatcher.redeliver(envelopeId));
    }

    /** Waits up to {@link SimOptions#ackWait()} for the envelope's ack. */
    private SimResult acked(Envelope e) {
        return dispatcher.result(e, options.ackWait());
    }

    /**
     * Invites {@code user} (the bot too: {@code U0BOT}) to {@code channel} or removes them
     * ({@code POST /api/sim/membership}); returns whether it changed anything.
     */
    public boolean membership(String channel, String user, boolean member) {
        return workspace.members().setMember(workspace.channel(channel), users.get(user), member);
    }

    /** The ids of the channel's members. */
    public List<String> members(String channel) {
        return workspace.members().members(workspace.channel(channel).id());
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

    /** Faults injected into the Web API and Socket Mode ({@code /api/sim/faults}). */
    public SimFaults faults() {
        return faults;
    }

    private int dropSocketConnections() {
        return socket == null ? 0 : socket.dropAll();
    }

    void recordCall(String method, boolean ok, String error, int status, String fault) {
        synchronized (calls) {
            calls.addLast(new SimApiCall(method, Instant.now(), ok, error, status, fault));
            while (calls.size() > MAX_CALLS) {
                calls.removeFirst();
            }
        }
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
