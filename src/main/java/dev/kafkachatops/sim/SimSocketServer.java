package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Set;

/** The Socket Mode endpoint: {@code ws://127.0.0.1:PORT/link/?ticket=...}. */
final class SimSocketServer extends WebSocketServer {
    private static final Logger log = LoggerFactory.getLogger(SimSocketServer.class);

    private final Dispatcher dispatcher;
    private final String appId;
    private final SimFaults faults;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startError;
    private final List<WebSocket> connections = new CopyOnWriteArrayList<>();
    /** Connections told to disconnect: like Slack, nothing new is sent on them. */
    private final Set<WebSocket> draining = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> tickets = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();

    SimSocketServer(int port, Dispatcher dispatcher, String appId, SimFaults faults) {
        super(new InetSocketAddress("127.0.0.1", port), 2);
        this.dispatcher = dispatcher;
        this.appId = appId;
        this.faults = faults;
        setDaemon(true);
        setReuseAddr(true);
        setConnectionLostTimeout(30);
    }

    void startAndWait() throws IOException {
        start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IOException("Socket Mode server did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (startError != null) {
            throw new IOException("Socket Mode server failed to start: " + startError.getMessage(), startError);
        }
    }

    /** A new single-connection URL, as {@code apps.connections.open} returns it. */
    String newConnectionUrl() {
        String ticket = UUID.randomUUID().toString();
        tickets.put(ticket, Instant.now());
        return "ws://127.0.0.1:" + getPort() + "/link/?ticket=" + ticket + "&app_id=" + appId;
    }

    /**
     * The connection the next envelope goes to: like Slack, each envelope goes to ONE of the app's open connections
     * (not told to disconnect), taken in turn, so two bot instances on one app token share the traffic.
     */
    WebSocket nextOpen() {
        List<WebSocket> open = connections.stream().filter(c -> c.isOpen() && !draining.contains(c)).toList();
        if (open.isEmpty()) return null;
        return open.get(Math.floorMod(turn.getAndIncrement(), open.size()));
    }

    int openCount() {
        return (int) connections.stream().filter(c -> c.isOpen() && !draining.contains(c)).count();
    }

    /** Sends {@code {"type":"disconnect"}} to every open connection, like Slack does before a refresh. */
    int disconnectAll(String reason) {
        int n = 0;
        for (WebSocket c : connections) {
            if (c.isOpen() && draining.add(c)) {
                ObjectNode d = Json.obj().put("type", "disconnect").put("reason", reason);
                d.putObject("debug_info").put("host", "slack-sim");
                try {
                    c.send(Json.write(d));
                    n++;
                } catch (WebsocketNotConnectedException ignored) {
                    // closed meanwhile
                }
            }
        }
        return n;
    }

    /**
     * Closes every connection at once without a close frame or a {@code disconnect} message, as a network
     * failure would: the client reads end of stream (close code 1006). Returns how many were open.
     */
    int dropAll() {
        int n = 0;
        for (WebSocket c : connections) {
            if (c.isOpen()) {
                c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped (simulated network failure)");
                n++;
            }
        }
        log.info("Socket Mode: dropped {} connection(s)", n);
        return n;
    }

    @Override
    public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                                                                       ClientHandshake request)
            throws InvalidDataException {
        ServerHandshakeBuilder b = super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        if (faults.refuseConnection()) {
            log.info("refusing a Socket Mode connection: simulated outage");
            throw new InvalidDataException(CloseFrame.TRY_AGAIN_LATER, "Socket Mode is unavailable");
        }
        String ticket = ticketOf(request.getResourceDescriptor());
        if (ticket == null || !tickets.containsKey(ticket)) {
            log.warn("refusing Socket Mode connection with unknown ticket: {}", request.getResourceDescriptor());
            throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, "invalid ticket");
        }
        return b;
    }

    private static String ticketOf(String resource) {
        try {
            String q = URI.create("http://x" + resource).getRawQuery();
            return HttpUtil.parseForm(q).get("ticket");
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        connections.add(conn);
        ObjectNode hello = Json.obj().put("type", "hello").put("num_connections", openCount());
        ObjectNode debug = hello.putObject("debug_info");
        debug.put("host", "slack-sim");
        debug.put("build_number", 1);
        debug.put("approximate_connection_time", 3600);
        hello.putObject("connection_info").put("app_id", appId);
        try {
            conn.send(Json.write(hello));
        } catch (WebsocketNotConnectedException e) {
            return;
        }
        log.debug("Socket Mode connection opened ({} open)", openCount());
        dispatcher.flush();
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        connections.remove(conn);
        draining.remove(conn);
        log.debug("Socket Mode connection closed: {} {} ({} open)", code, reason, openCount());
        dispatcher.onConnectionClosed(conn);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        JsonNode n = Json.parse(message);
        if (n == null || !n.isObject()) {
            log.warn("ignoring non-JSON Socket Mode message: {}", message);
            return;
        }
        if (n.hasNonNull("envelope_id")) {
            dispatcher.onAck(n.get("envelope_id").asText(), n.get("payload"));
        } else {
            log.debug("ignoring Socket Mode message: {}", message);
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            startError = ex;
            started.countDown();
            log.warn("Socket Mode server error: {}", ex.toString());
        } else {
            log.debug("Socket Mode connection error: {}", ex.toString());
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
