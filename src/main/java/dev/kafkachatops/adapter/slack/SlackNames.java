package dev.kafkachatops.adapter.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import com.slack.api.model.Usergroup;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * At start, turns the names in the config into the ids Slack works with: channel names ({@code general},
 * {@code #general}) into channel ids with {@code conversations.list} (public channels, and the private ones the bot is
 * in), user group handles ({@code kafka-approvers}, {@code @kafka-approvers}) into group ids with
 * {@code usergroups.list}. Slack is asked only when the config names something by name. What cannot be resolved is
 * a {@link ConfigException} that says how to fix it (give the id, invite the bot, grant the scope), so a bot never
 * runs with a channel it cannot route or a group that silently counts nobody.
 */
public final class SlackNames {
    private static final Logger log = LoggerFactory.getLogger(SlackNames.class);
    private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,}");
    private static final Pattern GROUP_ID = Pattern.compile("S[A-Z0-9]{2,}");

    private final MethodsClient client;
    private final List<String> problems = new ArrayList<>();
    private Map<String, String> channels;
    private Map<String, String> groups;

    private SlackNames(MethodsClient client) {
        this.client = client;
    }

    /** The config with every channel and user group as an id; a {@link ConfigException} lists what is not found. */
    public static BotConfig resolve(MethodsClient client, BotConfig config) throws ConfigException {
        SlackNames names = new SlackNames(client);
        List<BotConfig.Cluster> out = new ArrayList<>();
        for (BotConfig.Cluster c : config.clusters()) {
            String at = "clusters[" + c.name() + "]";
            List<String> channels = c.channels().stream().map(ch -> names.channel(at + ".channels", ch)).toList();
            List<String> approvers = names.groups(at + ".approvals.groups", c.approvals().groups());
            Optional<List<String>> operators = c.operators().map(o -> names.groups(at + ".operators.groups",
                    o.groups()));
            out.add(c.withSlackIds(channels, approvers, operators));
        }
        if (!names.problems.isEmpty()) throw new ConfigException(names.problems);
        return config.withClusters(out);
    }

    private String channel(String where, String ref) {
        if (ref.equals("*") || CHANNEL_ID.matcher(ref).matches()) return ref;
        String name = ref.startsWith("#") ? ref.substring(1) : ref;
        if (channels == null) channels = listChannels();
        String id = channels.get(name);
        if (id != null) {
            log.info("{}: #{} is {}", where, name, id);
            return id;
        }
        if (!channels.isEmpty() || problems.isEmpty()) {
            problems.add(where + ": Slack shows the bot no channel #" + name + " (a private channel only once the "
                    + "bot is in it): give the channel's id (C..., in the channel's details) or invite the bot with "
                    + "/invite @<bot> and restart");
        }
        return ref;
    }

    private List<String> groups(String where, List<String> refs) {
        List<String> ids = new ArrayList<>();
        for (String ref : refs) {
            if (GROUP_ID.matcher(ref).matches()) {
                ids.add(ref);
                continue;
            }
            String handle = ref.startsWith("@") ? ref.substring(1) : ref;
            if (groups == null) groups = listGroups();
            String id = groups.get(handle);
            if (id != null) {
                log.info("{}: @{} is {}", where, handle, id);
            } else if (!groups.isEmpty() || problems.isEmpty()) {
                problems.add(where + ": Slack has no user group @" + handle + ": give the group's id (S..., "
                        + "usergroups.list) instead");
            }
            ids.add(id == null ? ref : id);
        }
        return ids;
    }

    /** Channel name to id, following the cursor; empty (with a problem) when Slack refuses. */
    private Map<String, String> listChannels() {
        Map<String, String> byName = new HashMap<>();
        String cursor = null;
        do {
            String from = cursor;
            var r = call("conversations.list", "channel names", () -> client.conversationsList(x -> x
                    .types(List.of(ConversationType.PUBLIC_CHANNEL, ConversationType.PRIVATE_CHANNEL))
                    .excludeArchived(true).limit(1000).cursor(from)));
            if (r == null) return Map.of();
            for (Conversation c : r.getChannels()) byName.putIfAbsent(c.getName(), c.getId());
            cursor = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return byName;
    }

    private Map<String, String> listGroups() {
        var r = call("usergroups.list", "user group handles", () -> client.usergroupsList(x -> x));
        Map<String, String> byHandle = new HashMap<>();
        if (r != null && r.getUsergroups() != null) {
            for (Usergroup g : r.getUsergroups()) byHandle.put(g.getHandle(), g.getId());
        }
        return byHandle;
    }

    private interface Call<R> {
        R run() throws IOException, SlackApiException;
    }

    /** The answer, or null with a problem naming Slack's error and the fix. */
    private <R extends SlackApiTextResponse> R call(String method, String what, Call<R> call) {
        String error;
        try {
            R r = call.run();
            if (r.isOk()) return r;
            error = r.getError() + (r.getNeeded() == null ? "" : " (needed: " + r.getNeeded() + ")");
            log.warn("{} answered {}", method, error);
        } catch (IOException | SlackApiException e) {
            error = e.getMessage();
            log.warn("{} failed: {}", method, e.toString());
        }
        String fix = "plan_upgrade_required".equals(error) ? "user groups need a paid Slack plan: name users instead"
                : "give ids instead (C... for channels, S... for user groups), or fix the app's scopes and restart";
        problems.add("slack: the " + what + " in the configuration cannot be resolved: " + method + " answered "
                + error + "; " + fix);
        return null;
    }
}
