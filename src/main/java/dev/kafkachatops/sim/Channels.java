package dev.kafkachatops.sim;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The workspace's channels and their members, as strict as Slack: every human starts in every channel, the bot
 * only in {@code #general} (or the first channel when none is named so); it is invited or removed through
 * {@code POST /api/sim/membership}. The bot writing where it is not a member gets {@code not_in_channel} (a public
 * channel) or {@code channel_not_found} (a private one, which it cannot see). Direct messages ({@code D...}) are
 * made when the bot first names a user's id as the channel. Part of {@link Workspace}: locks on it.
 */
final class Channels {
    private final Object lock;
    private final SimUsers users;
    private final Map<String, SimChannel> byId = new LinkedHashMap<>();
    private final Map<String, Set<String>> members = new LinkedHashMap<>();

    Channels(Object lock, List<SimChannel> channels, SimUsers users) {
        this.lock = lock;
        this.users = users;
        SimChannel botHome = channels.stream().filter(c -> c.name().equals("general")).findFirst()
                .orElse(channels.get(0));
        for (SimChannel c : channels) {
            if (c.im() || byId.putIfAbsent(c.id(), c) != null) {
                throw new IllegalArgumentException("duplicate or direct-message channel id " + c.id());
            }
            Set<String> in = new LinkedHashSet<>();
            users.humans().forEach(u -> in.add(u.id()));
            if (c == botHome) {
                in.add(users.bot().id());
            }
            members.put(c.id(), in);
        }
    }

    /** Public and private channels (not direct messages), in the order configured. */
    List<SimChannel> all() {
        synchronized (lock) {
            return byId.values().stream().filter(c -> !c.im()).toList();
        }
    }

    SimChannel byId(String id) {
        synchronized (lock) {
            return byId.get(id);
        }
    }

    /**
     * Resolves a channel id, name, {@code #name} or {@code <#C..|name>}, or a user's id (that user's direct message
     * with the bot, made on first use); throws {@code channel_not_found}. {@code made} is told of a new one.
     */
    SimChannel resolve(String ref, Consumer<SimChannel> made) {
        if (ref == null || ref.isBlank()) {
            throw new SimException("channel_not_found", "missing channel");
        }
        String r = ref.trim();
        if (r.startsWith("<#") && r.endsWith(">")) {
            r = r.substring(2, r.length() - 1);
            int bar = r.indexOf('|');
            r = bar >= 0 ? r.substring(0, bar) : r;
        }
        r = r.startsWith("#") ? r.substring(1) : r;
        synchronized (lock) {
            SimChannel c = byId.get(r.toUpperCase(Locale.ROOT));
            if (c != null) {
                return c;
            }
            for (SimChannel ch : byId.values()) {
                if (!ch.im() && ch.name().equalsIgnoreCase(r)) {
                    return ch;
                }
            }
            SimUser u = r.matches("[UW][A-Z0-9]+") ? users.find(r).filter(x -> !x.bot()).orElse(null) : null;
            if (u == null) {
                throw new SimException("channel_not_found", "unknown channel: " + ref);
            }
            SimChannel known = byId.get("D" + u.id().substring(1));
            if (known != null) {
                return known;
            }
            SimChannel dm = new SimChannel("D" + u.id().substring(1), u.name(), true);
            byId.put(dm.id(), dm);
            members.put(dm.id(), new LinkedHashSet<>(List.of(u.id(), users.bot().id())));
            made.accept(dm);
            return dm;
        }
    }

    boolean isMember(String channelId, String userId) {
        synchronized (lock) {
            Set<String> in = members.get(channelId);
            return in != null && in.contains(userId);
        }
    }

    /** Member ids, humans first as configured. */
    List<String> members(String channelId) {
        synchronized (lock) {
            return List.copyOf(members.getOrDefault(channelId, Set.of()));
        }
    }

    /** Adds or removes a member (not of a direct message); returns whether anything changed. */
    boolean setMember(SimChannel channel, SimUser user, boolean member) {
        if (channel.im()) {
            throw new SimException("method_not_supported_for_channel_type", "direct messages keep their members");
        }
        synchronized (lock) {
            Set<String> in = members.get(channel.id());
            return member ? in.add(user.id()) : in.remove(user.id());
        }
    }

    /** The channel, if the bot may see it: {@code channel_not_found} for a private channel it is not in. */
    SimChannel visible(SimChannel c) {
        if (c.isPrivate() && !isMember(c.id(), users.bot().id())) {
            throw new SimException("channel_not_found", "the bot is not a member of private channel " + c.id());
        }
        return c;
    }

    /** The channel, if the bot may write to it: else {@code not_in_channel} or {@code channel_not_found}. */
    SimChannel writable(SimChannel c) {
        visible(c);
        if (!isMember(c.id(), users.bot().id())) {
            throw new SimException("not_in_channel", "the bot is not a member of " + c.id());
        }
        return c;
    }
}
