package dev.kafkachatops.adapter.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/** Creates Admin clients with timeouts suited to an interactive bot (a dead cluster answers in seconds). */
public final class AdminClients {
    static final Duration METADATA_MAX_AGE = Duration.ofSeconds(5);

    private AdminClients() {
    }

    /**
     * {@code describeCluster} including fenced brokers (KIP-1073, Kafka 4.0+ brokers), falling back to the plain
     * call on older brokers, which reject the flag. The result's node list has already arrived.
     */
    public static DescribeClusterResult describeCluster(Admin admin, int timeoutMs)
            throws InterruptedException, ExecutionException {
        var withFenced = admin.describeCluster(new DescribeClusterOptions()
                .timeoutMs(timeoutMs).includeFencedBrokers(true));
        try {
            withFenced.nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
            return withFenced;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnsupportedVersionException)) throw e;
        } catch (TimeoutException e) {
            throw new ExecutionException(
                    new org.apache.kafka.common.errors.TimeoutException(e.getMessage()));
        }
        return admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
    }

    /**
     * An Admin client for the bot. Its metadata is refreshed every {@link #METADATA_MAX_AGE} (Kafka's default is 5
     * minutes) so that a controller that moved is found quickly: in ZooKeeper mode requests only the controller
     * answers (e.g. electLeaders) go to the controller the client last saw. {@code clientProperties} override all.
     *
     * @throws IllegalArgumentException when the client cannot be made (no bootstrap server resolves, a bad client
     *                                  property), in one line that names the servers
     */
    public static Admin create(String bootstrapServers, Map<String, String> clientProperties, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-chatops");
        props.put(AdminClientConfig.METADATA_MAX_AGE_CONFIG, (int) METADATA_MAX_AGE.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        props.putAll(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try {
            return Admin.create(props);
        } catch (KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            throw new IllegalArgumentException("cannot create a Kafka client for " + bootstrapServers + ": "
                    + String.valueOf(root.getMessage()).replaceAll("\\s+", " ").strip(), e);
        }
    }
}
