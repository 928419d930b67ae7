package dev.kafkachatops.adapter.metrics;

import com.slack.api.util.http.listener.HttpResponseListener;

import java.util.regex.Pattern;

/**
 * Counts every Slack Web API call the SDK makes, by method and outcome: {@code rate_limited} (HTTP 429, whose
 * Retry-After the chat outbox waits), {@code error} (any other HTTP error, or {@code "ok": false}) or {@code ok}.
 * Registered on the SDK's {@code SlackConfig} as a response listener; it never throws into the SDK.
 */
public final class SlackCallMeter extends HttpResponseListener {
    private static final Pattern METHOD = Pattern.compile("[a-z]+(\\.[a-zA-Z]+)+");
    private static final Pattern NOT_OK = Pattern.compile("\"ok\"\\s*:\\s*false");

    private final BotMeters meters;

    public SlackCallMeter(BotMeters meters) {
        this.meters = meters;
    }

    @Override
    public void accept(State state) {
        try {
            var response = state.getResponse();
            if (response == null) return;
            var segments = response.request().url().pathSegments();
            String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
            meters.slackCall(METHOD.matcher(last).matches() ? last : "other",
                    outcome(response.code(), state.getParsedResponseBody()));
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
