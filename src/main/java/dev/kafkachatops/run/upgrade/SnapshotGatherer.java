package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.domain.BrokerState;
import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.domain.QuorumState;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.UpgradeSnapshot;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.BrokerInstall;
import dev.kafkachatops.port.ClusterReader;
import dev.kafkachatops.port.HostException;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.UpgradeAdmin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Gathers what the upgrade planner needs, the guide's way: the cluster's own view (mode, nodes and their roles,
 * the active controller, the finalized {@code metadata.version}, partition health, topic settings) and each
 * host's installation (the version the {@code kafka} link points at, confirmed by the {@code libs/kafka_*.jar}
 * names, and the versions installed beside it; in ZooKeeper mode the protocol pins in the config file).
 */
public final class SnapshotGatherer {
    /** A node as gathered, with what its host said (for {@code status} and for the plan's problems). */
    public record Gathered(UpgradeSnapshot snapshot, Map<Integer, NodeRole> roles, Map<Integer, String> versions,
                           List<String> hostProblems) {
    }

    private final ClusterReader reader;
    private final UpgradeAdmin admin;
    private final IntFunction<Optional<BrokerHost>> hosts;
    private final Optional<String> installSource;

    public SnapshotGatherer(ClusterReader reader, UpgradeAdmin admin, IntFunction<Optional<BrokerHost>> hosts) {
        this(reader, admin, hosts, Optional.empty());
    }

    /** {@code installSource}: the mirror a missing release is installed from (plans get INSTALL steps). */
    public SnapshotGatherer(ClusterReader reader, UpgradeAdmin admin, IntFunction<Optional<BrokerHost>> hosts,
                            Optional<String> installSource) {
        this.reader = reader;
        this.admin = admin;
        this.hosts = hosts;
        this.installSource = installSource;
    }

    public Gathered gather(String cluster) throws ClusterReader.ClusterUnavailableException,
            ReassignmentAdmin.AdminException {
        ClusterStatus s = reader.status();
        Map<Integer, NodeRole> roles = roles(s);
        var b = UpgradeSnapshot.builder(cluster, s.mode());
        s.activeController().ifPresent(b::activeController);
        installSource.ifPresent(b::installSource);
        if (s.mode() == ClusterMode.KRAFT) {
            int level = admin.finalizedLevel("metadata.version");
            if (level >= 0) b.metadataLevel(level);
        }
        b.underReplicated(s.underReplicated().size()).offline(s.offline().size());
        for (UpgradeAdmin.TopicSettings t : admin.topicSettings()) {
            if (t.name().startsWith("__")) continue; // internal topics follow the brokers' own defaults
            b.topic(t.name(), t.replicationFactor(), t.minInsyncReplicas(), t.uncleanLeaderElection());
        }
        Map<Integer, String> versions = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (var e : roles.entrySet()) {
            int id = e.getKey();
            boolean alive = alive(s, id, e.getValue());
            String hostName = s.brokers().stream().filter(x -> x.id() == id).findFirst().flatMap(BrokerState::host)
                    .orElse("node-" + id);
            Optional<KafkaVersion> version = Optional.empty();
            Set<KafkaVersion> installed = new TreeSet<>();
            Optional<String> ibp = Optional.empty();
            Optional<String> lmf = Optional.empty();
            Optional<BrokerHost> host = hosts.apply(id);
            if (host.isEmpty()) {
                problems.add("node " + id + ": no host configured (hosts.brokers." + id + ")");
            } else {
                try {
                    BrokerInstall install = host.get().detectInstall();
                    hostName = host.get().host();
                    version = install.version().flatMap(KafkaVersion::tryParse);
                    install.installedVersions().forEach(v -> KafkaVersion.tryParse(v).ifPresent(installed::add));
                    install.problems().forEach(p -> problems.add("node " + id + " (" + install.host() + "): " + p));
                    if (s.mode() == ClusterMode.ZOOKEEPER && version.isPresent()) {
                        Map<String, String> props = host.get().readConfig(version.get().toString());
                        ibp = Optional.ofNullable(props.get(UpgradeSnapshot.IBP));
                        lmf = Optional.ofNullable(props.get(UpgradeSnapshot.LMF));
                    }
                } catch (HostException ex) {
                    problems.add(ex.getMessage());
                }
            }
            version.ifPresent(v -> versions.put(id, v.toString()));
            b.node(new UpgradeSnapshot.Node(id, e.getValue(), hostName, version, alive, new TreeSet<>(installed),
                    ibp, lmf));
        }
        return new Gathered(b.build(), roles, versions, problems);
    }

    static Map<Integer, NodeRole> roles(ClusterStatus s) {
        Set<Integer> voters = new TreeSet<>();
        s.quorum().ifPresent(q -> q.voters().forEach(v -> voters.add(v.id())));
        Set<Integer> brokers = new TreeSet<>();
        s.brokers().forEach(x -> brokers.add(x.id()));
        brokers.removeIf(id -> s.mode() == ClusterMode.KRAFT && voters.contains(id)
                && s.brokers().stream().noneMatch(x -> x.id() == id && x.host().isPresent()));
        Map<Integer, NodeRole> roles = new TreeMap<>();
        for (int id : brokers) roles.put(id, voters.contains(id) ? NodeRole.COMBINED : NodeRole.BROKER);
        for (int id : voters) roles.putIfAbsent(id, NodeRole.CONTROLLER);
        return roles;
    }

    private static boolean alive(ClusterStatus s, int id, NodeRole role) {
        if (role.isBroker()) return s.brokers().stream().anyMatch(x -> x.id() == id && x.alive());
        return s.quorum().map(q -> q.voters().stream().filter(v -> v.id() == id).anyMatch(SnapshotGatherer::recent))
                .orElse(false);
    }

    private static boolean recent(QuorumState.Replica v) {
        return v.lag() <= 1000;
    }
}
