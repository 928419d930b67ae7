package dev.kafkachatops.port;

import java.time.Duration;
import java.util.Optional;

/**
 * One attempt at one write to the chat, with a typed answer: the chat's own client (Slack's Web API) behind it. The
 * outbox decides what to do with the answer (retry, give up, go on); nothing here retries or throws.
 */
public interface ChatSender {
    /** What the chat answered. */
    sealed interface Result {
        /** Done; {@code ts} is the new message's id for a post. */
        record Sent(Optional<String> ts) implements Result {
        }

        /** Try again later: rate limited (with the chat's {@code Retry-After} when it gave one), down, unreachable. */
        record Retry(Optional<Duration> after, String error) implements Result {
        }

        /** Refused for good (a bad request, no access, unknown channel): retrying would not help. */
        record Refused(String error) implements Result {
        }
    }

    Result post(String channel, Optional<String> threadTs, String text, String blocksJson);

    Result update(String channel, String ts, String text, String blocksJson);

    Result ephemeral(String channel, String user, String text);

    /** A file in the channel (or a thread); {@code content} is text when {@code text} is set, else raw bytes. */
    Result upload(String channel, Optional<String> threadTs, String filename, String title, byte[] content,
                  boolean text);
}
