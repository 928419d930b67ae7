package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Web API methods about the app and its workspace: api.test, auth.test, apps.connections.open, team.info, bots.info..
 */
record AuthMethods(SlackSimulator sim, SimOptions o) {
    ObjectNode apiTest(WebApiCall c) {
        ObjectNode r = Json.ok();
        ObjectNode args = r.putObject("args");
        c.p().forEach((k, v) -> {
            if (!k.equals("token")) {
                args.put(k, v);
            }
        });
        return r;
    }

    ObjectNode authTest(WebApiCall c) {
        ObjectNode r = Json.ok();
        r.put("url", "https://" + o.teamDomain() + ".slack.com/");
        r.put("team", o.teamName());
        r.put("user", o.botUser().name());
        r.put("team_id", o.teamId());
        r.put("user_id", o.botUser().id());
        r.put("bot_id", o.botId());
        if (c.token() == WebApiCall.TokenKind.APP) {
            r.put("app_id", o.appId());
        }
        r.put("is_enterprise_install", false);
        return r;
    }

    ObjectNode connectionsOpen(WebApiCall c) {
        String url = sim.newSocketUrl();
        if (url == null) {
            throw new SimException("socket_mode_disabled");
        }
        return Json.ok().put("url", url);
    }

    ObjectNode teamInfo(WebApiCall c) {
        ObjectNode r = Json.ok();
        ObjectNode t = r.putObject("team");
        t.put("id", o.teamId());
        t.put("name", o.teamName());
        t.put("domain", o.teamDomain());
        t.put("email_domain", "example.com");
        return r;
    }

    ObjectNode botsInfo(WebApiCall c) {
        ObjectNode r = Json.ok();
        ObjectNode b = r.putObject("bot");
        b.put("id", o.botId());
        b.put("deleted", false);
        b.put("name", o.botUser().name());
        b.put("updated", 1700000000);
        b.put("app_id", o.appId());
        b.put("user_id", o.botUser().id());
        b.putObject("icons").put("image_48", "");
        return r;
    }
}
