package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The simulator's HTTP server on 127.0.0.1: routes {@code /api/sim/} to {@link SimJsonApi} and {@code /api/} to
 * {@link WebApi}, and itself serves response URLs, file upload URLs and the static web page.
 */
final class SimHttpServer {
    private static final Logger log = LoggerFactory.getLogger(SimHttpServer.class);
    private static final Pattern STATIC_NAME = Pattern.compile("[A-Za-z0-9_-]+\\.(html|css|js|md|svg|ico)");

    private final Workspace workspace;

    private SimHttpServer(Workspace workspace) {
        this.workspace = workspace;
    }

    /** Daemon threads named {@code slack-sim-http-N} for the server's exchanges. */
    static ExecutorService newExecutor() {
        return Executors.newCachedThreadPool(HttpUtil.daemonThreads("slack-sim-http-"));
    }

    /** Binds {@link SimOptions#httpPort()}, registers the routes and starts serving on {@code executor}. */
    static HttpServer start(SlackSimulator sim, Workspace workspace, SimOptions options, ExecutorService executor)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.httpPort()), 128);
        try {
            server.setExecutor(executor);
            SimHttpServer own = new SimHttpServer(workspace);
            WebApi webApi = new WebApi(sim, workspace, options);
            server.createContext("/api/sim/", new SimJsonApi(sim, workspace, webApi.methodNames()));
            server.createContext("/api/", webApi);
            server.createContext("/response/", own::handleResponseUrl);
            server.createContext("/upload/", own::handleUpload);
            server.createContext("/", own::handleStatic);
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.stop(0);
            throw e;
        }
    }

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
                sendText(ex, 405, "text/plain", "method not allowed");
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
                sendText(ex, 404, "text/plain", "file not found");
                return;
            }
            sendText(ex, 200, "text/plain", "OK - " + content.length);
        } catch (RuntimeException e) {
            log.error("upload failure", e);
            sendText(ex, 500, "text/plain", "error");
        }
    }

    private void handleStatic(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
            sendText(ex, 405, "text/plain", "method not allowed");
            return;
        }
        if (!STATIC_NAME.matcher(name).matches()) {
            sendText(ex, 404, "text/plain; charset=utf-8", "not found");
            return;
        }
        byte[] data;
        try (InputStream in = SlackSimulator.class.getResourceAsStream("/sim/" + name)) {
            if (in == null) {
                sendText(ex, 404, "text/plain; charset=utf-8", "not found");
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

    private static void sendText(HttpExchange ex, int status, String contentType, String text) throws IOException {
        HttpUtil.send(ex, status, contentType, text.getBytes(StandardCharsets.UTF_8));
    }
}
