package dev.kafkachatops.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The JSON shapes of {@code /api/sim/faults}: a fault carries the keys it was posted with (so it can be posted
 * again) and its state: {@code remaining} and {@code hits} for Web API faults, {@code secondsLeft},
 * {@code dropped} and {@code refused} for socket faults.
 */
final class FaultViews {
    private FaultViews() {
    }

    /** {@code {"ok":true,"faults":[...]}}, oldest first. */
    static ObjectNode list(List<SimFault> faults, Instant now) {
        ObjectNode r = Json.ok();
        ArrayNode a = r.putArray("faults");
        faults.forEach(f -> a.add(fault(f, now)));
        return r;
    }

    static ObjectNode fault(SimFault f, Instant now) {
        ObjectNode o = Json.obj().put("id", f.id());
        if (f instanceof ApiFault a) {
            api(o, a);
        } else if (f instanceof SocketFault s) {
            socket(o, s, now);
        }
        o.put("created", f.created().toString());
        return o;
    }

    private static void api(ObjectNode o, ApiFault a) {
        o.put("method", a.method());
        if (a.status() != 0 || a.answer().refuses()) {
            if (a.status() != 0) {
                o.put("status", a.status());
            }
            o.put("error", a.error());
        }
        putIfSet(o, "needed", a.answer().needed());
        putIfSet(o, "provided", a.answer().provided());
        putIfSet(o, "warning", a.answer().warning());
        if (a.retryAfter() != null) {
            o.put("retryAfter", a.retryAfter());
        }
        if (a.latencyMs() > 0) {
            o.put("latencyMs", a.latencyMs());
        }
        o.put("count", a.count());
        o.put("remaining", a.remaining());
        o.put("hits", a.hits());
    }

    private static void putIfSet(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static void socket(ObjectNode o, SocketFault s, Instant now) {
        o.put("socket", s.action().wire());
        if (s.action() == SocketFault.Action.REFUSE) {
            o.put("seconds", s.seconds());
            long leftMs = Math.max(0, Duration.between(now, s.until()).toMillis());
            o.put("secondsLeft", (leftMs + 999) / 1000);
            o.put("until", s.until().toString());
            o.put("refused", s.refused());
        }
        o.put("dropped", s.dropped());
    }
}
