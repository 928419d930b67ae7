package dev.kafkachatops.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import com.slack.api.methods.request.files.FilesUploadV2Request;
import dev.kafkachatops.port.ChatSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static dev.kafkachatops.view.LogText.safe;

/**
 * {@link ChatSender} over Slack's Web API (chat.postMessage, chat.update, chat.postEphemeral, files upload v2): one
 * call per attempt, Slack's answer typed. HTTP 429 (with its {@code Retry-After}), 5xx, network errors and the
 * errors Slack documents as transient are {@code Retry}; every other {@code ok: false} is {@code Refused}.
 */
public final class SlackSender implements ChatSender {
    private static final Logger log = LoggerFactory.getLogger(SlackSender.class);
    /** Error codes Slack answers for trouble on its side or a rate limit (retry), not for a bad request. */
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "rate_limited", "internal_error",
            "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org");
    private final MethodsClient client;

    public SlackSender(MethodsClient client) {
        this.client = client;
    }

    /** A Web API call that may fail with Slack's two checked exceptions. */
    private interface Call<R> {
        R run() throws IOException, SlackApiException;
    }

    @Override
    public Result post(String channel, Optional<String> threadTs, String text, String blocksJson) {
        return call(() -> client.chatPostMessage(m -> {
            m.channel(channel).text(text);
            if (blocksJson != null) m.blocksAsString(blocksJson);
            threadTs.ifPresent(m::threadTs);
            return m;
        }), r -> Optional.ofNullable(r.getTs()));
    }

    @Override
    public Result update(String channel, String ts, String text, String blocksJson) {
        return call(() -> client.chatUpdate(m -> {
            m.channel(channel).ts(ts).text(text);
            if (blocksJson != null) m.blocksAsString(blocksJson);
            return m;
        }), r -> Optional.empty());
    }

    @Override
    public Result ephemeral(String channel, String user, String text) {
        return call(() -> client.chatPostEphemeral(m -> m.channel(channel).user(user).text(text)),
                r -> Optional.empty());
    }

    @Override
    public Result upload(String channel, Optional<String> threadTs, String filename, String title, byte[] content,
                         boolean text) {
        UnaryOperator<FilesUploadV2Request.FilesUploadV2RequestBuilder> data = text
                ? f -> f.content(new String(content, StandardCharsets.UTF_8)) : f -> f.fileData(content);
        try {
            return call(() -> client.filesUploadV2(f -> {
                data.apply(f.channel(channel).filename(filename).title(title));
                threadTs.ifPresent(f::threadTs);
                return f;
            }), r -> Optional.empty());
        } catch (SlackFilesUploadV2Exception e) {
            return classify(uploadError(e));
        }
    }

    private static <R extends SlackApiTextResponse> Result call(Call<R> call, Function<R, Optional<String>> ts) {
        try {
            R r = call.run();
            if (r.getWarning() != null) log.info("Slack warns: {}", safe(r.getWarning()));
            if (r.isOk()) return new Result.Sent(ts.apply(r));
            return classify(withNeeded(r));
        } catch (SlackApiException e) {
            int status = e.getResponse() == null ? 0 : e.getResponse().code();
            String error = e.getError() != null && e.getError().getError() != null ? e.getError().getError()
                    : "HTTP " + status;
            if (status == 429) return new Result.Retry(retryAfter(e), error);
            if (status >= 500 || status == 408) return new Result.Retry(Optional.empty(), error);
            return classify(error);
        } catch (IOException e) {
            return new Result.Retry(Optional.empty(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Result classify(String error) {
        String e = error == null ? "unknown_error" : error;
        return TRANSIENT.contains(e) ? new Result.Retry(Optional.empty(), e) : new Result.Refused(e);
    }

    /** The error code, with the scope Slack says is missing: {@code missing_scope (needed: files:write)}. */
    static String withNeeded(SlackApiTextResponse r) {
        return r.getNeeded() == null || r.getError() == null ? r.getError()
                : r.getError() + " (needed: " + r.getNeeded() + ")";
    }

    static Optional<Duration> retryAfter(SlackApiException e) {
        String header = e.getResponse() == null ? null : e.getResponse().header("Retry-After");
        if (header == null) return Optional.empty();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.strip()))));
        } catch (NumberFormatException ex) {
            return Optional.empty();
        }
    }

    /** The SDK throws this one (unchecked) when a step of the upload answers an error. */
    private static String uploadError(SlackFilesUploadV2Exception e) {
        if (e.getCompleteResponse() != null) return withNeeded(e.getCompleteResponse());
        return e.getGetURLResponses().stream().filter(r -> r.getError() != null).map(SlackSender::withNeeded)
                .findFirst().orElse("the upload URL refused the file");
    }
}
