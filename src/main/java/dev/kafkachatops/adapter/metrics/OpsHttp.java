package dev.kafkachatops.adapter.metrics;

import dev.kafkachatops.port.OpsEndpoints;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code /metrics} (Prometheus text), {@code /healthz} (200 while the process serves) and {@code /readyz} (200 when
 * every readiness check passes, else 503 naming the checks that did not), for whichever HTTP server serves them.
 */
public final class OpsHttp implements OpsEndpoints {
    private static final String TEXT = "text/plain; charset=utf-8";

    private final BotMeters meters;
    private final Supplier<Readiness.Report> readiness;

    public OpsHttp(BotMeters meters, Supplier<Readiness.Report> readiness) {
        this.meters = meters;
        this.readiness = readiness;
    }

    @Override
    public List<String> paths() {
        return List.of("/metrics", "/healthz", "/readyz");
    }

    @Override
    public Optional<Answer> answer(String path) {
        try {
            return Optional.ofNullable(switch (path) {
                case "/metrics" -> new Answer(200, meters.contentType(), meters.scrape());
                case "/healthz" -> new Answer(200, TEXT, "ok\n");
                case "/readyz" -> ready(readiness.get());
                default -> null;
            });
        } catch (RuntimeException e) {
            return Optional.of(new Answer(500, TEXT, "error: " + e.getClass().getSimpleName() + "\n"));
        }
    }

    private static Answer ready(Readiness.Report r) {
        return new Answer(r.ready() ? 200 : 503, TEXT, r.text() + "\n");
    }
}
