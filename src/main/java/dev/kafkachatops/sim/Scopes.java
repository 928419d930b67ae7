package dev.kafkachatops.sim;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The OAuth scopes of the simulated bot token and the scope each Web API method needs ({@code missing_scope}). */
final class Scopes {
    /** What the simulated bot token is granted by default ({@link SimOptions#botScopes()}): what the bot needs, and more. */
    static final String BOT = "commands,chat:write,reactions:read,reactions:write,files:write,files:read,"
            + "usergroups:read,users:read,channels:read,groups:read,channels:history,groups:history,im:write";
    /** What an app-level token has: the one scope Socket Mode needs. */
    static final String APP = "connections:write";
    private static final Map<String, String> NEEDED = Map.ofEntries(
            Map.entry("chat", "chat:write"), Map.entry("files", "files:write"), Map.entry("files.info", "files:read"),
            Map.entry("usergroups", "usergroups:read"), Map.entry("users", "users:read"),
            Map.entry("users.lookupByEmail", "users:read.email"), Map.entry("conversations", "channels:read"),
            Map.entry("conversations.history", "channels:history"),
            Map.entry("conversations.replies", "channels:history"), Map.entry("reactions", "reactions:write"),
            Map.entry("reactions.get", "reactions:read"), Map.entry("team", "team:read"),
            Map.entry("bots", "users:read"), Map.entry("apps", "connections:write"));

    private Scopes() {
    }

    /** The scope {@code method} needs, e.g. {@code files:write} for {@code files.getUploadURLExternal}. */
    static String needed(String method) {
        String exact = NEEDED.get(method);
        if (exact != null) {
            return exact;
        }
        int dot = method.indexOf('.');
        return NEEDED.getOrDefault(dot < 0 ? method : method.substring(0, dot), "chat:write");
    }

    /** The bot token's scopes without {@code missing}: what a token lacking it would have. */
    static String providedWithout(List<String> granted, String missing) {
        return granted.stream().filter(s -> !s.equals(missing)).collect(Collectors.joining(","));
    }
}
