package dev.kafkachatops.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import com.slack.api.methods.request.files.FilesUploadV2Request;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import dev.kafkachatops.port.ChatNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** {@link ChatNotifier} over Slack's Web API (chat.postMessage, chat.update, files upload v2). */
public final class SlackNotifier implements ChatNotifier {
    private static final Logger log = LoggerFactory.getLogger(SlackNotifier.class);
    private final MethodsClient client;

    public SlackNotifier(MethodsClient client) {
        this.client = client;
    }

    @Override
    public String post(String channel, Optional<String> threadTs, String text, String blocksJson) {
        try {
            ChatPostMessageResponse r = client.chatPostMessage(m -> {
                m.channel(channel).text(text);
                if (blocksJson != null) m.blocksAsString(blocksJson);
                threadTs.ifPresent(m::threadTs);
                return m;
            });
            if (!r.isOk()) throw new IllegalStateException("chat.postMessage failed: " + r.getError());
            return r.getTs();
        } catch (IOException | SlackApiException e) {
            throw new IllegalStateException("chat.postMessage failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void update(String channel, String ts, String text, String blocksJson) {
        try {
            var r = client.chatUpdate(m -> m.channel(channel).ts(ts).text(text).blocksAsString(blocksJson));
            if (!r.isOk()) log.warn("chat.update of {} failed: {}", ts, r.getError());
        } catch (IOException | SlackApiException e) {
            log.warn("chat.update of {} failed: {}", ts, e.getMessage());
        }
    }

    @Override
    public void ephemeral(String channel, String user, String text) {
        try {
            var r = client.chatPostEphemeral(m -> m.channel(channel).user(user).text(text));
            if (!r.isOk()) log.warn("chat.postEphemeral to {} failed: {}", user, r.getError());
        } catch (IOException | SlackApiException e) {
            log.warn("chat.postEphemeral to {} failed: {}", user, e.getMessage());
        }
    }

    @Override
    public void upload(String channel, Optional<String> threadTs, String filename, String title, String content) {
        share(channel, threadTs, filename, title, f -> f.content(content));
    }

    @Override
    public void uploadBytes(String channel, Optional<String> threadTs, String filename, String title, byte[] content) {
        share(channel, threadTs, filename, title, f -> f.fileData(content));
    }

    /** files.getUploadURLExternal, the upload and files.completeUploadExternal; failures are logged, not thrown. */
    private void share(String channel, Optional<String> threadTs, String filename, String title,
                       UnaryOperator<FilesUploadV2Request.FilesUploadV2RequestBuilder> data) {
        try {
            var r = client.filesUploadV2(f -> {
                data.apply(f.channel(channel).filename(filename).title(title));
                threadTs.ifPresent(f::threadTs);
                return f;
            });
            if (!r.isOk()) log.warn("upload of {} failed: {}", filename, r.getError());
        } catch (IOException | SlackApiException e) {
            log.warn("upload of {} failed: {}", filename, e.getMessage());
        } catch (SlackFilesUploadV2Exception e) {
            log.warn("upload of {} failed: {}", filename, uploadError(e));
        }
    }

    /** The SDK throws this one (unchecked) when a step of the upload answers an error. */
    private static String uploadError(SlackFilesUploadV2Exception e) {
        if (e.getCompleteResponse() != null) return e.getCompleteResponse().getError();
        return e.getGetURLResponses().stream().map(FilesGetUploadURLExternalResponse::getError)
                .filter(Objects::nonNull).findFirst().orElse("the upload URL refused the file");
    }
}
