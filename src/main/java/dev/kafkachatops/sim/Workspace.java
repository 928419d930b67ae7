package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The simulated workspace's mutable state: channels, messages and reactions, with its parts for files
 * ({@link FileStore}), response URLs ({@link ResponseUrls}) and message views ({@link MessageViews}).
 * Every method, the parts' too, synchronizes on this object, so the whole state is thread-safe.
 */
final class Workspace {
    private final SimUsers users;
    private final Channels channels;
    private final Map<String, List<Msg>> timeline = new HashMap<>();
    private final Map<String, Map<String, Msg>> index = new HashMap<>();
    private final FileStore files;
    private final ResponseUrls responseUrls;
    private final MessageViews views;
    private long lastMicros;
    private long counter;

    Workspace(SimOptions options, SimUsers users) {
        this.users = users;
        this.files = new FileStore(this, options);
        this.responseUrls = new ResponseUrls(this);
        this.views = new MessageViews(this, options);
        this.channels = new Channels(this, options.channels(), users);
        options.channels().forEach(this::addTimeline);
    }

    private synchronized void addTimeline(SimChannel c) {
        timeline.put(c.id(), new ArrayList<>());
        index.put(c.id(), new HashMap<>());
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

    /** Public and private channels (direct messages are not listed). */
    List<SimChannel> channels() {
        return channels.all();
    }

    /** Who is in which channel, and where the bot may read and write. */
    Channels members() {
        return channels;
    }

    FileStore files() {
        return files;
    }

    ResponseUrls responseUrls() {
        return responseUrls;
    }

    MessageViews views() {
        return views;
    }

    /** The channel with exactly this id, or null. */
    SimChannel channelById(String id) {
        return channels.byId(id);
    }

    /** Resolves a channel id, name, {@code #name} or a user's id (a direct message); throws {@code channel_not_found}. */
    SimChannel channel(String ref) {
        return channels.resolve(ref, this::addTimeline);
    }

    // ------------------------------------------------------------------ messages

    /** The message with this ts, or null. */
    synchronized Msg find(String channelId, String ts) {
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

    /** Top-level messages (and broadcast replies) oldest first; only while holding this object's lock. */
    List<Msg> timeline(String channelId) {
        return timeline.get(channelId);
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
}
