package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.port.ClusterReader;
import org.apache.kafka.clients.admin.Admin;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.LinkedHashMap;

/** One Admin client per configured cluster, created on first use and closed with the bot. */
public final class KafkaClusters implements AutoCloseable {
    private final Map<String, BotConfig.Cluster> clusters;
    private final Map<String, Admin> admins = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Clock clock;

    public KafkaClusters(Iterable<BotConfig.Cluster> clusters, Duration timeout, Clock clock) {
        var m = new LinkedHashMap<String, BotConfig.Cluster>();
        clusters.forEach(c -> m.put(c.name(), c));
        this.clusters = Map.copyOf(m);
        this.timeout = timeout;
        this.clock = clock;
    }

    public ClusterReader reader(String name) {
        return new AdminClusterReader(name, cluster(name).bootstrapServers(), admin(name), timeout, clock);
    }

    public AdminAssignmentSource assignments(String name) {
        return new AdminAssignmentSource(name, admin(name), timeout);
    }

    public AdminReassignment reassignment(String name) {
        return new AdminReassignment(name, admin(name), timeout);
    }

    public AdminUpgrade upgrade(String name) {
        return new AdminUpgrade(name, admin(name), timeout, clock);
    }

    private BotConfig.Cluster cluster(String name) {
        BotConfig.Cluster c = clusters.get(name);
        if (c == null) throw new IllegalArgumentException("unknown cluster " + name);
        return c;
    }

    private Admin admin(String name) {
        BotConfig.Cluster c = cluster(name);
        return admins.computeIfAbsent(name, n -> AdminClients.create(c.bootstrapServers(), c.clientProperties(),
                timeout));
    }

    @Override
    public void close() {
        admins.values().forEach(a -> a.close(Duration.ofSeconds(5)));
        admins.clear();
    }
}
