package dev.kafkachatops.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Shared Jackson mapper and small helpers. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    static ObjectNode obj() {
        return MAPPER.createObjectNode();
    }

    static ObjectNode ok() {
        return obj().put("ok", true);
    }

    static ObjectNode error(String error) {
        return obj().put("ok", false).put("error", error);
    }

    static JsonNode parse(String s) {
        try {
            return MAPPER.readTree(s);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String write(JsonNode n) {
        try {
            return MAPPER.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
