package dev.kafkachatops.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;

import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a {@code POST /api/sim/faults} body and adds the fault it describes. Strict: the body is one JSON object
 * with only the keys of its kind, numbers are whole numbers; anything else is a {@link SimException} (HTTP 400)
 * and nothing changes.
 *
 * <pre>
 * {"method":"chat.postMessage","status":429,"retryAfter":2,"count":5}   Web API: method, status, retryAfter,
 * {"method":"*","latencyMs":3000}                                         latencyMs, count
 * {"method":"files.getUploadURLExternal","error":"missing_scope"}         Slack's ok:false (HTTP 200): error,
 * {"method":"chat.postMessage","warning":"missing_charset"}               needed, provided; warning
 * {"socket":"drop"}                                                       Socket Mode: drop now
 * {"socket":"refuse","seconds":60}                                        Socket Mode: refuse for 60 s
 * </pre>
 */
final class FaultRequests {
    private static final List<String> API_KEYS = List.of("method", "status", "retryAfter", "latencyMs", "count",
            "error", "needed", "provided", "warning");
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final SimFaults faults;
    private final Set<String> webApiMethods;

    /**
     * @param webApiMethods the methods the simulator serves: a fault on another name would never apply
     */
    FaultRequests(SimFaults faults, Set<String> webApiMethods) {
        this.faults = faults;
        this.webApiMethods = Set.copyOf(webApiMethods);
    }

    /** Parses {@code body} and adds (or, for a drop, performs) the fault. */
    SimFault add(String body) {
        JsonNode o = parse(body);
        if (o.has("socket") && o.has("method")) {
            throw invalid("give either \"method\" (a Web API fault) or \"socket\", not both");
        } else if (o.has("socket")) {
            return socket(o);
        } else if (o.has("method")) {
            return api(o);
        }
        throw invalid("expected {\"method\":\"chat.postMessage\",\"status\":429,...} or {\"socket\":\"drop\"}");
    }

    private ApiFault api(JsonNode o) {
        onlyKeys(o, API_KEYS, "a Web API fault");
        String method = text(o, "method");
        if (!method.equals(ApiFault.EVERY_METHOD) && !webApiMethods.contains(method)) {
            throw invalid("unknown Web API method \"" + method + "\" (the simulator's methods, or \"*\")");
        }
        Long status = number(o, "status");
        Long latency = number(o, "latencyMs");
        var answer = new ApiFault.SlackAnswer(optText(o, "error"), optText(o, "needed"), optText(o, "provided"),
                optText(o, "warning"));
        return faults.addApiFault(method, status == null ? 0 : clampInt(status), intOrNull(number(o, "retryAfter")),
                latency == null ? 0 : latency, intOrNull(number(o, "count")), answer);
    }

    private SimFault socket(JsonNode o) {
        String action = text(o, "socket");
        switch (action) {
            case "drop" -> {
                onlyKeys(o, List.of("socket"), "a socket drop");
                return faults.dropSockets();
            }
            case "refuse" -> {
                onlyKeys(o, List.of("socket", "seconds"), "a socket refusal");
                Long seconds = number(o, "seconds");
                if (seconds == null) {
                    throw invalid("a socket refusal needs seconds, e.g. {\"socket\":\"refuse\",\"seconds\":60}");
                }
                return faults.refuseSockets(clampInt(seconds));
            }
            default -> throw invalid("unknown socket action \"" + action + "\" (expected drop or refuse)");
        }
    }

    private static JsonNode parse(String body) {
        if (body.isBlank()) {
            throw new SimException("invalid_json", "empty body: expected a JSON object");
        }
        JsonNode n;
        try {
            n = STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new SimException("invalid_json", "malformed JSON: " + e.getOriginalMessage().lines().findFirst()
                    .orElse("unreadable"));
        }
        if (n == null || !n.isObject()) {
            throw new SimException("invalid_json", "the body must be a JSON object");
        }
        return n;
    }

    private static void onlyKeys(JsonNode o, List<String> allowed, String what) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw invalid("unknown key \"" + key + "\" in " + what + " (allowed: " + String.join(", ", allowed)
                        + ")");
            }
        }
    }

    private static String text(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw invalid(key + " must be a non-empty string, got " + v);
        }
        return v.asText();
    }

    /** The non-empty string under {@code key}, or null when absent or null. */
    private static String optText(JsonNode o, String key) {
        JsonNode v = o.get(key);
        return v == null || v.isNull() ? null : text(o, key);
    }

    /** The whole number under {@code key}, or null when absent or null. */
    private static Long number(JsonNode o, String key) {
        JsonNode v = o.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid(key + " must be a whole number, got " + v);
        }
        return v.asLong();
    }

    /** Out-of-range values stay out of range, so that validation names them. */
    private static int clampInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private static Integer intOrNull(Long v) {
        return v == null ? null : clampInt(v);
    }

    private static SimException invalid(String detail) {
        return new SimException("invalid_fault", detail);
    }
}
