package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Response URLs handed out with slash commands and block actions, and what a POST to one (or a slash command
 * ack body) does to the channel. Every method holds the owning {@link Workspace}'s lock.
 */
final class ResponseUrls {
    static final int RESPONSE_URL_MAX_USES = 5;
    static final Duration RESPONSE_URL_TTL = Duration.ofMinutes(30);

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

    private final Workspace ws;
    private final Map<String, ResponseUrl> responseUrls = new HashMap<>();

    ResponseUrls(Workspace ws) {
        this.ws = ws;
    }

    ResponseUrl newResponseUrl(String kind, String userId, String channelId, String originalTs,
                               boolean originalEphemeral) {
        synchronized (ws) {
            ResponseUrl r = new ResponseUrl();
            r.id = ws.nextId("R") + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
            r.kind = kind;
            r.userId = userId;
            r.channelId = channelId;
            r.originalTs = originalTs;
            r.originalEphemeral = originalEphemeral;
            r.created = Instant.now();
            responseUrls.put(r.id, r);
            return r;
        }
    }

    /**
     * Applies a response_url (or slash command ack) body: posts, replaces or deletes a message.
     * Returns a short description of what happened.
     */
    String applyResponse(String responseUrlId, JsonNode body, boolean fromAck) {
        synchronized (ws) {
            ResponseUrl r = use(responseUrlId, fromAck);
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
                if (r.originalTs == null || ws.find(r.channelId, r.originalTs) == null) {
                    throw new SimException("message_not_found", "the original message is gone");
                }
                ws.delete(r.channelId, r.originalTs, true);
                r.originalTs = null;
                return "deleted";
            }
            if ((text == null || text.isEmpty()) && blocks == null && attachments == null) {
                throw new SimException("no_text", "a response needs text, blocks or attachments");
            }
            if (replaceOriginal && r.originalTs != null && ws.find(r.channelId, r.originalTs) != null) {
                ws.update(r.channelId, r.originalTs, text, blocks, attachments, true, false);
                return "replaced";
            }
            boolean inChannel = "in_channel".equals(responseType);
            Workspace.Msg m = ws.post(r.channelId, ws.users().bot(), text, blocks, attachments, threadTs, false,
                    inChannel ? null : r.userId, null);
            if (r.originalTs == null || "command".equals(r.kind)) {
                r.originalTs = m.ts;
                r.originalEphemeral = m.ephemeral;
            }
            return inChannel ? "posted" : "posted_ephemeral";
        }
    }

    /** The response URL, counting a use unless it is a slash command's ack; {@code invalid_url}/{@code expired_url}. */
    private ResponseUrl use(String responseUrlId, boolean fromAck) {
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
        return r;
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
