package dev.kafkachatops.plan.reassign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kafkachatops.command.Values;
import dev.kafkachatops.domain.TopicPartitionRef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The JSON of {@code kafka-reassign-partitions.sh}: {@code {"version":1,"partitions":[{"topic":"orders",
 * "partition":0,"replicas":[1,2,3],"log_dirs":["any","any","any"]}]}}. It is the {@code --execute} input and also
 * what {@code --generate} prints as "Current partition replica assignment". {@code log_dirs} is optional; when
 * present it has one entry per replica, and {@code "any"} lets the broker choose.
 */
public final class ReassignmentJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CURRENT_HEADER = "Current partition replica assignment";

    private ReassignmentJson() {
    }

    /** The target assignment of the moved partitions: the file for {@code --execute}. */
    public static String toMoveJson(ReassignmentPlan plan) {
        return toMoveJson(plan.moves());
    }

    /** The target assignment of the given moves (of any number of topics); no moves give an empty list. */
    public static String toMoveJson(List<PartitionMove> moves) {
        return format(moves.stream().map(m -> new PartitionReplicas(m.tp(), m.to())).toList());
    }

    /** The current assignment of the moved partitions: executing it undoes the plan. */
    public static String rollbackJson(ReassignmentPlan plan) {
        return rollbackJson(plan.moves());
    }

    /** The current assignment of the given moves: executing it undoes them. */
    public static String rollbackJson(List<PartitionMove> moves) {
        return format(moves.stream().map(m -> new PartitionReplicas(m.tp(), m.from())).toList());
    }

    /** One line, in the tool's field order, with {@code "any"} log dirs. */
    public static String format(List<PartitionReplicas> assignment) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", 1);
        ArrayNode parts = root.putArray("partitions");
        for (PartitionReplicas p : assignment) {
            ObjectNode o = parts.addObject();
            o.put("topic", p.tp().topic());
            o.put("partition", p.tp().partition());
            ArrayNode replicas = o.putArray("replicas");
            p.replicas().forEach(replicas::add);
            ArrayNode dirs = o.putArray("log_dirs");
            p.replicas().forEach(r -> dirs.add("any"));
        }
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a reassignment JSON, or the output of {@code --generate} (the JSON after "Current partition replica
     * assignment" is taken).
     *
     * @throws IllegalArgumentException with a message that names the bad entry and what was expected
     */
    public static List<PartitionReplicas> parseAssignment(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(extract(text));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object like {\"version\":1,\"partitions\":[...]}");
        }
        JsonNode version = root.get("version");
        if (version != null && !(version.isIntegralNumber() && version.asInt() == 1)) {
            throw new IllegalArgumentException("unsupported version " + version + " (only version 1 exists)");
        }
        JsonNode parts = root.get("partitions");
        if (parts == null || !parts.isArray()) {
            throw new IllegalArgumentException("expected a \"partitions\" array");
        }
        if (parts.isEmpty()) throw new IllegalArgumentException("the \"partitions\" array is empty");
        List<PartitionReplicas> out = new ArrayList<>();
        Set<TopicPartitionRef> seen = new HashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            PartitionReplicas p = entry(parts.get(i), "partitions[" + i + "]");
            if (!seen.add(p.tp())) throw new IllegalArgumentException("partition " + p.tp() + " is listed twice");
            out.add(p);
        }
        return List.copyOf(out);
    }

    private static PartitionReplicas entry(JsonNode e, String where) {
        if (!e.isObject()) throw new IllegalArgumentException(where + ": expected an object");
        JsonNode topic = e.get("topic");
        if (topic == null || !topic.isTextual()) throw new IllegalArgumentException(where + ": missing \"topic\"");
        try {
            Values.topic(topic.asText());
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(where + ": " + ex.getMessage());
        }
        JsonNode partition = e.get("partition");
        if (partition == null || !partition.isIntegralNumber() || !partition.canConvertToInt() || partition.asInt() < 0) {
            throw new IllegalArgumentException(where + ": \"partition\" must be a number >= 0");
        }
        TopicPartitionRef tp = new TopicPartitionRef(topic.asText(), partition.asInt());
        JsonNode replicas = e.get("replicas");
        if (replicas == null || !replicas.isArray() || replicas.isEmpty()) {
            throw new IllegalArgumentException(where + " (" + tp + "): \"replicas\" must be a non-empty array");
        }
        List<Integer> ids = new ArrayList<>();
        for (JsonNode r : replicas) {
            if (!r.isIntegralNumber() || !r.canConvertToInt() || r.asInt() < 0) {
                throw new IllegalArgumentException(where + " (" + tp + "): replica " + r + " is not a broker id");
            }
            if (ids.contains(r.asInt())) {
                throw new IllegalArgumentException(where + " (" + tp + "): broker " + r.asInt() + " is listed twice");
            }
            ids.add(r.asInt());
        }
        JsonNode dirs = e.get("log_dirs");
        if (dirs != null) {
            if (!dirs.isArray() || dirs.size() != ids.size()) {
                throw new IllegalArgumentException(where + " (" + tp + "): \"log_dirs\" must have one entry per "
                        + "replica (" + ids.size() + ")");
            }
            for (JsonNode d : dirs) {
                if (!d.isTextual()) throw new IllegalArgumentException(where + " (" + tp + "): log dirs are strings");
            }
        }
        return new PartitionReplicas(tp, ids);
    }

    private static String extract(String text) {
        String t = text.strip();
        if (t.startsWith("{")) return t;
        List<String> lines = t.lines().map(String::strip).toList();
        int header = lines.indexOf(CURRENT_HEADER);
        for (int i = Math.max(0, header); i < lines.size(); i++) {
            if (lines.get(i).startsWith("{")) return lines.get(i);
        }
        throw new IllegalArgumentException("expected reassignment JSON like {\"version\":1,\"partitions\":[...]}");
    }
}
