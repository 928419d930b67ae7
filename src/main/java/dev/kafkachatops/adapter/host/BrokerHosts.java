package dev.kafkachatops.adapter.host;

import dev.kafkachatops.config.HostConfig;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.port.BrokerHost;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeSet;

/**
 * Makes the {@link BrokerHost} of a broker from the cluster's {@code hosts} config: {@link LocalShellHost} for
 * driver {@code local}, {@link SshHost} for driver {@code ssh} (all SSH hosts share one client). A host is
 * made once per cluster and broker and kept, so its SSH session is reused; it belongs to this factory, which
 * closes them all.
 */
public final class BrokerHosts implements AutoCloseable {
    private final Clock clock;
    private final Map<String, BrokerHost> hosts = new ConcurrentHashMap<>();
    private SshConnector ssh;

    public BrokerHosts(Clock clock) {
        this.clock = clock;
    }

    /** @throws IllegalArgumentException when the cluster's config names no host for that broker */
    public BrokerHost forBroker(BotConfig.Cluster cluster, int brokerId) {
        HostConfig host = cluster.hosts().get(brokerId);
        if (host == null) {
            throw new IllegalArgumentException("cluster " + cluster.name() + " has no host for broker " + brokerId
                    + " under hosts.brokers in the bot's config"
                    + (cluster.hosts().isEmpty() ? "" : " (configured: " + new TreeSet<>(cluster.hosts().keySet()) + ")"));
        }
        return hosts.computeIfAbsent(cluster.name() + "/" + brokerId + "/" + host, k -> create(host));
    }

    private BrokerHost create(HostConfig host) {
        return switch (host.driver()) {
            case LOCAL -> new LocalShellHost(host, clock);
            case SSH -> new SshHost(host, clock, connector());
        };
    }

    private synchronized SshConnector connector() {
        if (ssh == null) ssh = new SshConnector();
        return ssh;
    }

    @Override
    public synchronized void close() {
        hosts.values().forEach(BrokerHost::close);
        hosts.clear();
        if (ssh != null) {
            ssh.close();
            ssh = null;
        }
    }
}
