package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Slack Web API methods under {@code /api/<method>}. */
final class WebApi implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(WebApi.class);
    private static final Pattern EMOJI_NAME = Pattern.compile("[a-z0-9_+'\\-]+(::skin-tone-[2-6])?");
    static final int MAX_TEXT = 40_000;

    enum TokenKind { BOT, APP }

    record Call(String method, Map<String, String> p, Map<String, HttpUtil.Part> files, TokenKind token) {
        String get(String k) {
            String v = p.get(k);
            return v == null || v.isEmpty() ? null : v;
        }

        boolean flag(String k) {
            String v = get(k);
            return v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
        }
    }

    @FunctionalInterface
    interface Method {
        ObjectNode run(Call c) throws IOException;
    }

    private record Def(Method method, Set<TokenKind> tokens) {
    }

    private final SlackSimulator sim;
    private final Workspace ws;
    private final SimOptions o;
    private final Map<String, Def> methods = new HashMap<>();

    WebApi(SlackSimulator sim, Workspace ws, SimOptions options) {
        this.sim = sim;
        this.ws = ws;
        this.o = options;
        Set<TokenKind> bot = Set.of(TokenKind.BOT);
        Set<TokenKind> any = Set.of(TokenKind.BOT, TokenKind.APP);
        methods.put("api.test", new Def(this::apiTest, any));
        methods.put("auth.test", new Def(this::authTest, any));
        methods.put("apps.connections.open", new Def(this::connectionsOpen, Set.of(TokenKind.APP)));
        methods.put("chat.postMessage", new Def(this::postMessage, bot));
        methods.put("chat.update", new Def(this::update, bot));
        methods.put("chat.postEphemeral", new Def(this::postEphemeral, bot));
        methods.put("chat.delete", new Def(this::delete, bot));
        methods.put("chat.getPermalink", new Def(this::permalink, bot));
        methods.put("reactions.add", new Def(c -> react(c, false), bot));
        methods.put("reactions.remove", new Def(c -> react(c, true), bot));
        methods.put("reactions.get", new Def(this::reactionsGet, bot));
        methods.put("users.info", new Def(this::usersInfo, bot));
        methods.put("users.list", new Def(this::usersList, bot));
        methods.put("users.lookupByEmail", new Def(this::usersLookupByEmail, bot));
        methods.put("usergroups.list", new Def(this::usergroupsList, bot));
        methods.put("usergroups.users.list", new Def(this::usergroupUsers, bot));
        methods.put("conversations.info", new Def(this::conversationsInfo, bot));
        methods.put("conversations.list", new Def(this::conversationsList, bot));
        methods.put("conversations.members", new Def(this::conversationsMembers, bot));
        methods.put("conversations.history", new Def(this::conversationsHistory, bot));
        methods.put("conversations.replies", new Def(this::conversationsReplies, bot));
        methods.put("team.info", new Def(this::teamInfo, bot));
        methods.put("bots.info", new Def(this::botsInfo, bot));
        methods.put("files.upload", new Def(this::filesUpload, bot));
        methods.put("files.getUploadURLExternal", new Def(this::getUploadUrl, bot));
        methods.put("files.completeUploadExternal", new Def(this::completeUpload, bot));
        methods.put("files.info", new Def(this::filesInfo, bot));
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String name = path.substring(path.indexOf("/api/") + 5);
            if (name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            Def def = methods.get(name);
            if (def == null) {
                log.warn("unknown Web API method {}", name);
                sim.recordCall(name, false, "unknown_method");
                HttpUtil.sendJson(ex, 404, Json.error("unknown_method").put("req_method", name));
                return;
            }
            Map<String, String> params = new LinkedHashMap<>();
            Map<String, HttpUtil.Part> files = new LinkedHashMap<>();
            readParams(ex, params, files);
            String token = null;
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                token = auth.substring(7).trim();
            } else if (params.get("token") != null && !params.get("token").isEmpty()) {
                token = params.get("token");
            }
            ObjectNode result;
            if (token == null || token.isEmpty()) {
                result = Json.error("not_authed");
            } else {
                TokenKind kind = token.equals(o.botToken()) ? TokenKind.BOT
                        : token.equals(o.appToken()) ? TokenKind.APP : null;
                if (kind == null) {
                    result = Json.error("invalid_auth");
                } else if (!def.tokens().contains(kind)) {
                    result = Json.error("not_allowed_token_type");
                } else {
                    result = run(def, new Call(name, params, files, kind));
                }
            }
            boolean ok = result.path("ok").asBoolean(false);
            sim.recordCall(name, ok, ok ? null : result.path("error").asText());
            if (!ok) {
                log.debug("{} -> {}", name, result.path("error").asText());
            }
            HttpUtil.sendJson(ex, 200, result);
        } catch (RuntimeException e) {
            log.error("Web API failure", e);
            HttpUtil.sendJson(ex, 500, Json.error("internal_error"));
        }
    }

    private ObjectNode run(Def def, Call c) throws IOException {
        try {
            return def.method().run(c);
        } catch (BlocksInvalid e) {
            ObjectNode err = Json.error("invalid_blocks");
            ArrayNode errors = err.putArray("errors");
            ArrayNode messages = err.putObject("response_metadata").putArray("messages");
            for (String s : e.errors) {
                errors.add(s);
                messages.add("[ERROR] " + s);
            }
            return err;
        } catch (SimException e) {
            return Json.error(e.error());
        }
    }

    private static final class BlocksInvalid extends RuntimeException {
        final List<String> errors;

        BlocksInvalid(List<String> errors) {
            super(String.join("; ", errors));
            this.errors = errors;
        }
    }

    private static void readParams(HttpExchange ex, Map<String, String> params, Map<String, HttpUtil.Part> files)
            throws IOException {
        params.putAll(HttpUtil.parseForm(ex.getRequestURI().getRawQuery()));
        byte[] body = HttpUtil.readBody(ex);
        if (body.length == 0) {
            return;
        }
        String ct = HttpUtil.contentType(ex);
        if (ct.startsWith("multipart/form-data")) {
            for (HttpUtil.Part part : HttpUtil.parseMultipart(body, HttpUtil.boundary(
                    ex.getRequestHeaders().getFirst("Content-Type")))) {
                if (part.filename() != null) {
                    files.put(part.name(), part);
                } else if (part.name() != null) {
                    params.put(part.name(), part.text());
                }
            }
        } else if (ct.startsWith("application/json")) {
            JsonNode n = Json.parse(new String(body, StandardCharsets.UTF_8));
            if (n != null && n.isObject()) {
                for (var e : n.properties()) {
                    JsonNode v = e.getValue();
                    params.put(e.getKey(), v.isTextual() ? v.asText() : v.isNull() ? "" : Json.write(v));
                }
            }
        } else {
            params.putAll(HttpUtil.parseForm(new String(body, StandardCharsets.UTF_8)));
        }
    }

    // ------------------------------------------------------------------ helpers

    private SimChannel channel(Call c, String key) {
        String ref = c.get(key);
        if (ref == null) {
            throw new SimException("channel_not_found");
        }
        return ws.channel(ref);
    }

    private ArrayNode blocks(Call c) {
        ArrayNode blocks = BlockKit.parse(c.get("blocks"));
        List<String> errors = BlockKit.validate(blocks);
        if (!errors.isEmpty()) {
            throw new BlocksInvalid(errors);
        }
        return blocks;
    }

    private static String text(Call c) {
        String t = c.p().get("text");
        if (t != null && t.length() > MAX_TEXT) {
            t = t.substring(0, MAX_TEXT);
        }
        return t;
    }

    private static String emojiName(Call c) {
        String name = c.get("name");
        if (name == null) {
            throw new SimException("invalid_name");
        }
        name = stripColons(name);
        if (!EMOJI_NAME.matcher(name).matches()) {
            throw new SimException("invalid_name");
        }
        return name;
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

    ObjectNode userJson(SimUser u) {
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
        ObjectNode p = o.putObject("profile");
        p.put("title", "");
        p.put("phone", "");
        p.put("real_name", u.realName());
        p.put("real_name_normalized", u.realName());
        p.put("display_name", u.bot() ? "" : u.name());
        p.put("display_name_normalized", u.bot() ? "" : u.name());
        p.put("status_text", "");
        p.put("status_emoji", "");
        if (!u.bot()) {
            p.put("email", u.name() + "@example.com");
            p.put("first_name", u.realName().split(" ")[0]);
        } else {
            p.put("bot_id", this.o.botId());
            p.put("api_app_id", this.o.appId());
            p.put("always_active", true);
        }
        p.put("image_48", "");
        p.put("team", this.o.teamId());
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

    ObjectNode channelJson(SimChannel ch) {
        ObjectNode c = Json.obj();
        c.put("id", ch.id());
        c.put("name", ch.name());
        c.put("is_channel", true);
        c.put("is_group", false);
        c.put("is_im", false);
        c.put("is_mpim", false);
        c.put("is_private", false);
        c.put("created", 1700000000);
        c.put("is_archived", false);
        c.put("is_general", ch.name().equals("general"));
        c.put("is_shared", false);
        c.put("is_ext_shared", false);
        c.put("is_org_shared", false);
        c.put("is_member", true);
        c.put("creator", ws.users().humans().isEmpty() ? o.botUser().id() : ws.users().humans().get(0).id());
        c.put("name_normalized", ch.name());
        c.put("num_members", ws.users().all().size());
        ObjectNode topic = c.putObject("topic");
        topic.put("value", "");
        topic.put("creator", "");
        topic.put("last_set", 0);
        ObjectNode purpose = c.putObject("purpose");
        purpose.put("value", "");
        purpose.put("creator", "");
        purpose.put("last_set", 0);
        return c;
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

    // ------------------------------------------------------------------ methods

    private ObjectNode apiTest(Call c) {
        ObjectNode r = Json.ok();
        ObjectNode args = r.putObject("args");
        c.p().forEach((k, v) -> {
            if (!k.equals("token")) {
                args.put(k, v);
            }
        });
        return r;
    }

    private ObjectNode authTest(Call c) {
        ObjectNode r = Json.ok();
        r.put("url", "https://" + o.teamDomain() + ".slack.com/");
        r.put("team", o.teamName());
        r.put("user", o.botUser().name());
        r.put("team_id", o.teamId());
        r.put("user_id", o.botUser().id());
        r.put("bot_id", o.botId());
        if (c.token() == TokenKind.APP) {
            r.put("app_id", o.appId());
        }
        r.put("is_enterprise_install", false);
        return r;
    }

    private ObjectNode connectionsOpen(Call c) {
        String url = sim.newSocketUrl();
        if (url == null) {
            throw new SimException("socket_mode_disabled");
        }
        return Json.ok().put("url", url);
    }

    private ObjectNode postMessage(Call c) {
        SimChannel ch = channel(c, "channel");
        ArrayNode blocks = blocks(c);
        ArrayNode attachments = BlockKit.parseAttachments(c.get("attachments"));
        String text = text(c);
        if ((text == null || text.isBlank()) && blocks == null && attachments == null) {
            throw new SimException("no_text");
        }
        Workspace.Msg m = ws.post(ch.id(), ws.users().bot(), text, blocks, attachments, c.get("thread_ts"),
                c.flag("reply_broadcast"), null, null);
        ObjectNode r = Json.ok();
        r.put("channel", ch.id());
        r.put("ts", m.ts);
        r.set("message", ws.views().messageJson(m));
        return r;
    }

    private ObjectNode update(Call c) {
        SimChannel ch = channel(c, "channel");
        String ts = c.get("ts");
        if (ts == null) {
            throw new SimException("message_not_found");
        }
        Workspace.Msg existing = ws.message(ch.id(), ts);
        if (!existing.author.id().equals(o.botUser().id())) {
            throw new SimException("cant_update_message");
        }
        ArrayNode blocks = blocks(c);
        ArrayNode attachments = BlockKit.parseAttachments(c.get("attachments"));
        String text = text(c);
        if ((text == null || text.isEmpty()) && blocks == null && attachments == null) {
            throw new SimException("no_text");
        }
        Workspace.Msg m = ws.update(ch.id(), ts, text, blocks, attachments, false, true);
        ObjectNode r = Json.ok();
        r.put("channel", ch.id());
        r.put("ts", m.ts);
        r.put("text", m.text);
        r.set("message", ws.views().messageJson(m));
        return r;
    }

    private ObjectNode postEphemeral(Call c) {
        SimChannel ch = channel(c, "channel");
        String userRef = c.get("user");
        SimUser user = userRef == null ? null : ws.users().find(userRef).orElse(null);
        if (user == null) {
            throw new SimException("user_not_in_channel");
        }
        ArrayNode blocks = blocks(c);
        ArrayNode attachments = BlockKit.parseAttachments(c.get("attachments"));
        String text = text(c);
        if ((text == null || text.isBlank()) && blocks == null && attachments == null) {
            throw new SimException("no_text");
        }
        Workspace.Msg m = ws.post(ch.id(), ws.users().bot(), text, blocks, attachments, c.get("thread_ts"), false,
                user.id(), null);
        return Json.ok().put("message_ts", m.ts);
    }

    private ObjectNode delete(Call c) {
        SimChannel ch = channel(c, "channel");
        String ts = c.get("ts");
        Workspace.Msg existing = ws.message(ch.id(), ts);
        if (!existing.author.id().equals(o.botUser().id())) {
            throw new SimException("cant_delete_message");
        }
        ws.delete(ch.id(), ts, false);
        return Json.ok().put("channel", ch.id()).put("ts", ts);
    }

    private ObjectNode permalink(Call c) {
        SimChannel ch = channel(c, "channel");
        String ts = c.get("message_ts");
        ws.message(ch.id(), ts);
        return Json.ok().put("channel", ch.id())
                .put("permalink", sim.pageUrl() + "#" + ch.id() + "/p" + ts.replace(".", ""));
    }

    private ObjectNode react(Call c, boolean remove) {
        if (c.get("channel") == null || c.get("timestamp") == null) {
            throw new SimException("no_item_specified");
        }
        SimChannel ch = channel(c, "channel");
        String name = emojiName(c);
        sim.reactAndNotify(ws.users().bot(), ch, c.get("timestamp"), name, remove);
        return Json.ok();
    }

    private ObjectNode reactionsGet(Call c) {
        SimChannel ch = channel(c, "channel");
        Workspace.Msg m = ws.message(ch.id(), c.get("timestamp"));
        if (m.ephemeral) {
            throw new SimException("message_not_found");
        }
        ObjectNode r = Json.ok().put("type", "message").put("channel", ch.id());
        r.set("message", ws.views().messageJson(m));
        return r;
    }

    private ObjectNode usersInfo(Call c) {
        String ref = c.get("user");
        SimUser u = ref == null ? null : ws.users().find(ref).orElse(null);
        if (u == null) {
            throw new SimException("user_not_found");
        }
        ObjectNode r = Json.ok();
        r.set("user", userJson(u));
        return r;
    }

    private ObjectNode usersList(Call c) {
        ObjectNode r = Json.ok();
        ArrayNode members = r.putArray("members");
        ws.users().all().forEach(u -> members.add(userJson(u)));
        r.put("cache_ts", Instant.now().getEpochSecond());
        r.putObject("response_metadata").put("next_cursor", "");
        return r;
    }

    private ObjectNode usersLookupByEmail(Call c) {
        String email = c.get("email");
        for (SimUser u : ws.users().humans()) {
            if ((u.name() + "@example.com").equalsIgnoreCase(email)) {
                ObjectNode r = Json.ok();
                r.set("user", userJson(u));
                return r;
            }
        }
        throw new SimException("users_not_found");
    }

    private ObjectNode usergroupsList(Call c) {
        ObjectNode r = Json.ok();
        ArrayNode gs = r.putArray("usergroups");
        boolean withUsers = c.flag("include_users");
        ws.users().groups().forEach(g -> gs.add(groupJson(g, withUsers)));
        return r;
    }

    private ObjectNode usergroupUsers(Call c) {
        SimUserGroup g = ws.users().group(c.get("usergroup") == null ? "" : c.get("usergroup"))
                .orElseThrow(() -> new SimException("no_such_subteam"));
        ObjectNode r = Json.ok();
        ArrayNode us = r.putArray("users");
        g.members().forEach(us::add);
        return r;
    }

    private ObjectNode conversationsInfo(Call c) {
        ObjectNode r = Json.ok();
        r.set("channel", channelJson(channel(c, "channel")));
        return r;
    }

    private ObjectNode conversationsList(Call c) {
        ObjectNode r = Json.ok();
        ArrayNode chs = r.putArray("channels");
        ws.channels().forEach(ch -> chs.add(channelJson(ch)));
        r.putObject("response_metadata").put("next_cursor", "");
        return r;
    }

    private ObjectNode conversationsMembers(Call c) {
        channel(c, "channel");
        ObjectNode r = Json.ok();
        ArrayNode ms = r.putArray("members");
        ws.users().all().forEach(u -> ms.add(u.id()));
        r.putObject("response_metadata").put("next_cursor", "");
        return r;
    }

    private ObjectNode conversationsHistory(Call c) {
        SimChannel ch = channel(c, "channel");
        int limit = parseLimit(c);
        List<Workspace.Msg> all = ws.history(ch.id());
        String oldest = c.get("oldest");
        String latest = c.get("latest");
        boolean inclusive = c.flag("inclusive");
        List<Workspace.Msg> sel = new ArrayList<>();
        for (Workspace.Msg m : all) {
            if (oldest != null && cmpTs(m.ts, oldest) < (inclusive ? 0 : 1)) {
                continue;
            }
            if (latest != null && cmpTs(m.ts, latest) > (inclusive ? 0 : -1)) {
                continue;
            }
            sel.add(m);
        }
        ObjectNode r = Json.ok();
        ArrayNode ms = r.putArray("messages");
        sel.stream().limit(limit).forEach(m -> ms.add(ws.views().messageJson(m)));
        r.put("has_more", sel.size() > limit);
        r.put("pin_count", 0);
        r.putObject("response_metadata").put("next_cursor", "");
        return r;
    }

    private ObjectNode conversationsReplies(Call c) {
        SimChannel ch = channel(c, "channel");
        String ts = c.get("ts");
        if (ts == null) {
            throw new SimException("thread_not_found");
        }
        List<Workspace.Msg> thread;
        try {
            thread = ws.thread(ch.id(), ts);
        } catch (SimException e) {
            throw new SimException("thread_not_found");
        }
        ObjectNode r = Json.ok();
        ArrayNode ms = r.putArray("messages");
        thread.stream().limit(parseLimit(c)).forEach(m -> ms.add(ws.views().messageJson(m)));
        r.put("has_more", false);
        r.putObject("response_metadata").put("next_cursor", "");
        return r;
    }

    private static int parseLimit(Call c) {
        try {
            return c.get("limit") == null ? 100 : Math.max(1, Integer.parseInt(c.get("limit")));
        } catch (NumberFormatException e) {
            throw new SimException("invalid_limit");
        }
    }

    private static int cmpTs(String a, String b) {
        return new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b));
    }

    private ObjectNode teamInfo(Call c) {
        ObjectNode r = Json.ok();
        ObjectNode t = r.putObject("team");
        t.put("id", o.teamId());
        t.put("name", o.teamName());
        t.put("domain", o.teamDomain());
        t.put("email_domain", "example.com");
        return r;
    }

    private ObjectNode botsInfo(Call c) {
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

    // ------------------------------------------------------------------ files

    private ObjectNode filesUpload(Call c) {
        byte[] content;
        String filename = c.get("filename");
        HttpUtil.Part part = c.files().get("file");
        if (part != null) {
            content = part.data();
            if (filename == null) {
                filename = part.filename();
            }
        } else if (c.p().get("content") != null) {
            content = c.p().get("content").getBytes(StandardCharsets.UTF_8);
        } else {
            throw new SimException("no_file_data");
        }
        List<SimChannel> channels = new ArrayList<>();
        if (c.get("channels") != null) {
            for (String ref : c.get("channels").split(",")) {
                if (!ref.isBlank()) {
                    channels.add(ws.channel(ref));
                }
            }
        }
        FileStore.FileRec f = ws.files().newFile(o.botUser().id(), filename, c.get("title"), content.length);
        ws.files().storeContent(f.id, content);
        if (channels.isEmpty()) {
            ws.files().completeFiles(List.of(f), null, null, null, null, ws.users().bot());
        }
        for (SimChannel ch : channels) {
            ws.files().completeFiles(List.of(f), ch, c.get("thread_ts"), c.p().get("initial_comment"), null,
                    ws.users().bot());
        }
        ObjectNode r = Json.ok();
        r.set("file", ws.files().fileJson(f, sim.baseUrl()));
        return r;
    }

    private ObjectNode getUploadUrl(Call c) {
        String filename = c.get("filename");
        String length = c.get("length");
        if (filename == null || length == null) {
            throw new SimException("invalid_arguments");
        }
        long len;
        try {
            len = Long.parseLong(length);
        } catch (NumberFormatException e) {
            throw new SimException("invalid_arguments");
        }
        FileStore.FileRec f = ws.files().newFile(o.botUser().id(), filename, null, len);
        ObjectNode r = Json.ok();
        r.put("upload_url", sim.baseUrl() + "/upload/v1/" + f.id);
        r.put("file_id", f.id);
        return r;
    }

    private ObjectNode completeUpload(Call c) {
        JsonNode filesArg = c.get("files") == null ? null : Json.parse(c.get("files"));
        if (filesArg == null || !filesArg.isArray() || filesArg.isEmpty()) {
            throw new SimException("invalid_arguments");
        }
        List<FileStore.FileRec> fs = new ArrayList<>();
        for (JsonNode fd : filesArg) {
            FileStore.FileRec f = ws.files().file(fd.path("id").asText());
            if (fd.hasNonNull("title") && !fd.get("title").asText().isEmpty()) {
                ws.files().retitle(f, fd.get("title").asText());
            }
            fs.add(f);
        }
        SimChannel ch = null;
        if (c.get("channel_id") != null) {
            ch = ws.channel(c.get("channel_id"));
        } else if (c.get("channels") != null) {
            ch = ws.channel(c.get("channels").split(",")[0]);
        }
        ArrayNode blocks = blocks(c);
        ws.files().completeFiles(fs, ch, c.get("thread_ts"), c.p().get("initial_comment"), blocks, ws.users().bot());
        ObjectNode r = Json.ok();
        ArrayNode out = r.putArray("files");
        for (FileStore.FileRec f : fs) {
            out.add(ws.files().fileJson(f, sim.baseUrl()));
        }
        return r;
    }

    private ObjectNode filesInfo(Call c) {
        FileStore.FileRec f = ws.files().file(c.get("file"));
        ObjectNode r = Json.ok();
        r.set("file", ws.files().fileJson(f, sim.baseUrl()));
        if (f.content != null && f.mimetype.startsWith("text/")) {
            r.put("content", new String(f.content, StandardCharsets.UTF_8));
        }
        r.putArray("comments");
        r.putObject("response_metadata").put("next_cursor", "");
        return r;
    }
}
