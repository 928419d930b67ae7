package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.config.ConfigException;
import dev.kafkachatops.config.VersionCatalogueLoader;
import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.JavaRuntime;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.domain.version.VersionCatalogue;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The shipped catalogue and the cluster shapes the planner tests share. */
public final class UpgradeFixtures {
    public static final VersionCatalogue CATALOGUE = load();

    private UpgradeFixtures() {
    }

    private static VersionCatalogue load() {
        try {
            return VersionCatalogueLoader.loadDefault();
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KafkaVersion v(String text) {
        return KafkaVersion.parse(text);
    }

    public static UpgradeSnapshot.Node node(int id, NodeRole role, String version, String... installed) {
        var n = UpgradeSnapshot.Node.of(id, role, "kafka" + id + ".example.com", v(version));
        var all = new java.util.TreeSet<KafkaVersion>();
        all.add(v(version));
        for (String i : installed) all.add(v(i));
        return n.withInstalled(all).withJava(Optional.of(JAVA_17));
    }

    /** The Java every fixture node runs unless a test says otherwise. */
    public static final JavaRuntime JAVA_17 = new JavaRuntime("/usr/lib/jvm/java-17/bin/java", "17.0.9", 17);

    /** ZooKeeper brokers 1..n on {@code version}, with {@code installed} beside it, controller {@code active}. */
    public static UpgradeSnapshot.Builder zookeeper(int brokers, String version, int active, String... installed) {
        var b = UpgradeSnapshot.builder("legacy", ClusterMode.ZOOKEEPER).activeController(active);
        for (int i = 1; i <= brokers; i++) b.node(node(i, NodeRole.BROKER, version, installed));
        return b;
    }

    /** KRaft: {@code combined} combined nodes 1..n, active controller {@code active}, metadata.version {@code level}. */
    public static UpgradeSnapshot.Builder combined(int combined, String version, int active, int level,
                                                   String... installed) {
        var b = UpgradeSnapshot.builder("sandbox", ClusterMode.KRAFT).activeController(active).metadataLevel(level);
        for (int i = 1; i <= combined; i++) b.node(node(i, NodeRole.COMBINED, version, installed));
        return b;
    }

    /** KRaft: controllers 1..c and brokers 101..(100+b). */
    public static UpgradeSnapshot.Builder split(int controllers, int brokers, String version, int active, int level,
                                                String... installed) {
        var b = UpgradeSnapshot.builder("prod", ClusterMode.KRAFT).activeController(active).metadataLevel(level);
        for (int i = 1; i <= controllers; i++) b.node(node(i, NodeRole.CONTROLLER, version, installed));
        for (int i = 1; i <= brokers; i++) b.node(node(100 + i, NodeRole.BROKER, version, installed));
        return b;
    }

    public static UpgradePlanner planner() {
        return new UpgradePlanner(CATALOGUE);
    }

    /** The node ids of the STOP steps of a phase, in order. */
    public static List<Integer> stops(Phase phase) {
        return phase.steps().stream().filter(s -> s.kind() == StepKind.STOP).map(s -> s.node().orElseThrow()).toList();
    }

    public static Set<Finding.Reason> reasons(UpgradePlan p) {
        return Set.copyOf(p.findings().stream().map(Finding::reason).toList());
    }
}
