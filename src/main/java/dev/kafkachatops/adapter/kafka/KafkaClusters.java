package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.MetadataVersions;
import dev.kafkachatops.port.ClusterReader;
import org.apache.kafka.clients.admin.Admin;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.LinkedHashMap;
import java.util.function.IntFunction;

/** One Admin client per configured cluster, created on first use and closed with the bot. */
public final class KafkaClusters implements AutoCloseable {
    private final Map<String, BotConfig.Cluster> clusters;
    private final Map<String, Admin> admins = new ConcurrentHashMap<>();
    private final Duration timeout;
    private final Clock clock;
    private final IntFunction<String> metadataLevels;

    public KafkaClusters(Iterable<BotConfig.Cluster> clusters, Duration timeout, Clock clock) {
        this(clusters, timeout, clock, MetadataVersions::describe);
    }

    /**
     * @param metadataLevels names a {@code metadata.version} level in status readings (see
     *                       {@link AdminClusterReader})
     */
    public KafkaClusters(Iterable<BotConfig.Cluster> clusters, Duration timeout, Clock clock,
                         IntFunction<String> metadataLevels) {
        var m = new LinkedHashMap<String, BotConfig.Cluster>();
        clusters.forEach(c -> m.put(c.name(), c));
        this.clusters = Map.copyOf(m);
        this.timeout = timeout;
        this.clock = clock;
        this.metadataLevels = metadataLevels;
    }

    public ClusterReader reader(String name) {
        return new AdminClusterReader(name, cluster(name).bootstrapServers(), admin(name), timeout, clock,
                metadataLevels);
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
