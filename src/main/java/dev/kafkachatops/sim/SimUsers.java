package dev.kafkachatops.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The simulated workspace's members and user groups. Look-ups accept an id, a name or {@code @name}. */
public final class SimUsers {
    private final Map<String, SimUser> byId = new LinkedHashMap<>();
    private final Map<String, SimUser> byName = new LinkedHashMap<>();
    private final SimUser bot;
    private final Map<String, SimUserGroup> groupsById = new LinkedHashMap<>();

    SimUsers(List<SimUser> humans, SimUser bot, List<SimUserGroup> groups) {
        this.bot = bot;
        List<SimUser> all = new ArrayList<>(humans);
        all.add(bot);
        for (SimUser u : all) {
            if (byId.putIfAbsent(u.id(), u) != null) {
                throw new IllegalArgumentException("duplicate user id " + u.id());
            }
            if (byName.putIfAbsent(u.name().toLowerCase(Locale.ROOT), u) != null) {
                throw new IllegalArgumentException("duplicate user name " + u.name());
            }
        }
        for (SimUserGroup g : groups) {
            List<String> ids = new ArrayList<>();
            for (String m : g.members()) {
                ids.add(find(m).orElseThrow(() -> new IllegalArgumentException(
                        "user group " + g.handle() + ": unknown member " + m)).id());
            }
            groupsById.put(g.id(), new SimUserGroup(g.id(), g.handle(), g.name(), ids));
        }
    }

    /** Finds a user by id ({@code U0ALICE}), name ({@code alice}) or {@code @alice}; case-insensitive. */
    public Optional<SimUser> find(String ref) {
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        String r = ref.trim();
        if (r.startsWith("<@") && r.endsWith(">")) {
            r = r.substring(2, r.length() - 1);
            int bar = r.indexOf('|');
            if (bar >= 0) {
                r = r.substring(0, bar);
            }
        }
        if (r.startsWith("@")) {
            r = r.substring(1);
        }
        SimUser u = byId.get(r.toUpperCase(Locale.ROOT));
        if (u == null) {
            u = byName.get(r.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(u);
    }

    /** Like {@link #find} but throws {@link SimException} {@code user_not_found}. */
    public SimUser get(String ref) {
        return find(ref).orElseThrow(() -> new SimException("user_not_found", "unknown user: " + ref));
    }

    /** All users including the bot, humans first. */
    public List<SimUser> all() {
        return List.copyOf(byId.values());
    }

    /** Human (non-bot) members. */
    public List<SimUser> humans() {
        return byId.values().stream().filter(u -> !u.bot()).toList();
    }

    public SimUser bot() {
        return bot;
    }

    /** User groups; members are resolved to user ids. */
    public List<SimUserGroup> groups() {
        return List.copyOf(groupsById.values());
    }

    /** Finds a user group by id ({@code S0APPROVERS}), handle ({@code kafka-approvers}) or {@code @handle}. */
    public Optional<SimUserGroup> group(String ref) {
        if (ref == null) {
            return Optional.empty();
        }
        String r = ref.trim();
        if (r.startsWith("@")) {
            r = r.substring(1);
        }
        SimUserGroup g = groupsById.get(r.toUpperCase(Locale.ROOT));
        if (g != null) {
            return Optional.of(g);
        }
        String handle = r;
        return groupsById.values().stream().filter(x -> x.handle().equalsIgnoreCase(handle)).findFirst();
    }

    /** The user group with exactly this id ({@code S0APPROVERS}), as Slack's Web API takes it: never by handle. */
    public Optional<SimUserGroup> groupById(String id) {
        return Optional.ofNullable(id == null ? null : groupsById.get(id.trim()));
    }

    /** Member ids of a user group, empty when unknown. */
    public List<String> groupMembers(String ref) {
        return group(ref).map(SimUserGroup::members).orElse(Collections.emptyList());
    }
}
