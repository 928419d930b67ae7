package dev.kafkachatops.port;

import java.util.List;
import java.util.Optional;

/**
 * The operations endpoints ({@code /metrics}, {@code /healthz}, {@code /readyz}) as answers to a path, so whichever
 * HTTP server the bot runs (Slack's in HTTP mode, a small listener in Socket Mode) can serve them.
 */
public interface OpsEndpoints {
    /** What to send back: status code, content type and body. */
    record Answer(int status, String contentType, String body) {
    }

    /** The paths answered, e.g. {@code /metrics}. */
    List<String> paths();

    /** The answer for {@code path}, empty when it is not one of {@link #paths()}. Never throws. */
    Optional<Answer> answer(String path);
}
