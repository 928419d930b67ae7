package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One Web API request: its method, arguments, uploaded files and token kind, with the argument parsing the
 * method families share (channel, text, blocks, emoji name, limit).
 */
record WebApiCall(String method, Map<String, String> p, Map<String, HttpUtil.Part> files, TokenKind token) {
    static final int MAX_TEXT = 40_000;
    private static final Pattern EMOJI_NAME = Pattern.compile("[a-z0-9_+'\\-]+(::skin-tone-[2-6])?");

    enum TokenKind { BOT, APP }

    /** Invalid Block Kit blocks; the Web API answers {@code invalid_blocks} with the list of errors. */
    static final class BlocksInvalid extends RuntimeException {
        final List<String> errors;

        BlocksInvalid(List<String> errors) {
            super(String.join("; ", errors));
            this.errors = errors;
        }
    }

    /** The argument, or null when it is missing or empty. */
    String get(String k) {
        String v = p.get(k);
        return v == null || v.isEmpty() ? null : v;
    }

    boolean flag(String k) {
        String v = get(k);
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
    }

    /** The channel named by argument {@code key}; {@code channel_not_found} when missing or unknown. */
    SimChannel channel(Workspace ws, String key) {
        String ref = get(key);
        if (ref == null) {
            throw new SimException("channel_not_found");
        }
        return ws.channel(ref);
    }

    /** The {@code blocks} argument, validated, or null. */
    ArrayNode blocks() {
        ArrayNode blocks = BlockKit.parse(get("blocks"));
        List<String> errors = BlockKit.validate(blocks);
        if (!errors.isEmpty()) {
            throw new BlocksInvalid(errors);
        }
        return blocks;
    }

    /** The {@code text} argument cut to Slack's maximum length, or null. */
    String text() {
        String t = p.get("text");
        if (t != null && t.length() > MAX_TEXT) {
            t = t.substring(0, MAX_TEXT);
        }
        return t;
    }

    /** The {@code name} argument as an emoji name without colons; {@code invalid_name} otherwise. */
    String emojiName() {
        String name = get("name");
        if (name == null) {
            throw new SimException("invalid_name");
        }
        name = stripColons(name);
        if (!EMOJI_NAME.matcher(name).matches()) {
            throw new SimException("invalid_name");
        }
        return name;
    }

    /** The {@code limit} argument (at least 1, default 100); {@code invalid_limit} when not a number. */
    int limit() {
        try {
            return get("limit") == null ? 100 : Math.max(1, Integer.parseInt(get("limit")));
        } catch (NumberFormatException e) {
            throw new SimException("invalid_limit");
        }
    }

    static String stripColons(String name) {
        String n = name.trim();
        if (n.startsWith(":")) {
            n = n.substring(1);
        }
        if (n.endsWith(":")) {
            n = n.substring(0, n.length() - 1);
        }
        return n;
    }
}
