package dev.kafkachatops.ops.chat;

import dev.kafkachatops.port.ChatSender;
import dev.kafkachatops.port.ChatSender.Result;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

import static dev.kafkachatops.view.LogText.safe;

/** What the outbox does when the chat refuses a private line or a file for good, besides logging it. */
final class Refusals {
    private static final Logger log = LoggerFactory.getLogger(Refusals.class);
    private final ChatSender sender;

    Refusals(ChatSender sender) {
        this.sender = sender;
    }

    /**
     * A private line Slack would not show in the channel ({@code user_not_in_channel}: the user is not a member) goes
     * to the user's direct messages with the bot instead; any other refusal is logged.
     */
    void ephemeral(String channel, String user, String text, String error) {
        log.warn("chat.postEphemeral to {} in {} refused: {}", safe(user), safe(channel), safe(error));
        if (!error.startsWith("user_not_in_channel")) return;
        Result dm = sender.post(user, Optional.empty(), text, null);
        if (dm instanceof Result.Sent) {
            log.info("the private line for {} went to their direct messages instead", safe(user));
        } else {
            log.warn("the direct message to {} failed too: {}", safe(user), safe(dm.toString()));
        }
    }

    /** A file the chat refused: the thread it was meant for says so, and why (e.g. a scope the app lacks). */
    void upload(String channel, Optional<String> thread, String filename, String error) {
        log.warn("upload of {} to {} refused: {}", safe(filename), safe(channel), safe(error));
        if (thread.isEmpty()) return;
        Result r = sender.post(channel, thread, ":warning: The file `" + filename + "` could not be attached: Slack "
                + "refused the upload with " + error + (error.startsWith("missing_scope")
                ? ". Add that scope to the Slack app and reinstall it." : "."), null);
        if (!(r instanceof Result.Sent)) log.warn("the note about {} was not posted either: {}", safe(filename), safe(r.toString()));
    }
}
