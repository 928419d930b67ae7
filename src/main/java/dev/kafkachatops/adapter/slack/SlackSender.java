package dev.kafkachatops.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import com.slack.api.methods.request.files.FilesUploadV2Request;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import dev.kafkachatops.port.ChatSender;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * {@link ChatSender} over Slack's Web API (chat.postMessage, chat.update, chat.postEphemeral, files upload v2): one
 * call per attempt, Slack's answer typed. HTTP 429 (with its {@code Retry-After}), 5xx, network errors and the
 * errors Slack documents as transient are {@code Retry}; every other {@code ok: false} is {@code Refused}.
 */
public final class SlackSender implements ChatSender {
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
            if (r.isOk()) return new Result.Sent(ts.apply(r));
            return classify(r.getError());
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
        if (e.getCompleteResponse() != null) return e.getCompleteResponse().getError();
        return e.getGetURLResponses().stream().map(FilesGetUploadURLExternalResponse::getError)
                .filter(Objects::nonNull).findFirst().orElse("the upload URL refused the file");
    }
}
