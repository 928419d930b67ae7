package dev.kafkachatops.adapter.slack;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The bot token scopes kafka-chatops needs: the one list that the app manifests
 * ({@code config/slack-app-manifest*.yaml}) and {@code kafka-chatops doctor} are held to. {@link #BY_METHOD} names the
 * scope of every Web API method the bot calls (by its Slack SDK name; a test finds every call in the sources and
 * fails on one missing here), {@link #BY_FEATURE} what else needs one.
 */
public final class SlackScopes {
    /** SDK method to its scope; {@code ""} for none. */
    public static final Map<String, String> BY_METHOD = Map.ofEntries(
            Map.entry("authTest", ""),
            Map.entry("chatPostMessage", "chat:write"), Map.entry("chatUpdate", "chat:write"),
            Map.entry("chatPostEphemeral", "chat:write"),
            Map.entry("conversationsInfo", "channels:read"), Map.entry("conversationsList", "channels:read"),
            Map.entry("usergroupsList", "usergroups:read"), Map.entry("usergroupsUsersList", "usergroups:read"),
            Map.entry("filesUploadV2", "files:write"));
    /** Scopes that no method call shows: the slash command, reaction events, private channels by name. */
    public static final Map<String, String> BY_FEATURE = Map.of(
            "commands", "the slash command",
            "reactions:read", "reaction_added / reaction_removed events: approvals",
            "groups:read", "private channels in conversations.list / conversations.info");
    /** Every scope the bot needs. */
    public static final Set<String> REQUIRED = Stream.concat(BY_METHOD.values().stream(), BY_FEATURE.keySet().stream())
            .filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    /** The app-level token's scope Socket Mode needs ({@code apps.connections.open}). */
    public static final String APP_TOKEN_SCOPE = "connections:write";

    private SlackScopes() {
    }

    /** The required scopes not in {@code granted}, sorted. */
    public static Set<String> missing(Set<String> granted) {
        Set<String> out = new TreeSet<>(REQUIRED);
        out.removeAll(granted);
        return out;
    }

    /** What the bot does with {@code scope}, e.g. "chatPostMessage, chatUpdate, chatPostEphemeral". */
    public static String purpose(String scope) {
        String feature = BY_FEATURE.get(scope);
        if (feature != null) return feature;
        return new TreeSet<>(BY_METHOD.entrySet().stream().filter(e -> e.getValue().equals(scope))
                .map(Map.Entry::getKey).toList()).stream().collect(Collectors.joining(", "));
    }
}
