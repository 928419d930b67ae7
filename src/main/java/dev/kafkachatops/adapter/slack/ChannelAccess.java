package dev.kafkachatops.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import dev.kafkachatops.port.ChatNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;

import static dev.kafkachatops.view.LogText.safe;

/**
 * Whether the bot can post in the channel a command came from, asked before a plan is computed and stored. Slack
 * delivers a slash command from any channel but refuses the bot's messages in a channel it is not a member of
 * ({@code not_in_channel}; {@code channel_not_found} for a private one): {@code conversations.info} says
 * {@code is_member} up front. When Slack does not say (another error), the plan goes ahead and a refused post is
 * caught as {@link ChatNotifier.Refused}; both give the requester the same one line.
 */
final class ChannelAccess {
    private static final Logger log = LoggerFactory.getLogger(ChannelAccess.class);
    private final MethodsClient client;
    private volatile String botName;

    ChannelAccess(MethodsClient client) {
        this.client = client;
    }

    /** Empty when the bot may post in the channel (or Slack would not say); else the one line for the requester. */
    Optional<String> cannotPost(String channelId, String channelName) {
        try {
            var r = client.conversationsInfo(x -> x.channel(channelId));
            if (r.isOk() && r.getChannel() != null) {
                if (r.getChannel().isArchived()) return Optional.of(":x: " + where(channelId, channelName)
                        + " is archived: plan from a channel that is not.");
                return r.getChannel().isMember() ? Optional.empty() : Optional.of(invite(channelId, channelName));
            }
            log.warn("conversations.info {} answered {}", safe(channelId), safe(SlackSender.withNeeded(r)));
            if ("channel_not_found".equals(r.getError())) return Optional.of(invite(channelId, channelName));
        } catch (IOException | SlackApiException e) {
            log.warn("conversations.info {} failed: {}", safe(channelId), e.toString());
        }
        return Optional.empty();
    }

    /** The line for a plan message Slack refused. */
    String refused(String channelId, String channelName, ChatNotifier.Refused e) {
        return e.notInChannel() ? invite(channelId, channelName) : ":x: I could not post the plan in "
                + where(channelId, channelName) + ": Slack answered " + e.error() + ". The plan is cancelled.";
    }

    private String invite(String channelId, String channelName) {
        return "I am not in " + where(channelId, channelName) + ": invite me with /invite @" + botName();
    }

    /** {@code #name}, or Slack's mention of the channel when the command came with a placeholder name. */
    private static String where(String channelId, String channelName) {
        return channelName == null || channelName.isBlank() || channelName.equals("privategroup")
                || channelName.equals("directmessage") ? "<#" + channelId + ">" : "#" + channelName;
    }

    /** The bot's user name, as {@code auth.test} says (asked once). */
    private String botName() {
        if (botName == null) {
            try {
                var r = client.authTest(x -> x);
                botName = r.isOk() && r.getUser() != null ? r.getUser() : null;
            } catch (IOException | SlackApiException e) {
                log.debug("auth.test failed: {}", e.toString());
            }
        }
        return botName == null ? "kafka-chatops" : botName;
    }
}
