package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Web API files.* methods: the one-step upload, the two-step external upload and files.info. */
record FileMethods(SlackSimulator sim, Workspace ws, SimOptions o) {
    ObjectNode filesUpload(WebApiCall c) {
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
                    channels.add(ws.members().writable(ws.channel(ref)));
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

    ObjectNode getUploadUrl(WebApiCall c) {
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

    ObjectNode completeUpload(WebApiCall c) {
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
            ch = ws.members().writable(ws.channel(c.get("channel_id")));
        } else if (c.get("channels") != null) {
            ch = ws.members().writable(ws.channel(c.get("channels").split(",")[0]));
        }
        ArrayNode blocks = c.blocks();
        ws.files().completeFiles(fs, ch, c.get("thread_ts"), c.p().get("initial_comment"), blocks, ws.users().bot());
        ObjectNode r = Json.ok();
        ArrayNode out = r.putArray("files");
        for (FileStore.FileRec f : fs) {
            out.add(ws.files().fileJson(f, sim.baseUrl()));
        }
        return r;
    }

    ObjectNode filesInfo(WebApiCall c) {
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
