package dev.kafkachatops.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.kafkachatops.domain.TopicPartitionRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import com.fasterxml.jackson.databind.DeserializationContext;
import dev.kafkachatops.domain.ops.Operation;

/**
 * Stored plans as JSON (records, Optionals, Durations, partition keys as {@code topic-N}) and their SHA-256 hash,
 * which binds an approval to the exact plan: a stored plan whose text no longer matches its hash is not run.
 */
public final class PlanCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addKeyDeserializer(TopicPartitionRef.class, new KeyDeserializer() {
                @Override
                public Object deserializeKey(String key, DeserializationContext c) {
                    int dash = key.lastIndexOf('-');
                    return new TopicPartitionRef(key.substring(0, dash), Integer.parseInt(key.substring(dash + 1)));
                }
            }))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private PlanCodec() {
    }

    public static String write(Object plan) {
        try {
            return JSON.writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot store plan: " + e.getOriginalMessage(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored plan does not parse: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * An operation's stored plan, read only when its text still matches the hash the approvals were given for. A plan
     * is parsed once per process (plans are immutable records; the views, the start check and the run all read it):
     * the last {@value #CACHED} plans are kept by their verified hash.
     */
    public static <T> T readVerified(Operation op, Class<T> type) {
        String h = hash(op.planJson());
        if (!h.equals(op.planHash())) {
            throw new IllegalStateException("the stored plan of " + op.id() + " does not match its hash");
        }
        String key = h + "|" + type.getName();
        synchronized (DECODED) {
            Object cached = DECODED.get(key);
            if (cached != null) return type.cast(cached);
        }
        T plan = read(op.planJson(), type);
        synchronized (DECODED) {
            DECODED.put(key, plan);
        }
        return plan;
    }

    private static final int CACHED = 64;
    private static final Map<String, Object> DECODED = new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            return size() > CACHED;
        }
    };

    public static String hash(String json) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
