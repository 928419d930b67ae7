package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The simulated workspace's mutable state: messages, reactions, files and response URLs.
 * Every method synchronizes on this object, so the whole state is thread-safe.
 */
final class Workspace {
    static final int RESPONSE_URL_MAX_USES = 5;
    static final Duration RESPONSE_URL_TTL = Duration.ofMinutes(30);

    private final SimOptions options;
    private final SimUsers users;
    private final Map<String, SimChannel> channelsById = new LinkedHashMap<>();
    private final Map<String, List<Msg>> timeline = new HashMap<>();
    private final Map<String, Map<String, Msg>> index = new HashMap<>();
    private final Map<String, FileRec> files = new LinkedHashMap<>();
    private final Map<String, ResponseUrl> responseUrls = new HashMap<>();
    private long lastMicros;
    private long counter;

    Workspace(SimOptions options, SimUsers users) {
        this.options = options;
        this.users = users;
        for (SimChannel c : options.channels()) {
            if (channelsById.putIfAbsent(c.id(), c) != null) {
                throw new IllegalArgumentException("duplicate channel id " + c.id());
            }
            timeline.put(c.id(), new ArrayList<>());
            index.put(c.id(), new HashMap<>());
        }
    }

    // ------------------------------------------------------------------ model

    static final class Msg {
        String ts;
        String channel;
        SimUser author;
        String text = "";
        ArrayNode blocks;
        ArrayNode attachments;
        String threadTs;
        boolean replyBroadcast;
        boolean ephemeral;
        String visibleTo;
        boolean deleted;
        final Map<String, LinkedHashSet<String>> reactions = new LinkedHashMap<>();
        final List<SimMessage.Edit> edits = new ArrayList<>();
        String editedTs;
        final List<String> fileIds = new ArrayList<>();
        final List<Msg> replies = new ArrayList<>();

        boolean isReply() {
            return threadTs != null && !threadTs.equals(ts);
        }
    }

    static final class FileRec {
        String id;
        String name;
        String title;
        String mimetype;
        String filetype;
        String userId;
        Instant created;
        long declaredLength;
        byte[] content;
        boolean completed;
        final Set<String> channels = new LinkedHashSet<>();
        String sharedTs;
    }

    static final class ResponseUrl {
        String id;
        String kind;
        String userId;
        String channelId;
        String originalTs;
        boolean originalEphemeral;
        Instant created;
        int uses;
    }

    // ------------------------------------------------------------------ ids

    synchronized String nextTs() {
        long now = System.currentTimeMillis() * 1000L;
        lastMicros = Math.max(now, lastMicros + 1);
        return String.format(Locale.ROOT, "%d.%06d", lastMicros / 1_000_000L, lastMicros % 1_000_000L);
    }

    synchronized String nextId(String prefix) {
        counter++;
        return prefix + String.format(Locale.ROOT, "%07d", counter);
    }

    // ------------------------------------------------------------------ directory

    SimUsers users() {
        return users;
    }

    List<SimChannel> channels() {
        return List.copyOf(channelsById.values());
    }

    /** Resolves a channel id, name or {@code #name}; throws {@code channel_not_found}. */
    SimChannel channel(String ref) {
        if (ref == null || ref.isBlank()) {
            throw new SimException("channel_not_found", "missing channel");
        }
        String r = ref.trim();
        if (r.startsWith("<#") && r.endsWith(">")) {
            r = r.substring(2, r.length() - 1);
            int bar = r.indexOf('|');
            if (bar >= 0) {
                r = r.substring(0, bar);
            }
        }
        if (r.startsWith("#")) {
            r = r.substring(1);
        }
        SimChannel c = channelsById.get(r.toUpperCase(Locale.ROOT));
        if (c != null) {
            return c;
        }
        for (SimChannel ch : channelsById.values()) {
            if (ch.name().equalsIgnoreCase(r)) {
                return ch;
            }
        }
        throw new SimException("channel_not_found", "unknown channel: " + ref);
    }

    // ------------------------------------------------------------------ messages

    private Msg find(String channelId, String ts) {
        Map<String, Msg> m = index.get(channelId);
        return m == null || ts == null ? null : m.get(ts.trim());
    }

    /** A message (top-level, reply or ephemeral) or {@code message_not_found}. */
    synchronized Msg message(String channelId, String ts) {
        Msg m = find(channelId, ts);
        if (m == null) {
            throw new SimException("message_not_found", "no message " + ts + " in " + channelId);
        }
        return m;
    }

    synchronized Msg post(String channelId, SimUser author, String text, ArrayNode blocks, ArrayNode attachments,
                          String threadTs, boolean replyBroadcast, String ephemeralFor, List<String> fileIds) {
        Msg parent = null;
        if (threadTs != null && !threadTs.isBlank()) {
            parent = find(channelId, threadTs);
            if (parent == null || parent.ephemeral) {
                throw new SimException("thread_not_found", "no thread " + threadTs + " in " + channelId);
            }
            if (parent.isReply()) {
                parent = find(channelId, parent.threadTs);
            }
        }
        Msg m = new Msg();
        m.ts = nextTs();
        m.channel = channelId;
        m.author = author;
        m.text = text == null ? "" : text;
        m.blocks = blocks;
        m.attachments = attachments;
        m.ephemeral = ephemeralFor != null;
        m.visibleTo = ephemeralFor;
        if (fileIds != null) {
            m.fileIds.addAll(fileIds);
        }
        if (parent != null) {
            m.threadTs = parent.ts;
            parent.threadTs = parent.ts;
            m.replyBroadcast = replyBroadcast && !m.ephemeral;
            parent.replies.add(m);
            if (m.replyBroadcast) {
                timeline.get(channelId).add(m);
            }
        } else {
            timeline.get(channelId).add(m);
        }
        index.get(channelId).put(m.ts, m);
        return m;
    }

    synchronized Msg update(String channelId, String ts, String text, ArrayNode blocks, ArrayNode attachments,
                            boolean allowEphemeral, boolean keepOldWhenMissing) {
        Msg m = find(channelId, ts);
        if (m == null || m.deleted || (m.ephemeral && !allowEphemeral)) {
            throw new SimException("message_not_found", "no message " + ts + " in " + channelId);
        }
        m.edits.add(new SimMessage.Edit(Instant.now(), m.text, m.blocks == null ? null : m.blocks.deepCopy()));
        if (text != null || !keepOldWhenMissing) {
            m.text = text == null ? "" : text;
        }
        if (blocks != null || !keepOldWhenMissing) {
            m.blocks = blocks == null || blocks.isEmpty() ? null : blocks;
        }
        if (attachments != null || !keepOldWhenMissing) {
            m.attachments = attachments == null || attachments.isEmpty() ? null : attachments;
        }
        m.editedTs = nextTs();
        return m;
    }

    synchronized Msg delete(String channelId, String ts, boolean allowEphemeral) {
        Msg m = find(channelId, ts);
        if (m == null || m.deleted || (m.ephemeral && !allowEphemeral)) {
            throw new SimException("message_not_found", "no message " + ts + " in " + channelId);
        }
        if (!m.isReply() && !m.replies.isEmpty()) {
            m.deleted = true;
            m.text = "This message was deleted.";
            m.blocks = null;
            m.attachments = null;
            m.reactions.clear();
            m.fileIds.clear();
            return m;
        }
        index.get(channelId).remove(m.ts);
        timeline.get(channelId).remove(m);
        if (m.isReply()) {
            Msg parent = find(channelId, m.threadTs);
            if (parent != null) {
                parent.replies.remove(m);
                if (parent.replies.isEmpty()) {
                    parent.threadTs = null;
                }
                if (parent.deleted && parent.replies.isEmpty()) {
                    index.get(channelId).remove(parent.ts);
                    timeline.get(channelId).remove(parent);
                }
            }
        }
        return m;
    }

    /** Adds or removes a reaction; returns the reacted message. */
    synchronized Msg react(String channelId, String ts, String name, String userId, boolean remove) {
        Msg m = find(channelId, ts);
        if (m == null || m.deleted || m.ephemeral) {
            throw new SimException("message_not_found", "no message " + ts + " in " + channelId);
        }
        if (remove) {
            Set<String> set = m.reactions.get(name);
            if (set == null || !set.remove(userId)) {
                throw new SimException("no_reaction", userId + " has no :" + name + ": on " + ts);
            }
            if (set.isEmpty()) {
                m.reactions.remove(name);
            }
        } else {
            Set<String> set = m.reactions.computeIfAbsent(name, k -> new LinkedHashSet<>());
            if (!set.add(userId)) {
                throw new SimException("already_reacted", userId + " already reacted :" + name + ": on " + ts);
            }
        }
        return m;
    }

    /** Top-level messages oldest first, optionally filtered (for ephemeral visibility). */
    synchronized List<SimMessage> snapshot(String channelId, Predicate<Msg> visible) {
        List<SimMessage> out = new ArrayList<>();
        for (Msg m : timeline.get(channelId)) {
            if (visible.test(m)) {
                out.add(toSnapshot(m, visible, !m.isReply()));
            }
        }
        return out;
    }

    private SimMessage toSnapshot(Msg m, Predicate<Msg> visible, boolean withReplies) {
        List<SimMessage> replies = new ArrayList<>();
        if (withReplies) {
            for (Msg r : m.replies) {
                if (visible.test(r)) {
                    replies.add(toSnapshot(r, visible, false));
                }
            }
        }
        List<SimMessage.Reaction> reactions = new ArrayList<>();
        m.reactions.forEach((name, us) -> reactions.add(new SimMessage.Reaction(name, List.copyOf(us), us.size())));
        List<SimMessage.File> fs = new ArrayList<>();
        for (String id : m.fileIds) {
            FileRec f = files.get(id);
            if (f != null) {
                fs.add(new SimMessage.File(f.id, f.name, f.title, f.content == null ? 0 : f.content.length,
                        f.mimetype, "/api/sim/files/" + f.id));
            }
        }
        return new SimMessage(m.ts, m.channel, m.author.id(), m.author.name(), m.author.bot(), m.text,
                m.blocks == null ? null : m.blocks.deepCopy(),
                m.attachments == null ? null : m.attachments.deepCopy(),
                m.threadTs, m.replyBroadcast, List.copyOf(replies), List.copyOf(reactions), List.copyOf(m.edits),
                m.ephemeral, m.visibleTo, List.copyOf(fs), m.deleted);
    }

    /** Non-ephemeral top-level messages, newest first, for conversations.history. */
    synchronized List<Msg> history(String channelId) {
        List<Msg> out = new ArrayList<>();
        for (Msg m : timeline.get(channelId)) {
            if (!m.ephemeral) {
                out.add(0, m);
            }
        }
        return out;
    }

    /** Parent then replies (non-ephemeral), for conversations.replies. */
    synchronized List<Msg> thread(String channelId, String ts) {
        Msg m = message(channelId, ts);
        if (m.isReply()) {
            m = message(channelId, m.threadTs);
        }
        List<Msg> out = new ArrayList<>();
        out.add(m);
        for (Msg r : m.replies) {
            if (!r.ephemeral) {
                out.add(r);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ Web API JSON shapes

    /** The message as Slack's Web API returns it. */
    synchronized ObjectNode messageJson(Msg m) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", "message");
        if (m.replyBroadcast) {
            o.put("subtype", "thread_broadcast");
        }
        o.put("text", m.text);
        o.put("user", m.author.id());
        o.put("ts", m.ts);
        o.put("team", options.teamId());
        if (m.author.bot()) {
            o.put("bot_id", options.botId());
            o.put("app_id", options.appId());
            ObjectNode bp = o.putObject("bot_profile");
            bp.put("id", options.botId());
            bp.put("app_id", options.appId());
            bp.put("name", m.author.name());
            bp.putObject("icons").put("image_48", "");
            bp.put("deleted", false);
            bp.put("updated", 1700000000);
            bp.put("team_id", options.teamId());
        }
        if (m.blocks != null) {
            o.set("blocks", m.blocks.deepCopy());
        }
        if (m.attachments != null) {
            o.set("attachments", m.attachments.deepCopy());
        }
        if (m.threadTs != null) {
            o.put("thread_ts", m.threadTs);
        }
        if (!m.isReply() && !m.replies.isEmpty()) {
            long visible = m.replies.stream().filter(r -> !r.ephemeral).count();
            o.put("reply_count", visible);
            ArrayNode ru = o.putArray("reply_users");
            m.replies.stream().filter(r -> !r.ephemeral).map(r -> r.author.id()).distinct().forEach(ru::add);
            o.put("reply_users_count", ru.size());
            m.replies.stream().filter(r -> !r.ephemeral).reduce((a, b) -> b)
                    .ifPresent(r -> o.put("latest_reply", r.ts));
        }
        if (m.isReply() && m.replyBroadcast) {
            o.putObject("root").put("ts", m.threadTs);
        }
        if (!m.reactions.isEmpty()) {
            ArrayNode rs = o.putArray("reactions");
            m.reactions.forEach((name, us) -> {
                ObjectNode r = rs.addObject();
                r.put("name", name);
                ArrayNode ua = r.putArray("users");
                us.forEach(ua::add);
                r.put("count", us.size());
            });
        }
        if (m.editedTs != null) {
            ObjectNode e = o.putObject("edited");
            e.put("user", m.author.id());
            e.put("ts", m.editedTs);
        }
        if (!m.fileIds.isEmpty()) {
            ArrayNode fa = o.putArray("files");
            for (String id : m.fileIds) {
                FileRec f = files.get(id);
                if (f != null) {
                    fa.add(fileJson(f, null));
                }
            }
            o.put("upload", false);
        }
        return o;
    }

    // ------------------------------------------------------------------ files

    synchronized FileRec newFile(String userId, String filename, String title, long declaredLength) {
        FileRec f = new FileRec();
        f.id = nextId("F0SIM");
        f.name = filename == null || filename.isBlank() ? "file" : filename;
        f.title = title == null || title.isBlank() ? f.name : title;
        f.userId = userId;
        f.created = Instant.now();
        f.declaredLength = declaredLength;
        f.filetype = fileType(f.name);
        f.mimetype = mimeType(f.filetype);
        files.put(f.id, f);
        return f;
    }

    synchronized FileRec file(String id) {
        FileRec f = id == null ? null : files.get(id.trim());
        if (f == null) {
            throw new SimException("file_not_found", "no file " + id);
        }
        return f;
    }

    synchronized void retitle(FileRec f, String title) {
        f.title = title;
    }

    synchronized void storeContent(String fileId, byte[] content) {
        file(fileId).content = content;
    }

    /** Marks files complete and, when a channel is given, shares them in a bot message. */
    synchronized Msg completeFiles(List<FileRec> fs, SimChannel channel, String threadTs, String comment,
                                   ArrayNode blocks, SimUser author) {
        for (FileRec f : fs) {
            if (f.content == null) {
                throw new SimException("file_not_found", "file " + f.id + " was never uploaded");
            }
        }
        for (FileRec f : fs) {
            f.completed = true;
        }
        if (channel == null) {
            return null;
        }
        List<String> ids = fs.stream().map(f -> f.id).toList();
        Msg m = post(channel.id(), author, comment == null ? "" : comment, blocks, null, threadTs, false, null, ids);
        for (FileRec f : fs) {
            f.channels.add(channel.id());
            f.sharedTs = m.ts;
        }
        return m;
    }

    synchronized ObjectNode fileJson(FileRec f, String baseUrl) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", f.id);
        o.put("created", f.created.getEpochSecond());
        o.put("timestamp", f.created.getEpochSecond());
        o.put("name", f.name);
        o.put("title", f.title);
        o.put("mimetype", f.mimetype);
        o.put("filetype", f.filetype);
        o.put("pretty_type", f.filetype.toUpperCase(Locale.ROOT));
        o.put("user", f.userId);
        o.put("user_team", options.teamId());
        o.put("editable", false);
        o.put("size", f.content == null ? f.declaredLength : f.content.length);
        o.put("mode", "hosted");
        o.put("is_external", false);
        o.put("external_type", "");
        o.put("is_public", !f.channels.isEmpty());
        o.put("public_url_shared", false);
        o.put("display_as_bot", false);
        o.put("username", "");
        String base = baseUrl == null ? "" : baseUrl;
        o.put("url_private", base + "/api/sim/files/" + f.id);
        o.put("url_private_download", base + "/api/sim/files/" + f.id + "?download=1");
        o.put("permalink", base + "/#file-" + f.id);
        ArrayNode ch = o.putArray("channels");
        f.channels.forEach(ch::add);
        o.putArray("groups");
        o.putArray("ims");
        if (f.sharedTs != null && !f.channels.isEmpty()) {
            ObjectNode pub = o.putObject("shares").putObject("public");
            for (String c : f.channels) {
                ObjectNode s = pub.putArray(c).addObject();
                s.put("ts", f.sharedTs);
                s.put("channel_name", channelsById.get(c).name());
                s.put("team_id", options.teamId());
                s.put("share_user_id", f.userId);
            }
        }
        o.put("comments_count", 0);
        return o;
    }

    static String fileType(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return "text";
        }
        return name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String mimeType(String filetype) {
        return switch (filetype) {
            case "txt", "text", "log", "md", "properties", "conf" -> "text/plain";
            case "json" -> "application/json";
            case "yaml", "yml" -> "application/yaml";
            case "csv" -> "text/csv";
            case "html", "htm" -> "text/html";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "gif" -> "image/gif";
            case "pdf" -> "application/pdf";
            case "zip" -> "application/zip";
            default -> "application/octet-stream";
        };
    }

    // ------------------------------------------------------------------ response URLs

    synchronized ResponseUrl newResponseUrl(String kind, String userId, String channelId, String originalTs,
                                            boolean originalEphemeral) {
        ResponseUrl r = new ResponseUrl();
        r.id = nextId("R") + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
        r.kind = kind;
        r.userId = userId;
        r.channelId = channelId;
        r.originalTs = originalTs;
        r.originalEphemeral = originalEphemeral;
        r.created = Instant.now();
        responseUrls.put(r.id, r);
        return r;
    }

    /**
     * Applies a response_url (or slash command ack) body: posts, replaces or deletes a message.
     * Returns a short description of what happened.
     */
    synchronized String applyResponse(String responseUrlId, JsonNode body, boolean fromAck) {
        ResponseUrl r = responseUrls.get(responseUrlId);
        if (r == null) {
            throw new SimException("invalid_url", "unknown response_url");
        }
        if (!fromAck) {
            if (r.uses >= RESPONSE_URL_MAX_USES
                    || Instant.now().isAfter(r.created.plus(RESPONSE_URL_TTL))) {
                throw new SimException("expired_url", "response_url used too often or expired");
            }
            r.uses++;
        }
        if (body == null || !body.isObject()) {
            throw new SimException("invalid_payload", "response body must be a JSON object");
        }
        boolean deleteOriginal = body.path("delete_original").asBoolean(false);
        boolean replaceOriginal = body.path("replace_original").asBoolean(false);
        String responseType = body.path("response_type").asText("ephemeral");
        String text = body.hasNonNull("text") ? body.get("text").asText() : null;
        ArrayNode blocks = arrayOrJsonString(body.get("blocks"));
        ArrayNode attachments = arrayOrJsonString(body.get("attachments"));
        String threadTs = body.hasNonNull("thread_ts") ? body.get("thread_ts").asText() : null;

        if (deleteOriginal) {
            if (r.originalTs == null || find(r.channelId, r.originalTs) == null) {
                throw new SimException("message_not_found", "the original message is gone");
            }
            delete(r.channelId, r.originalTs, true);
            r.originalTs = null;
            return "deleted";
        }
        if ((text == null || text.isEmpty()) && blocks == null && attachments == null) {
            throw new SimException("no_text", "a response needs text, blocks or attachments");
        }
        if (replaceOriginal && r.originalTs != null && find(r.channelId, r.originalTs) != null) {
            update(r.channelId, r.originalTs, text, blocks, attachments, true, false);
            return "replaced";
        }
        boolean inChannel = "in_channel".equals(responseType);
        Msg m = post(r.channelId, users.bot(), text, blocks, attachments, threadTs, false,
                inChannel ? null : r.userId, null);
        if (r.originalTs == null || "command".equals(r.kind)) {
            r.originalTs = m.ts;
            r.originalEphemeral = m.ephemeral;
        }
        return inChannel ? "posted" : "posted_ephemeral";
    }

    /** Slack accepts blocks and attachments as a JSON array or as a string holding one. */
    private static ArrayNode arrayOrJsonString(JsonNode n) {
        if (n instanceof ArrayNode a) return a.deepCopy();
        if (n != null && n.isTextual()) {
            try {
                return Json.parse(n.asText()) instanceof ArrayNode a ? a : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
