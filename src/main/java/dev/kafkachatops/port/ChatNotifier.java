package dev.kafkachatops.port;

import java.util.Optional;

/**
 * Posts to the channel a plan or run belongs to. Messages are rendered by the caller (Block Kit JSON as a
 * string) so the core never sees Slack types.
 */
public interface ChatNotifier {
    /** @return the message's ts; {@code blocksJson} may be null for a plain-text message */
    String post(String channel, Optional<String> threadTs, String text, String blocksJson);

    void update(String channel, String ts, String text, String blocksJson);

    /** A message only {@code user} sees. */
    void ephemeral(String channel, String user, String text);

    /** Shares a text file (a plan as JSON, a report). */
    void upload(String channel, Optional<String> threadTs, String filename, String title, String content);

    /** Shares a binary file (a PNG chart) as is; the file type follows {@code filename}'s extension. */
    void uploadBytes(String channel, Optional<String> threadTs, String filename, String title, byte[] content);
}
