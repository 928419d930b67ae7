package dev.kafkachatops.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A message as Slack would take it: its fallback {@code text} and its Block Kit {@code blocks}, checked against
 * Slack's documented limits, written here from Slack's reference (independently of the simulator's own check):
 * <ul>
 *   <li>{@code chat.postMessage} (https://api.slack.com/methods/chat.postMessage): {@code text} is truncated over
 *       40,000 characters and should stay under 4,000; {@code blocks} at most 50 per message (also
 *       /work/shared/docs/slack-protocol-notes.md, "Limits to respect").</li>
 *   <li>Blocks (https://api.slack.com/reference/block-kit/blocks): {@code block_id} at most 255 characters and
 *       unique in the message; section: {@code text} 1-3,000, {@code fields} 1-10 items of at most 2,000, text or
 *       fields required; header: plain_text, at most 150; context: 1-10 elements (text or image); actions: 1-25
 *       elements; image: {@code image_url} at most 3,000, {@code alt_text} at most 2,000.</li>
 *   <li>Button (https://api.slack.com/reference/block-kit/block-elements#button): {@code text} plain_text at most
 *       75, {@code action_id} at most 255 and unique in the message, {@code value} at most 2,000, {@code url} at
 *       most 3,000, {@code style} primary or danger.</li>
 *   <li>Composition objects (https://api.slack.com/reference/block-kit/composition-objects): a text object is
 *       {@code plain_text} or {@code mrkdwn} with at least 1 character; a confirmation dialog's {@code title} at
 *       most 100, {@code text} 300, {@code confirm} and {@code deny} 30.</li>
 * </ul>
 * Beyond Slack's limits, what issue 14 (defect 12) asks of a text that was cut: no unclosed code fence, and no emoji
 * code cut in half at its end.
 */
final class BlockKitLimits {
    static final int MAX_BLOCKS = 50;
    static final int TEXT_TRUNCATED = 40_000;
    static final int TEXT_RECOMMENDED = 4_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TEXT_TYPES = Set.of("plain_text", "mrkdwn");
    /** A trailing {@code :half_an_emo} with no closing colon (a cut emoji code). */
    private static final Pattern CUT_EMOJI = Pattern.compile("(^|\\s):[a-z0-9_+-]+$");

    private BlockKitLimits() {
    }

    /** Every limit the message breaks, as {@code pointer: what}; empty when Slack would take it. */
    static List<String> check(String text, String blocksJson) {
        List<String> errors = new ArrayList<>();
        if (text != null) {
            if (text.length() > TEXT_RECOMMENDED) errors.add("/text: " + text.length() + " characters, over 4,000");
            cut(errors, "/text", text);
        }
        if (blocksJson == null) {
            if (text == null || text.isEmpty()) errors.add("/: neither text nor blocks");
            return errors;
        }
        JsonNode blocks;
        try {
            blocks = JSON.readTree(blocksJson);
        } catch (Exception e) {
            errors.add("/blocks: not JSON");
            return errors;
        }
        if (!blocks.isArray()) {
            errors.add("/blocks: not an array");
            return errors;
        }
        if (blocks.size() > MAX_BLOCKS) errors.add("/blocks: " + blocks.size() + " blocks, over 50");
        Set<String> blockIds = new HashSet<>();
        Set<String> actionIds = new HashSet<>();
        for (int i = 0; i < blocks.size(); i++) block(errors, blocks.get(i), "/blocks/" + i, blockIds, actionIds);
        return errors;
    }

    private static void block(List<String> errors, JsonNode b, String p, Set<String> blockIds, Set<String> actionIds) {
        String type = b.path("type").asText("");
        if (b.has("block_id")) {
            String id = b.path("block_id").asText();
            max(errors, p + "/block_id", id, 255);
            if (!blockIds.add(id)) errors.add(p + "/block_id: duplicate " + id);
        }
        switch (type) {
            case "section" -> {
                if (!b.has("text") && !b.has("fields")) errors.add(p + ": neither text nor fields");
                if (b.has("text")) text(errors, p + "/text", b.get("text"), 3000, false);
                if (b.has("fields")) {
                    JsonNode f = b.get("fields");
                    if (f.size() < 1 || f.size() > 10) errors.add(p + "/fields: " + f.size() + " items, not 1-10");
                    for (int i = 0; i < f.size(); i++) text(errors, p + "/fields/" + i, f.get(i), 2000, false);
                }
                if (b.has("accessory")) element(errors, b.get("accessory"), p + "/accessory", actionIds);
            }
            case "header" -> text(errors, p + "/text", b.get("text"), 150, true);
            case "context" -> {
                JsonNode els = b.path("elements");
                if (els.size() < 1 || els.size() > 10) errors.add(p + "/elements: " + els.size() + " items, not 1-10");
                for (int i = 0; i < els.size(); i++) {
                    JsonNode e = els.get(i);
                    if ("image".equals(e.path("type").asText())) image(errors, e, p + "/elements/" + i);
                    else text(errors, p + "/elements/" + i, e, 3000, false);
                }
            }
            case "actions" -> {
                JsonNode els = b.path("elements");
                if (els.size() < 1 || els.size() > 25) errors.add(p + "/elements: " + els.size() + " items, not 1-25");
                for (int i = 0; i < els.size(); i++) element(errors, els.get(i), p + "/elements/" + i, actionIds);
            }
            case "image" -> image(errors, b, p);
            case "divider" -> {
            }
            default -> errors.add(p + "/type: `" + type + "` is not a block the bot is expected to send");
        }
    }

    private static void element(List<String> errors, JsonNode e, String p, Set<String> actionIds) {
        if (e.has("action_id")) {
            String id = e.path("action_id").asText();
            max(errors, p + "/action_id", id, 255);
            if (!actionIds.add(id)) errors.add(p + "/action_id: duplicate " + id);
        }
        if (!"button".equals(e.path("type").asText())) {
            if ("image".equals(e.path("type").asText())) image(errors, e, p);
            return;
        }
        text(errors, p + "/text", e.get("text"), 75, true);
        if (e.has("value")) max(errors, p + "/value", e.path("value").asText(), 2000);
        if (e.has("url")) max(errors, p + "/url", e.path("url").asText(), 3000);
        if (e.has("style") && !Set.of("primary", "danger").contains(e.path("style").asText())) {
            errors.add(p + "/style: must be primary or danger");
        }
        if (e.has("confirm")) {
            JsonNode c = e.get("confirm");
            text(errors, p + "/confirm/title", c.get("title"), 100, true);
            text(errors, p + "/confirm/text", c.get("text"), 300, false);
            text(errors, p + "/confirm/confirm", c.get("confirm"), 30, true);
            text(errors, p + "/confirm/deny", c.get("deny"), 30, true);
        }
    }

    private static void image(List<String> errors, JsonNode i, String p) {
        max(errors, p + "/image_url", i.path("image_url").asText(""), 3000);
        if (i.path("alt_text").asText("").isEmpty()) errors.add(p + "/alt_text: missing");
        max(errors, p + "/alt_text", i.path("alt_text").asText(""), 2000);
    }

    private static void text(List<String> errors, String p, JsonNode t, int max, boolean plainOnly) {
        if (t == null || !t.isObject()) {
            errors.add(p + ": missing text object");
            return;
        }
        String type = t.path("type").asText("");
        if (plainOnly ? !type.equals("plain_text") : !TEXT_TYPES.contains(type)) {
            errors.add(p + "/type: `" + type + "` where " + (plainOnly ? "plain_text" : "plain_text or mrkdwn")
                    + " belongs");
        }
        String s = t.path("text").asText("");
        if (s.isEmpty()) errors.add(p + "/text: empty");
        max(errors, p + "/text", s, max);
        cut(errors, p + "/text", s);
    }

    private static void max(List<String> errors, String p, String s, int max) {
        if (s.length() > max) errors.add(p + ": " + s.length() + " characters, over " + max);
    }

    /** A text cut in the wrong place: an odd number of code fences, or an emoji code without its closing colon. */
    private static void cut(List<String> errors, String p, String s) {
        Matcher fences = Pattern.compile("```").matcher(s);
        int n = 0;
        while (fences.find()) n++;
        if (n % 2 != 0) errors.add(p + ": an unclosed code fence");
        if (CUT_EMOJI.matcher(s.stripTrailing()).find() && !s.stripTrailing().endsWith(":")) {
            errors.add(p + ": ends inside an emoji code (`" + s.substring(Math.max(0, s.length() - 20)) + "`)");
        }
    }
}
