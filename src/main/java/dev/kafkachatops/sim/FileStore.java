package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The workspace's files: upload records, their content, completion, sharing into a channel and their Web API
 * JSON. Every method holds the owning {@link Workspace}'s lock.
 */
final class FileStore {
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

    private final Workspace ws;
    private final SimOptions options;
    private final Map<String, FileRec> files = new LinkedHashMap<>();

    FileStore(Workspace ws, SimOptions options) {
        this.ws = ws;
        this.options = options;
    }

    FileRec newFile(String userId, String filename, String title, long declaredLength) {
        synchronized (ws) {
            FileRec f = new FileRec();
            f.id = ws.nextId("F0SIM");
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
    }

    FileRec file(String id) {
        synchronized (ws) {
            FileRec f = id == null ? null : files.get(id.trim());
            if (f == null) {
                throw new SimException("file_not_found", "no file " + id);
            }
            return f;
        }
    }

    /** The files of these ids that exist, in order. */
    List<FileRec> existing(List<String> ids) {
        synchronized (ws) {
            List<FileRec> out = new ArrayList<>();
            for (String id : ids) {
                FileRec f = files.get(id);
                if (f != null) {
                    out.add(f);
                }
            }
            return out;
        }
    }

    void retitle(FileRec f, String title) {
        synchronized (ws) {
            f.title = title;
        }
    }

    void storeContent(String fileId, byte[] content) {
        synchronized (ws) {
            file(fileId).content = content;
        }
    }

    /** Marks files complete and, when a channel is given, shares them in a bot message. */
    Workspace.Msg completeFiles(List<FileRec> fs, SimChannel channel, String threadTs, String comment,
                                ArrayNode blocks, SimUser author) {
        synchronized (ws) {
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
            Workspace.Msg m = ws.post(channel.id(), author, comment == null ? "" : comment, blocks, null, threadTs,
                    false, null, ids);
            for (FileRec f : fs) {
                f.channels.add(channel.id());
                f.sharedTs = m.ts;
            }
            return m;
        }
    }

    ObjectNode fileJson(FileRec f, String baseUrl) {
        synchronized (ws) {
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
                putShares(o.putObject("shares").putObject("public"), f);
            }
            o.put("comments_count", 0);
            return o;
        }
    }

    /** One public share per channel the file was shared in. */
    private void putShares(ObjectNode pub, FileRec f) {
        for (String c : f.channels) {
            ObjectNode s = pub.putArray(c).addObject();
            s.put("ts", f.sharedTs);
            s.put("channel_name", ws.channelById(c).name());
            s.put("team_id", options.teamId());
            s.put("share_user_id", f.userId);
        }
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
}
