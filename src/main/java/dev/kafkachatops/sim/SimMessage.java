package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Immutable snapshot of a channel message (top-level or thread reply).
 *
 * @param ts             Slack timestamp / id of the message
 * @param channel        channel id
 * @param user           author user id (the bot's user id for bot messages)
 * @param username       author handle
 * @param bot            whether a bot posted it
 * @param text           current text (may be empty when only blocks were sent)
 * @param blocks         current Block Kit blocks (a JSON array) or null
 * @param attachments    legacy attachments (a JSON array) or null
 * @param threadTs       parent ts for thread replies (and for parents that have replies), else null
 * @param replyBroadcast a thread reply also shown in the channel
 * @param replies        thread replies, oldest first (empty for replies themselves)
 * @param reactions      reactions in the order they were first added
 * @param edits          earlier versions, oldest first; {@code at} is when that version was replaced
 * @param ephemeral      only visible to {@link #visibleTo()}
 * @param visibleTo      user id an ephemeral message is shown to, else null
 * @param files          files shared with the message
 * @param deleted        a deleted parent kept because it still has replies
 */
public record SimMessage(String ts, String channel, String user, String username, boolean bot, String text,
                         JsonNode blocks, JsonNode attachments, String threadTs, boolean replyBroadcast,
                         List<SimMessage> replies, List<Reaction> reactions, List<Edit> edits,
                         boolean ephemeral, String visibleTo, List<File> files, boolean deleted) {

    public record Reaction(String name, List<String> users, int count) {
    }

    public record Edit(Instant at, String text, JsonNode blocks) {
    }

    public record File(String id, String name, String title, long size, String mimetype, String url) {
    }

    public boolean edited() {
        return !edits.isEmpty();
    }

    public int replyCount() {
        return replies.size();
    }

    public boolean isReply() {
        return threadTs != null && !threadTs.equals(ts);
    }

    public Optional<Reaction> reaction(String name) {
        return reactions.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /**
     * The text plus every {@code text} found in the blocks (headers, sections, fields, context, buttons...),
     * joined with newlines: handy for assertions.
     */
    public String fullText() {
        List<String> parts = new ArrayList<>();
        if (text != null && !text.isEmpty()) {
            parts.add(text);
        }
        collectTexts(blocks, parts);
        collectTexts(attachments, parts);
        return String.join("\n", parts);
    }

    private static void collectTexts(JsonNode node, List<String> out) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (var e : node.properties()) {
                if (e.getKey().equals("text") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectTexts(e.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectTexts(n, out));
        }
    }
}
