package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.domain.version.MetadataLevel;
import dev.kafkachatops.domain.version.ReleaseLine;
import dev.kafkachatops.domain.version.VersionCatalogue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Turns a snapshot and a target into the hops to plan, or refuses: the path starts at the oldest version running
 * (so an interrupted upgrade is continued, not restarted), no node may run something newer than the target, a
 * ZooKeeper cluster cannot reach a KRaft-only line (migration is not automated), and a KRaft cluster needs the
 * finalized metadata.version each line requires before its binaries move to it. When every node already runs the
 * target, the one hop is "target to target", which finishes what is left (pins, finalization) or is empty.
 */
final class UpgradeRoute {

    record Route(List<UpgradePath.Hop> hops, List<Finding> notes) {
        Route {
            hops = List.copyOf(hops);
            notes = List.copyOf(notes);
        }
    }

    private UpgradeRoute() {
    }

    static Route of(VersionCatalogue catalogue, UpgradeSnapshot s, KafkaVersion target) {
        List<KafkaVersion> running = s.runningVersions();
        if (running.isEmpty()) {
            throw new UpgradeRefused(UpgradeRefused.Reason.NO_VERSION_DETECTED, "no node's Kafka version could be "
                    + "detected on " + s.cluster() + ": check the kafka link and libs/kafka_*.jar on the hosts");
        }
        KafkaVersion newest = running.get(running.size() - 1);
        if (newest.isNewerThan(target)) {
            throw new UpgradeRefused(UpgradeRefused.Reason.DOWNGRADE, target + " is older than the running " + newest
                    + (running.size() > 1 ? " (on " + nodesOn(s, newest) + ")" : "")
                    + "; downgrades are not supported");
        }
        running.forEach(v -> UpgradePath.between(catalogue, v, target));
        UpgradePath path = UpgradePath.between(catalogue, running.get(0), target);
        List<UpgradePath.Hop> hops = path.isEmpty() ? List.of(new UpgradePath.Hop(target, target)) : path.hops();
        if (s.mode() == ClusterMode.ZOOKEEPER) checkZooKeeper(catalogue, s, hops, target);
        else checkMetadata(catalogue, s.finalizedMetadataLevel(), hops, target);
        return new Route(hops, mixed(s, running, hops));
    }

    private static void checkZooKeeper(VersionCatalogue c, UpgradeSnapshot s, List<UpgradePath.Hop> hops,
                                       KafkaVersion target) {
        for (UpgradePath.Hop hop : hops) {
            if (line(c, hop.to()).zookeeper()) continue;
            String first = hop.from().equals(s.runningVersions().get(0)) && s.runningVersions().size() == 1 ? ""
                    : "upgrade to " + hop.from() + " first (`upgrade " + hop.from() + "`), ";
            String removedIn = c.lines().stream().filter(l -> !l.zookeeper()).findFirst().orElseThrow().version()
                    .toString();
            throw new UpgradeRefused(UpgradeRefused.Reason.ZOOKEEPER_NOT_SUPPORTED, target + " runs on KRaft only "
                    + "(ZooKeeper was removed in " + removedIn + ") and " + s.cluster() + " runs on ZooKeeper. "
                    + "ZooKeeper to KRaft migration is not automated: " + first + "migrate the cluster to KRaft by "
                    + "hand following " + c.zookeeperMigrationGuide() + ", then plan " + target + " again.");
        }
    }

    private static void checkMetadata(VersionCatalogue c, OptionalInt finalized, List<UpgradePath.Hop> hops,
                                      KafkaVersion target) {
        if (finalized.isEmpty()) return; // a blocker finding says it is unknown
        int level = finalized.getAsInt();
        for (UpgradePath.Hop hop : hops) {
            ReleaseLine to = line(c, hop.to());
            if (to.requiresMetadataLevel().isPresent() && level < to.requiresMetadataLevel().getAsInt()) {
                int needed = to.requiresMetadataLevel().getAsInt();
                String raise = line(c, hop.from()).metadataVersion().map(MetadataLevel::toString)
                        .orElse(c.describeMetadataLevel(needed));
                throw new UpgradeRefused(UpgradeRefused.Reason.METADATA_TOO_OLD, "metadata.version is "
                        + c.describeMetadataLevel(level) + " but " + hop.to() + " needs at least "
                        + c.describeMetadataLevel(needed) + ". Finalize it first: `upgrade " + hop.from()
                        + "` raises it to " + raise + "; then plan " + target + " again.");
            }
            level = Math.max(level, to.metadataVersion().map(MetadataLevel::level).orElse(level));
        }
    }

    /** A note when versions differ and no hop target explains it (an interrupted hop is noted by the hop itself). */
    private static List<Finding> mixed(UpgradeSnapshot s, List<KafkaVersion> running, List<UpgradePath.Hop> hops) {
        if (running.size() < 2) return List.of();
        KafkaVersion newest = running.get(running.size() - 1);
        if (hops.stream().anyMatch(h -> h.to().equals(newest))) return List.of();
        String byVersion = running.stream().map(v -> v + " on " + nodesOn(s, v)).collect(Collectors.joining("; "));
        return List.of(new Finding(Finding.Reason.MIXED_VERSIONS, byVersion + ": every node is brought to "
                + hops.get(0).to() + " first"));
    }

    private static String nodesOn(UpgradeSnapshot s, KafkaVersion v) {
        List<Integer> ids = new ArrayList<>();
        s.nodes().stream().filter(n -> n.version().equals(Optional.of(v))).forEach(n -> ids.add(n.id()));
        return (ids.size() == 1 ? "node " : "nodes ") + RollOrder.ids(ids);
    }

    private static ReleaseLine line(VersionCatalogue c, KafkaVersion v) {
        return c.lineOf(v).orElseThrow(() -> new UpgradeRefused(UpgradeRefused.Reason.UNKNOWN_VERSION,
                v + " is not a known Kafka release (known: " + c.known() + ")"));
    }
}
