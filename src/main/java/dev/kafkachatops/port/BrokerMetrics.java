package dev.kafkachatops.port;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One broker's metrics (its JMX MBeans), read by name pattern: every MBean whose name matches, with the numeric
 * attributes asked for. Examples: {@code kafka.network:type=RequestMetrics,name=DeprecatedRequestsPerSec,*} (the
 * requests of clients a 4.x broker refuses) or {@code kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,*}
 * (traffic, per topic with the {@code topic} key). A read is bounded in time: a broker that does not answer is an
 * {@link Unavailable}, never a hang.
 */
public interface BrokerMetrics {

    /** Every MBean matching {@code pattern} (JMX object name syntax, {@code *} and {@code ?} allowed). */
    List<Reading> read(String pattern, List<String> attributes) throws Unavailable;

    /** Where the metrics are read, e.g. {@code kafka1:9999}, for messages. */
    String endpoint();

    /**
     * One MBean: its full name, its key properties ({@code request=Produce}, {@code version=2}, ...) and the
     * attributes asked for that it has and that are numbers.
     */
    record Reading(String name, Map<String, String> keys, Map<String, Number> values) {
        public Reading {
            Objects.requireNonNull(name, "name");
            keys = Map.copyOf(keys);
            values = Map.copyOf(values);
        }

        /** The key's value, or {@code "?"} when the name has no such key. */
        public String key(String key) {
            return keys.getOrDefault(key, "?");
        }

        public double number(String attribute) {
            Number n = values.get(attribute);
            return n == null ? 0 : n.doubleValue();
        }
    }

    /** The metrics cannot be read (connection refused, no answer in time, authentication); the message says why. */
    final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
