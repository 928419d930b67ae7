package dev.kafkachatops.adapter.metrics;

import okhttp3.Interceptor;
import okhttp3.Response;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Counts every Slack Web API call the SDK makes, by method and outcome: {@code rate_limited} (HTTP 429, whose
 * Retry-After the chat outbox waits), {@code error} (any other HTTP error, no answer at all, or {@code "ok": false})
 * or {@code ok}. An interceptor on the SDK's HTTP client, so it sees the answers the SDK turns into exceptions
 * (the SDK's response listeners are not told of a 429 or a 5xx); it never changes a call or throws into it.
 */
public final class SlackCallMeter implements Interceptor {
    private static final Pattern METHOD = Pattern.compile("[a-z]+(\\.[a-zA-Z]+)+");
    private static final Pattern NOT_OK = Pattern.compile("\"ok\"\\s*:\\s*false");
    /** How much of a JSON answer is read for its {@code ok} (it comes first in Slack's answers). */
    private static final long PEEK = 64 * 1024;

    private final BotMeters meters;

    public SlackCallMeter(BotMeters meters) {
        this.meters = meters;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        var segments = chain.request().url().pathSegments();
        String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
        String method = METHOD.matcher(last).matches() ? last : "other";
        Response response;
        try {
            response = chain.proceed(chain.request());
        } catch (IOException e) {
            count(method, "error");
            throw e;
        }
        try {
            var type = response.body() == null ? null : response.body().contentType();
            String body = response.code() < 400 && type != null && "json".equals(type.subtype())
                    ? response.peekBody(PEEK).string() : null;
            count(method, outcome(response.code(), body));
        } catch (IOException | RuntimeException e) {
            count(method, outcome(response.code(), null));
        }
        return response;
    }

    private void count(String method, String outcome) {
        try {
            meters.slackCall(method, outcome);
        } catch (RuntimeException e) {
            // a meter never disturbs a Slack call
        }
    }

    static String outcome(int status, String body) {
        if (status == 429) return "rate_limited";
        if (status >= 400) return "error";
        if (body != null && NOT_OK.matcher(body).find()) return "error";
        return "ok";
    }
}
