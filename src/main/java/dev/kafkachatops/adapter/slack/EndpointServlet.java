package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.port.OpsEndpoints;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}, {@code /healthz}, {@code /readyz} in HTTP mode, on the same server as Slack's requests: for
 * Prometheus, load balancers and container probes.
 */
final class EndpointServlet extends HttpServlet {
    private final OpsEndpoints endpoints;

    EndpointServlet(OpsEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        var answer = endpoints.answer(req.getServletPath()).orElse(null);
        if (answer == null) {
            resp.sendError(404);
            return;
        }
        resp.setStatus(answer.status());
        resp.setContentType(answer.contentType());
        resp.setHeader("Cache-Control", "no-store");
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
