package dev.kafkachatops.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A read cursor over a parsed YAML tree that knows its own key path and records problems instead of throwing,
 * so a single start reports every mistake in the file with its precise key.
 */
final class YamlNode {
    private final JsonNode node;
    private final String path;
    private final Problems problems;

    YamlNode(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** Collected problems, each prefixed with the file name. */
    static final class Problems {
        private final String file;
        private final List<String> list = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        void add(String path, String message) {
            String line = file + ": " + (path.isEmpty() ? "" : path + ": ") + message;
            if (!list.contains(line)) list.add(line); // a default's problem shows once, not once per broker
        }

        List<String> list() {
            return list;
        }
    }

    String path() {
        return path;
    }

    boolean isMissing() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    void problem(String message) {
        problems.add(path, message);
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    YamlNode get(String key) {
        JsonNode n = node == null || !node.isObject() ? null : node.get(key);
        return new YamlNode(n, child(key), problems);
    }

    /** Reports keys this section does not define (catches typos such as {@code bootstrapServer}). */
    void allowOnly(Set<String> keys) {
        if (node == null || !node.isObject()) return;
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!keys.contains(k)) {
                problems.add(child(k), "unknown key (expected one of: " + String.join(", ",
                        keys.stream().sorted().toList()) + ")");
            }
        }
    }

    boolean expectObject() {
        if (isMissing()) return false;
        if (!node.isObject()) {
            problem("must be a mapping of keys to values");
            return false;
        }
        return true;
    }

    Optional<String> string() {
        if (isMissing()) return Optional.empty();
        if (!node.isValueNode()) {
            problem("must be a single value, not a " + (node.isArray() ? "list" : "mapping"));
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    String requiredString() {
        Optional<String> s = string();
        if (s.isEmpty() && isMissing()) problem("is required");
        return s.orElse(null);
    }

    <T> Optional<T> parsed(Function<String, T> parser) {
        Optional<String> s = string();
        if (s.isEmpty()) return Optional.empty();
        try {
            return Optional.of(parser.apply(s.get()));
        } catch (RuntimeException e) {
            problem(e.getMessage() == null ? "invalid value `" + s.get() + "`" : e.getMessage());
            return Optional.empty();
        }
    }

    Optional<Integer> integer(int min, int max) {
        return parsed(s -> {
            int v;
            try {
                v = Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number, got `" + s + "`");
            }
            if (v < min || v > max) throw new IllegalArgumentException("must be between " + min + " and " + max
                    + ", got " + v);
            return v;
        });
    }

    Optional<Boolean> bool() {
        return parsed(s -> switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false, got `" + s + "`");
        });
    }

    List<YamlNode> list() {
        if (isMissing()) return List.of();
        if (!node.isArray()) {
            problem("must be a list");
            return List.of();
        }
        List<YamlNode> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) out.add(new YamlNode(node.get(i), path + "[" + i + "]", problems));
        return out;
    }

    List<String> stringList() {
        if (!isMissing() && node.isValueNode()) {
            // allow "a, b" as a shorthand for [a, b]
            return List.of(node.asText().split("\\s*,\\s*"));
        }
        return list().stream().map(YamlNode::string).flatMap(Optional::stream).toList();
    }

    /** Entries of a mapping, in file order. */
    List<Map.Entry<String, YamlNode>> entries() {
        if (!expectObject()) return List.of();
        List<Map.Entry<String, YamlNode>> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> out.add(Map.entry(k, get(k))));
        return out;
    }
}
