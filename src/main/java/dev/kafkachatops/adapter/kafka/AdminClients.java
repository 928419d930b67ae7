package dev.kafkachatops.adapter.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Creates Admin clients with timeouts suited to an interactive bot (a dead cluster answers in seconds). */
public final class AdminClients {
    private AdminClients() {
    }

    public static Admin create(String bootstrapServers, Map<String, String> clientProperties, Duration timeout) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-chatops");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2000);
        props.putAll(clientProperties);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(props);
    }
}
