package dev.kafkachatops.port;

import java.util.Optional;

/**
 * Posts to the channel a plan or run belongs to. Messages are rendered by the caller (Block Kit JSON as a
 * string) so the core never sees Slack types.
 */
public interface ChatNotifier {
    /**
     * The chat refused a top-level post for good: {@code error} is its code ({@code not_in_channel},
     * {@code channel_not_found}, {@code missing_scope (needed: chat:write)}...).
     */
    final class Refused extends RuntimeException {
        private final String error;

        public Refused(String channel, String error) {
            super("chat.postMessage in " + channel + " refused: " + error);
            this.error = error;
        }

        public String error() {
            return error;
        }

        /** The bot is not in the channel (public: {@code not_in_channel}; private: {@code channel_not_found}). */
        public boolean notInChannel() {
            return error.startsWith("not_in_channel") || error.startsWith("channel_not_found");
        }
    }

    /**
     * @return the message's ts; {@code blocksJson} may be null for a plain-text message
     * @throws Refused when a top-level post is refused for good (a thread reply that is refused is only logged)
     */
    String post(String channel, Optional<String> threadTs, String text, String blocksJson);

    void update(String channel, String ts, String text, String blocksJson);

    /** A message only {@code user} sees. */
    void ephemeral(String channel, String user, String text);

    /** Shares a text file (a plan as JSON, a report). */
    void upload(String channel, Optional<String> threadTs, String filename, String title, String content);

    /** Shares a binary file (a PNG chart) as is; the file type follows {@code filename}'s extension. */
    void uploadBytes(String channel, Optional<String> threadTs, String filename, String title, byte[] content);
}
