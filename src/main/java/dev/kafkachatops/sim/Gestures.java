package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What a simulated user does, turned into envelopes for the app: slash commands, reactions and clicks on a
 * message's buttons. Returns the envelope; the caller decides how long to wait for its ack.
 */
final class Gestures {
    private final SlackSimulator sim;
    private final SimOptions options;
    private final Workspace workspace;
    private final Dispatcher dispatcher;

    /** The clicked element (a copy) and the id of the block holding it. */
    private record Clicked(JsonNode element, String blockId) {
    }

    Gestures(SlackSimulator sim, SimOptions options, Workspace workspace, Dispatcher dispatcher) {
        this.sim = sim;
        this.options = options;
        this.workspace = workspace;
        this.dispatcher = dispatcher;
    }

    Envelope command(String user, String channel, String text) {
        SimUser u = workspace.users().get(user);
        SimChannel ch = workspace.channel(channel);
        String t = normalizeCommandText(text);
        ResponseUrls.ResponseUrl ru = workspace.responseUrls().newResponseUrl("command", u.id(), ch.id(), null,
                false);
        var payload = Payloads.slashCommand(options, u, ch, t, responseUrl(ru));
        return dispatcher.send("slash_commands", payload,
                (options.slashCommand() + " " + t).trim() + " by " + u.name() + " in #" + ch.name(), true, ru.id);
    }

    private String normalizeCommandText(String text) {
        String t = text == null ? "" : text.strip();
        String cmd = options.slashCommand();
        if (t.equals(cmd)) {
            return "";
        }
        if (t.startsWith(cmd + " ") || t.startsWith(cmd + "\t") || t.startsWith(cmd + "\n")) {
            return t.substring(cmd.length()).strip();
        }
        if (t.startsWith("/")) {
            String other = t.split("\\s+", 2)[0];
            throw new SimException("unknown_command", other + " is not a command of this app (only " + cmd + ")");
        }
        return t;
    }

    Envelope reaction(String user, String channel, String ts, String name, boolean removed) {
        SimUser u = workspace.users().get(user);
        SimChannel ch = workspace.channel(channel);
        if (name == null || WebApiCall.stripColons(name).isEmpty()) {
            throw new SimException("invalid_name", "missing reaction name");
        }
        return reactAndNotify(u, ch, ts, WebApiCall.stripColons(name), removed);
    }

    /** Adds or removes the reaction and delivers {@code reaction_added}/{@code reaction_removed}. */
    Envelope reactAndNotify(SimUser u, SimChannel ch, String ts, String name, boolean removed) {
        Workspace.Msg m = workspace.react(ch.id(), ts, name, u.id(), removed);
        String eventTs = workspace.nextTs();
        var payload = Payloads.reactionEvent(options, removed, u, name, m.author.id(), ch, m.ts,
                workspace.nextId("Ev0SIM"), eventTs);
        return dispatcher.send("events_api", payload,
                (removed ? "reaction_removed :" : "reaction_added :") + name + ": by " + u.name() + " on " + m.ts,
                false, null);
    }

    Envelope action(String user, String channel, String ts, String actionId, String value) {
        SimUser u = workspace.users().get(user);
        SimChannel ch = workspace.channel(channel);
        Workspace.Msg m = workspace.message(ch.id(), ts);
        if (m.deleted || (m.ephemeral && !u.id().equals(m.visibleTo))) {
            throw new SimException("message_not_found", "no message " + ts + " visible to " + u.name());
        }
        JsonNode messageJson;
        Clicked clicked;
        synchronized (workspace) {
            messageJson = workspace.views().messageJson(m);
            clicked = findElement(m.blocks, actionId);
        }
        if (clicked == null) {
            throw new SimException("action_not_found", "message " + ts + " has no element with action_id "
                    + actionId);
        }
        JsonNode element = clicked.element();
        String v = value != null ? value : element.hasNonNull("value") ? element.get("value").asText() : null;
        ResponseUrls.ResponseUrl ru = workspace.responseUrls().newResponseUrl("action", u.id(), ch.id(), m.ts,
                m.ephemeral);
        var payload = Payloads.blockActions(options, u, ch, m.ts, m.isReply() ? m.threadTs : null, m.ephemeral,
                messageJson, element, clicked.blockId(), v, responseUrl(ru), workspace.nextTs());
        return dispatcher.send("interactive", payload,
                "block_actions " + actionId + " by " + u.name() + " on " + m.ts, false, ru.id);
    }

    /** The first accessory or actions element with this action_id, or null. */
    private static Clicked findElement(ArrayNode blocks, String actionId) {
        if (blocks == null) {
            return null;
        }
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode b = blocks.get(i);
            List<JsonNode> candidates = new ArrayList<>();
            if (b.has("accessory")) {
                candidates.add(b.get("accessory"));
            }
            if ("actions".equals(b.path("type").asText())) {
                b.path("elements").forEach(candidates::add);
            }
            for (JsonNode el : candidates) {
                if (actionId != null && actionId.equals(el.path("action_id").asText(null))) {
                    return new Clicked(el.deepCopy(), b.path("block_id").asText("sim-block-" + i));
                }
            }
        }
        return null;
    }

    private String responseUrl(ResponseUrls.ResponseUrl ru) {
        return sim.baseUrl() + "/response/" + ru.id;
    }
}
