package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses and validates Block Kit arrays with the limits Slack enforces most often, so a bot that works
 * against the simulator does not fail on real Slack with {@code invalid_blocks}.
 */
final class BlockKit {
    static final int MAX_BLOCKS = 50;
    private static final Set<String> BLOCK_TYPES = Set.of("section", "header", "divider", "context", "actions",
            "image", "rich_text", "input", "file", "video", "markdown", "call", "table");

    private BlockKit() {
    }

    /** Parses the {@code blocks} argument; null/blank means "no blocks". */
    static ArrayNode parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        JsonNode n = Json.parse(raw);
        if (!(n instanceof ArrayNode a)) {
            throw new SimException("invalid_blocks_format", "blocks must be a JSON array");
        }
        return a;
    }

    /** Parses the {@code attachments} argument; null/blank means none. */
    static ArrayNode parseAttachments(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        JsonNode n = Json.parse(raw);
        if (!(n instanceof ArrayNode a)) {
            throw new SimException("invalid_attachments", "attachments must be a JSON array");
        }
        return a;
    }

    /** Returns Slack-style error strings, empty when valid. */
    static List<String> validate(ArrayNode blocks) {
        List<String> errors = new ArrayList<>();
        if (blocks == null) {
            return errors;
        }
        if (blocks.size() > MAX_BLOCKS) {
            errors.add("no more than 50 items allowed [json-pointer:/blocks]");
        }
        Set<String> blockIds = new HashSet<>();
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode b = blocks.get(i);
            String p = "/blocks/" + i;
            if (!b.isObject() || !b.path("type").isTextual()) {
                errors.add("missing required field: type [json-pointer:" + p + "]");
                continue;
            }
            String type = b.get("type").asText();
            if (!BLOCK_TYPES.contains(type)) {
                errors.add("unsupported type: " + type + " [json-pointer:" + p + "/type]");
                continue;
            }
            if (b.has("block_id")) {
                String id = b.path("block_id").asText();
                maxLen(errors, id, 255, p + "/block_id");
                if (!blockIds.add(id)) {
                    errors.add("duplicate block_id: " + id + " [json-pointer:" + p + "/block_id]");
                }
            }
            switch (type) {
                case "header" -> textObject(errors, b.get("text"), p + "/text", 150, true);
                case "section" -> {
                    if (!b.has("text") && !b.has("fields")) {
                        errors.add("must provide either text or fields [json-pointer:" + p + "]");
                    }
                    if (b.has("text")) {
                        textObject(errors, b.get("text"), p + "/text", 3000, false);
                    }
                    JsonNode fields = b.get("fields");
                    if (fields != null) {
                        if (!fields.isArray() || fields.size() > 10 || fields.isEmpty()) {
                            errors.add("fields must contain 1 to 10 items [json-pointer:" + p + "/fields]");
                        } else {
                            for (int f = 0; f < fields.size(); f++) {
                                textObject(errors, fields.get(f), p + "/fields/" + f, 2000, false);
                            }
                        }
                    }
                    JsonNode acc = b.get("accessory");
                    if (acc != null) {
                        element(errors, acc, p + "/accessory", new HashSet<>());
                    }
                }
                case "context" -> {
                    JsonNode els = b.get("elements");
                    if (els == null || !els.isArray() || els.isEmpty() || els.size() > 10) {
                        errors.add("elements must contain 1 to 10 items [json-pointer:" + p + "/elements]");
                    } else {
                        for (int e = 0; e < els.size(); e++) {
                            JsonNode el = els.get(e);
                            if (!"image".equals(el.path("type").asText())) {
                                textObject(errors, el, p + "/elements/" + e, 3000, false);
                            }
                        }
                    }
                }
                case "actions" -> {
                    JsonNode els = b.get("elements");
                    if (els == null || !els.isArray() || els.isEmpty() || els.size() > 25) {
                        errors.add("elements must contain 1 to 25 items [json-pointer:" + p + "/elements]");
                    } else {
                        Set<String> actionIds = new HashSet<>();
                        for (int e = 0; e < els.size(); e++) {
                            element(errors, els.get(e), p + "/elements/" + e, actionIds);
                        }
                    }
                }
                case "image" -> {
                    if (!b.path("alt_text").isTextual()) {
                        errors.add("missing required field: alt_text [json-pointer:" + p + "]");
                    }
                }
                case "rich_text" -> {
                    if (!b.path("elements").isArray()) {
                        errors.add("missing required field: elements [json-pointer:" + p + "]");
                    }
                }
                default -> {
                }
            }
        }
        return errors;
    }

    private static void element(List<String> errors, JsonNode el, String p, Set<String> actionIds) {
        if (!el.isObject() || !el.path("type").isTextual()) {
            errors.add("missing required field: type [json-pointer:" + p + "]");
            return;
        }
        if (el.has("action_id")) {
            String id = el.path("action_id").asText();
            maxLen(errors, id, 255, p + "/action_id");
            if (!actionIds.add(id)) {
                errors.add("duplicate action_id: " + id + " [json-pointer:" + p + "/action_id]");
            }
        }
        if ("button".equals(el.get("type").asText())) {
            JsonNode text = el.get("text");
            textObject(errors, text, p + "/text", 75, true);
            if (el.has("value")) {
                maxLen(errors, el.path("value").asText(), 2000, p + "/value");
            }
            if (el.has("url")) {
                maxLen(errors, el.path("url").asText(), 3000, p + "/url");
            }
            if (el.has("style")) {
                String s = el.path("style").asText();
                if (!s.equals("primary") && !s.equals("danger")) {
                    errors.add("must be one of primary, danger [json-pointer:" + p + "/style]");
                }
            }
        }
    }

    private static void textObject(List<String> errors, JsonNode t, String p, int max, boolean plainOnly) {
        if (t == null || !t.isObject()) {
            errors.add("missing required field: text [json-pointer:" + p + "]");
            return;
        }
        String type = t.path("type").asText();
        if (!type.equals("plain_text") && !(type.equals("mrkdwn") && !plainOnly)) {
            errors.add("must be " + (plainOnly ? "plain_text" : "plain_text or mrkdwn")
                    + " [json-pointer:" + p + "/type]");
        }
        String text = t.path("text").asText("");
        if (text.isEmpty()) {
            errors.add("must be more than 0 characters [json-pointer:" + p + "/text]");
        }
        maxLen(errors, text, max, p + "/text");
    }

    private static void maxLen(List<String> errors, String s, int max, String p) {
        if (s != null && s.length() > max) {
            errors.add("must be less than " + (max + 1) + " characters [json-pointer:" + p + "]");
        }
    }
}
