package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.domain.BrokerState;
import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.domain.JavaRuntime;
import dev.kafkachatops.domain.QuorumState;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.OldClients;
import dev.kafkachatops.plan.upgrade.UpgradeSnapshot;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.BrokerInstall;
import dev.kafkachatops.port.BrokerMetrics;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Gathers what the upgrade planner needs, the guide's way: the cluster's own view (mode, nodes and their roles,
 * the active controller, the finalized {@code metadata.version}, partition health, topic settings, each broker's
 * rack and every partition's replicas and in-sync replicas, which batched rolls are planned from) and each
 * host's installation (the version the {@code kafka} link points at, confirmed by the {@code libs/kafka_*.jar}
 * names, and the versions installed beside it; the Java that would run the broker; the config file, whose keys go
 * into the snapshot, its protocol pins too in ZooKeeper mode, and whose properties {@link Gathered#configs} keeps
 * for checks against the target release).
 */
public final class SnapshotGatherer {
    /** A node as gathered, with what its host said (for {@code status} and for the plan's problems). */
    public record Gathered(UpgradeSnapshot snapshot, Map<Integer, NodeRole> roles, Map<Integer, String> versions,
                           List<String> hostProblems, Map<Integer, Map<String, String>> configs,
                           Map<Integer, OldClients.Observation> clients) {

        public Gathered(UpgradeSnapshot snapshot, Map<Integer, NodeRole> roles, Map<Integer, String> versions,
                        List<String> hostProblems, Map<Integer, Map<String, String>> configs) {
            this(snapshot, roles, versions, hostProblems, configs, Map.of());
        }

        public Gathered(UpgradeSnapshot snapshot, Map<Integer, NodeRole> roles, Map<Integer, String> versions,
                        List<String> hostProblems) {
            this(snapshot, roles, versions, hostProblems, Map.of());
        }

        /** Never the properties themselves (they may hold secrets). */
        @Override
        public String toString() {
            return "Gathered[" + snapshot.cluster() + " " + versions + " problems=" + hostProblems + "]";
        }
    }

    private final ClusterReader reader;
    private final UpgradeAdmin admin;
    private final IntFunction<Optional<BrokerHost>> hosts;
    private final Optional<String> installSource;
    private final IntFunction<Optional<BrokerMetrics>> metrics;

    public SnapshotGatherer(ClusterReader reader, UpgradeAdmin admin, IntFunction<Optional<BrokerHost>> hosts) {
        this(reader, admin, hosts, Optional.empty());
    }

    /** {@code installSource}: the mirror a missing release is installed from (plans get INSTALL steps). */
    public SnapshotGatherer(ClusterReader reader, UpgradeAdmin admin, IntFunction<Optional<BrokerHost>> hosts,
                            Optional<String> installSource) {
        this(reader, admin, hosts, installSource, id -> Optional.empty());
    }

    /**
     * {@code metrics}: each broker's metrics (empty where none are configured), read for the requests of clients
     * that Kafka 4.x refuses ({@link OldClients}).
     */
    public SnapshotGatherer(ClusterReader reader, UpgradeAdmin admin, IntFunction<Optional<BrokerHost>> hosts,
                            Optional<String> installSource, IntFunction<Optional<BrokerMetrics>> metrics) {
        this.reader = reader;
        this.admin = admin;
        this.hosts = hosts;
        this.installSource = installSource;
        this.metrics = metrics;
    }

    /**
     * The cluster's view and every host's installation. The questions that do not depend on each other are asked at
     * once (the topic settings and the finalized level while the cluster status is read, then every host together):
     * the bot re-gathers right before a run starts, so this is time on the clock of every approved operation.
     */
    public Gathered gather(String cluster) throws ClusterReader.ClusterUnavailableException,
            ReassignmentAdmin.AdminException {
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gather-" + cluster);
            t.setDaemon(true);
            return t;
        });
        try {
            Future<List<UpgradeAdmin.TopicSettings>> topics = pool.submit(admin::topicSettings);
            Future<Integer> level = pool.submit(() -> admin.finalizedLevel("metadata.version"));
            Future<List<UpgradeAdmin.Placement>> placements = pool.submit(admin::placements);
            ClusterStatus s = reader.status();
            Map<Integer, NodeRole> roles = roles(s);
            Map<Integer, Future<HostView>> views = new TreeMap<>();
            for (var e : roles.entrySet()) views.put(e.getKey(), pool.submit(() -> hostView(e.getKey(), s.mode())));
            Map<Integer, Future<OldClients.Observation>> clients = new TreeMap<>();
            roles.forEach((id, role) -> {
                if (role.isBroker()) clients.put(id, pool.submit(() -> oldClients(id)));
            });
            var b = UpgradeSnapshot.builder(cluster, s.mode());
            s.activeController().ifPresent(b::activeController);
            installSource.ifPresent(b::installSource);
            if (s.mode() == ClusterMode.KRAFT) { // asked in any mode, used (and its failure counted) in KRaft only
                int l = await(level);
                if (l >= 0) b.metadataLevel(l);
            }
            b.underReplicated(s.underReplicated().size()).offline(s.offline().size());
            for (UpgradeAdmin.TopicSettings t : await(topics)) {
                if (t.name().startsWith("__")) continue; // internal topics follow the brokers' own defaults
                b.topic(t.name(), t.replicationFactor(), t.minInsyncReplicas(), t.uncleanLeaderElection());
            }
            s.brokers().forEach(x -> x.rack().ifPresent(r -> b.rack(x.id(), r)));
            for (UpgradeAdmin.Placement p : await(placements)) {
                b.partition(p.partition(), p.replicas(), p.isr().stream().filter(p.replicas()::contains).toList(),
                        Math.max(1, p.minIsr()));
            }
            Map<Integer, String> versions = new TreeMap<>();
            Map<Integer, Map<String, String>> configs = new TreeMap<>();
            List<String> problems = new ArrayList<>();
            for (var e : roles.entrySet()) {
                int id = e.getKey();
                HostView h = await(views.get(id));
                String hostName = h.hostName().orElseGet(() -> s.brokers().stream().filter(x -> x.id() == id)
                        .findFirst().flatMap(BrokerState::host).orElse("node-" + id));
                problems.addAll(h.problems());
                h.version().ifPresent(v -> versions.put(id, v.toString()));
                h.config().ifPresent(c -> configs.put(id, c));
                b.node(new UpgradeSnapshot.Node(id, e.getValue(), hostName, h.version(), alive(s, id, e.getValue()),
                        h.installed(), h.ibp(), h.lmf(), h.java(),
                        new TreeSet<>(h.config().map(Map::keySet).orElse(Set.of()))));
            }
            Map<Integer, OldClients.Observation> observed = new TreeMap<>();
            for (var e : clients.entrySet()) observed.put(e.getKey(), await(e.getValue()));
            return new Gathered(b.build(), roles, versions, problems, configs, observed);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What one node's host says: the installation, its Java, its config (and the protocol pins in it). */
    private record HostView(Optional<String> hostName, Optional<KafkaVersion> version, TreeSet<KafkaVersion> installed,
                            Optional<String> ibp, Optional<String> lmf, Optional<JavaRuntime> java,
                            Optional<Map<String, String>> config, List<String> problems) {
    }

    private HostView hostView(int id, ClusterMode mode) {
        Optional<BrokerHost> host = hosts.apply(id);
        TreeSet<KafkaVersion> installed = new TreeSet<>();
        if (host.isEmpty()) {
            return new HostView(Optional.empty(), Optional.empty(), installed, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), List.of("node " + id + ": no host configured (hosts.brokers."
                    + id + ")"));
        }
        List<String> problems = new ArrayList<>();
        Optional<KafkaVersion> version = Optional.empty();
        Optional<String> ibp = Optional.empty();
        Optional<String> lmf = Optional.empty();
        Optional<String> name = Optional.empty();
        Optional<JavaRuntime> java = Optional.empty();
        Optional<Map<String, String>> config = Optional.empty();
        try {
            java = Optional.of(host.get().java());
        } catch (HostException ex) {
            problems.add(ex.getMessage());
        }
        try {
            BrokerInstall install = host.get().detectInstall();
            name = Optional.of(host.get().host());
            version = install.version().flatMap(KafkaVersion::tryParse);
            install.installedVersions().forEach(v -> KafkaVersion.tryParse(v).ifPresent(installed::add));
            install.problems().forEach(p -> problems.add("node " + id + " (" + install.host() + "): " + p));
            if (version.isPresent()) {
                Map<String, String> props = host.get().readConfig(version.get().toString());
                config = Optional.of(props);
                if (mode == ClusterMode.ZOOKEEPER) {
                    ibp = Optional.ofNullable(props.get(UpgradeSnapshot.IBP));
                    lmf = Optional.ofNullable(props.get(UpgradeSnapshot.LMF));
                }
            }
        } catch (HostException ex) {
            problems.add(ex.getMessage());
        }
        return new HostView(name, version, installed, ibp, lmf, java, config, problems);
    }

    /** The broker's deprecated-request meters ({@link OldClients#METRIC_PATTERN}), bounded by the reader's timeout. */
    private OldClients.Observation oldClients(int id) {
        Optional<BrokerMetrics> m = metrics.apply(id);
        if (m.isEmpty()) return new OldClients.Observation.NotConfigured();
        try {
            return new OldClients.Observation.Seen(m.get().read(OldClients.METRIC_PATTERN, OldClients.ATTRIBUTES)
                    .stream().map(SnapshotGatherer::deprecated).toList());
        } catch (BrokerMetrics.Unavailable e) {
            return new OldClients.Observation.Unreadable(e.getMessage());
        }
    }

    private static OldClients.DeprecatedRequest deprecated(BrokerMetrics.Reading r) {
        return new OldClients.DeprecatedRequest(r.key("clientSoftwareName"), r.key("clientSoftwareVersion"),
                r.key("request"), r.key("version"), r.number("OneMinuteRate"), (long) r.number("Count"));
    }

    /** The result of a question asked on the pool, with the question's own exception. */
    private static <T> T await(Future<T> f) throws ReassignmentAdmin.AdminException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReassignmentAdmin.AdminException("interrupted while reading the cluster", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ReassignmentAdmin.AdminException a) throw a;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
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
