package dev.kafkachatops.adapter.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

/** Turns Admin API failures into one line that says what happened and what to check. */
public final class KafkaErrors {
    /** Told of every failed Admin API call: cluster and the error's simple class name. */
    public interface Listener {
        void failed(String cluster, String error);
    }

    private static volatile Listener listener = (cluster, error) -> { };

    private KafkaErrors() {
    }

    /**
     * Where failed Admin API calls are counted (the bot's metrics). Process-wide, set once by the composition root
     * of the bot; the terminal commands leave it unset.
     */
    public static void listen(Listener l) {
        listener = l;
    }

    /** A failed Admin API call of {@code cluster}; a listener's failure is swallowed. */
    static void failed(String cluster, Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        try {
            listener.failed(cluster, cause.getClass().getSimpleName());
        } catch (RuntimeException ignored) {
            // a meter never disturbs the call it counts
        }
    }

    /**
     * {@code bootstrap} is named after the cluster ("Cannot reach cluster prod-eu at kafka1:9093") unless it is
     * blank or the cluster's name already is the bootstrap address (the command line's clusters).
     */
    public static String describe(String cluster, String bootstrap, Duration timeout, Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException) {
            String at = bootstrap == null || bootstrap.isBlank() || bootstrap.equals(cluster) ? "" : " at " + bootstrap;
            return "Cannot reach cluster " + cluster + at + ": no answer within " + timeout.toSeconds()
                    + " s. Check that the brokers are up and the bootstrap servers are right.";
        }
        if (cause instanceof AuthenticationException) {
            return "Cluster " + cluster + " refused the bot's credentials: " + oneLine(cause.getMessage())
                    + ". Check clientProperties (SASL/TLS).";
        }
        if (cause instanceof AuthorizationException) {
            return "Cluster " + cluster + " denied the request: " + oneLine(cause.getMessage())
                    + ". The bot's principal needs Describe/DescribeConfigs on the cluster and topics.";
        }
        return "Reading cluster " + cluster + " failed: " + cause.getClass().getSimpleName() + ": "
                + oneLine(cause.getMessage());
    }

    private static String oneLine(String s) {
        if (s == null) return "";
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
