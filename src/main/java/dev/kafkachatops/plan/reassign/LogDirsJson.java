package dev.kafkachatops.plan.reassign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkachatops.domain.TopicPartitionRef;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The output of {@code kafka-log-dirs.sh --describe} as Kafka prints it: two header lines ("Querying brokers for
 * log directories information", "Received log directory information from brokers 1,2,3"), then
 * {@code {"version":1,"brokers":[{"broker":1,"logDirs":[{"logDir":"/data","error":null,"partitions":[
 * {"partition":"orders-0","size":1234,"offsetLag":0,"isFuture":false}]}]}]}}. A replica's size is per broker; a
 * partition's size is its largest replica. Future replicas (a move in progress) are not counted.
 *
 * @param sizes   per partition, the size of its largest replica
 * @param brokers every broker that answered
 */
public record LogDirsJson(Map<TopicPartitionRef, Long> sizes, Set<Integer> brokers) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public LogDirsJson {
        sizes = Collections.unmodifiableMap(new TreeMap<>(sizes));
        brokers = Collections.unmodifiableSet(new TreeSet<>(brokers));
    }

    /** @throws IllegalArgumentException with a message that names the bad entry and what was expected */
    public static LogDirsJson parse(String text) {
        String json = text.lines().map(String::strip).filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected the output of kafka-log-dirs.sh --describe "
                        + "(a JSON line like {\"version\":1,\"brokers\":[...]})"));
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode brokers = root.get("brokers");
        if (brokers == null || !brokers.isArray()) throw new IllegalArgumentException("expected a \"brokers\" array");
        Map<TopicPartitionRef, Long> sizes = new TreeMap<>();
        Set<Integer> ids = new TreeSet<>();
        for (int i = 0; i < brokers.size(); i++) {
            JsonNode b = brokers.get(i);
            JsonNode id = b.get("broker");
            if (id == null || !id.canConvertToInt() || !id.isIntegralNumber() || id.asInt() < 0) {
                throw new IllegalArgumentException("brokers[" + i + "]: \"broker\" must be a broker id");
            }
            ids.add(id.asInt());
            JsonNode dirs = b.get("logDirs");
            if (dirs == null || !dirs.isArray()) {
                throw new IllegalArgumentException("brokers[" + i + "]: expected a \"logDirs\" array");
            }
            for (int d = 0; d < dirs.size(); d++) replicas(dirs.get(d), "brokers[" + i + "].logDirs[" + d + "]", sizes);
        }
        return new LogDirsJson(sizes, ids);
    }

    private static void replicas(JsonNode dir, String where, Map<TopicPartitionRef, Long> sizes) {
        JsonNode parts = dir.get("partitions");
        if (parts == null || !parts.isArray()) {
            throw new IllegalArgumentException(where + ": expected a \"partitions\" array");
        }
        for (int k = 0; k < parts.size(); k++) {
            JsonNode p = parts.get(k);
            String at = where + ".partitions[" + k + "]";
            JsonNode name = p.get("partition");
            JsonNode size = p.get("size");
            if (name == null || !name.isTextual() || !name.asText().matches(".+-\\d{1,9}")) {
                throw new IllegalArgumentException(at + ": \"partition\" must look like orders-0");
            }
            if (size == null || !size.isIntegralNumber() || size.asLong() < 0) {
                throw new IllegalArgumentException(at + ": \"size\" must be a number of bytes >= 0");
            }
            if (p.path("isFuture").asBoolean(false)) continue;
            String n = name.asText();
            int dash = n.lastIndexOf('-');
            TopicPartitionRef tp = new TopicPartitionRef(n.substring(0, dash), Integer.parseInt(n.substring(dash + 1)));
            sizes.merge(tp, size.asLong(), Math::max);
        }
    }
}
