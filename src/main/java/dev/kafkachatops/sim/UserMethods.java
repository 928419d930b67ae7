package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** Web API users.* and usergroups.* methods, and the JSON of a user and of a user group. */
record UserMethods(Workspace ws, SimOptions o) {
    ObjectNode usersInfo(WebApiCall c) {
        String ref = c.get("user");
        SimUser u = ref == null ? null : ws.users().find(ref).orElse(null);
        if (u == null) {
            throw new SimException("user_not_found");
        }
        ObjectNode r = Json.ok();
        r.set("user", userJson(u));
        return r;
    }

    ObjectNode usersList(WebApiCall c) {
        ObjectNode r = Json.ok();
        ArrayNode members = r.putArray("members");
        ws.users().all().forEach(u -> members.add(userJson(u)));
        r.put("cache_ts", Instant.now().getEpochSecond());
        r.putObject("response_metadata").put("next_cursor", "");
        return r;
    }

    ObjectNode usersLookupByEmail(WebApiCall c) {
        String email = c.get("email");
        for (SimUser u : ws.users().humans()) {
            if (email(u).equalsIgnoreCase(email)) {
                ObjectNode r = Json.ok();
                r.set("user", userJson(u));
                return r;
            }
        }
        throw new SimException("users_not_found");
    }

    ObjectNode usergroupsList(WebApiCall c) {
        ObjectNode r = Json.ok();
        ArrayNode gs = r.putArray("usergroups");
        boolean withUsers = c.flag("include_users");
        ws.users().groups().forEach(g -> gs.add(groupJson(g, withUsers)));
        return r;
    }

    /** Like Slack: the group by its id ({@code S...}) only; a handle is {@code no_such_subteam}. */
    ObjectNode usergroupUsers(WebApiCall c) {
        SimUserGroup g = ws.users().groupById(c.get("usergroup"))
                .orElseThrow(() -> new SimException("no_such_subteam"));
        ObjectNode r = Json.ok();
        ArrayNode us = r.putArray("users");
        g.members().forEach(us::add);
        return r;
    }

    private ObjectNode userJson(SimUser u) {
        ObjectNode o = Json.obj();
        o.put("id", u.id());
        o.put("team_id", this.o.teamId());
        o.put("name", u.name());
        o.put("deleted", false);
        o.put("color", u.bot() ? "3c989f" : "9f69e7");
        o.put("real_name", u.realName());
        o.put("tz", u.tz());
        o.put("tz_label", u.tz().startsWith("Europe") ? "Central European Time" : "Pacific Standard Time");
        o.put("tz_offset", u.tz().startsWith("Europe") ? 3600 : -28800);
        putProfile(o.putObject("profile"), u);
        o.put("is_admin", false);
        o.put("is_owner", false);
        o.put("is_primary_owner", false);
        o.put("is_restricted", false);
        o.put("is_ultra_restricted", false);
        o.put("is_bot", u.bot());
        o.put("is_app_user", false);
        o.put("updated", 1700000000);
        o.put("is_email_confirmed", !u.bot());
        return o;
    }

    private void putProfile(ObjectNode p, SimUser u) {
        p.put("title", "");
        p.put("phone", "");
        p.put("real_name", u.realName());
        p.put("real_name_normalized", u.realName());
        p.put("display_name", u.bot() ? "" : u.name());
        p.put("display_name_normalized", u.bot() ? "" : u.name());
        p.put("status_text", "");
        p.put("status_emoji", "");
        if (!u.bot()) {
            p.put("email", email(u));
            p.put("first_name", u.realName().split(" ")[0]);
        } else {
            p.put("bot_id", this.o.botId());
            p.put("api_app_id", this.o.appId());
            p.put("always_active", true);
        }
        p.put("image_48", "");
        p.put("team", this.o.teamId());
    }

    private static String email(SimUser u) {
        return u.name() + "@example.com";
    }

    private ObjectNode groupJson(SimUserGroup g, boolean withUsers) {
        ObjectNode n = Json.obj();
        n.put("id", g.id());
        n.put("team_id", o.teamId());
        n.put("is_usergroup", true);
        n.put("name", g.name());
        n.put("description", "");
        n.put("handle", g.handle());
        n.put("is_external", false);
        n.put("date_create", 1700000000);
        n.put("user_count", g.members().size());
        if (withUsers) {
            ArrayNode us = n.putArray("users");
            g.members().forEach(us::add);
        }
        return n;
    }
}
