package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.domain.version.ReleaseLine;
import dev.kafkachatops.domain.version.VersionCatalogue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Plans a rolling upgrade from a snapshot of the cluster. Pure: no I/O, same input same plan.
 * <ol>
 *   <li>Resolve the request ({@code 4.1} is the latest 4.1 patch) and refuse malformed or unknown versions.</li>
 *   <li>Route from the oldest version running: refuse downgrades, ZooKeeper to a KRaft-only line, and KRaft
 *       with a metadata.version too old for the target; a major step passes through the newest minor of the
 *       current major ({@link UpgradePath}).</li>
 *   <li>For each hop, with the nodes as the earlier hops leave them: a prepare phase (pre-flight check, installs
 *       from the mirror), then {@link ZooKeeperRoll} (pinned roll, then remove the pins and roll again) or
 *       {@link KraftRoll} (controllers with the active one last, brokers, then finalize metadata.version). Nodes
 *       already on a hop's target are skipped, so an interrupted upgrade continues where it stopped.</li>
 *   <li>Findings: blockers first, then data-loss warnings and notes ({@link UpgradeFindings}); each restarted
 *       node's Java against the target's floor, and the configs the copy step renames or drops
 *       ({@link PreflightFindings}); the release notes of every line entered ({@link ReleaseNotes}).</li>
 * </ol>
 * A cluster where every node runs the target with nothing left to finish gets an empty plan ("nothing to do").
 */
public final class UpgradePlanner {
    private final VersionCatalogue catalogue;
    private final UpgradeEstimates estimates;

    public UpgradePlanner(VersionCatalogue catalogue) {
        this(catalogue, UpgradeEstimates.DEFAULT);
    }

    public UpgradePlanner(VersionCatalogue catalogue, UpgradeEstimates estimates) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.estimates = Objects.requireNonNull(estimates, "estimates");
    }

    /** Plans {@code /kafka upgrade <request>}; throws {@link UpgradeRefused} with what to do instead. */
    public UpgradePlan plan(UpgradeSnapshot snapshot, String request) {
        return plan(snapshot, UpgradePath.resolve(catalogue, request));
    }

    public UpgradePlan plan(UpgradeSnapshot snapshot, KafkaVersion target) {
        return plan(snapshot, target, Batching.ONE);
    }

    /** With the brokers of every roll grouped in batches ({@link Batching}); controllers stay one at a time. */
    public UpgradePlan plan(UpgradeSnapshot snapshot, String request, Batching batching) {
        return plan(snapshot, UpgradePath.resolve(catalogue, request), batching);
    }

    public UpgradePlan plan(UpgradeSnapshot snapshot, KafkaVersion target, Batching batching) {
        UpgradeRoute.Route route = UpgradeRoute.of(catalogue, snapshot, target);
        List<HopPlan> hops = new ArrayList<>();
        List<Finding> findings = new ArrayList<>(route.notes());
        List<NodeState> nodes = snapshot.nodes().stream().map(NodeState::of).toList();
        OptionalInt level = snapshot.finalizedMetadataLevel();
        for (UpgradePath.Hop hop : route.hops()) {
            HopContext c = new HopContext(catalogue, hops.size() + 1, hop.from(), hop.to(), line(hop.from()), line(hop.to()),
                    nodes, snapshot.activeController(), estimates, snapshot.installSource(), hops.isEmpty(), batching,
                    snapshot.racks(), snapshot.partitions());
            HopResult built = snapshot.mode() == ClusterMode.ZOOKEEPER ? ZooKeeperRoll.build(c)
                    : KraftRoll.build(c, level);
            built.hop().ifPresent(h -> {
                hops.add(h);
                h.note().ifPresent(n -> findings.add(new Finding(Finding.Reason.INTERRUPTED_UPGRADE, n)));
            });
            findings.addAll(built.findings());
            if (snapshot.mode() == ClusterMode.KRAFT) level = KraftRoll.levelAfter(c, level);
            nodes = nodes.stream().map(n -> n.after(hop.to())).toList();
        }
        if (hops.isEmpty()) {
            return new UpgradePlan(snapshot.cluster(), snapshot.mode(), snapshot.runningVersions(), target, List.of(),
                    List.of(), Duration.ZERO, List.of());
        }
        findings.addAll(UpgradeFindings.of(catalogue, snapshot, hops));
        findings.addAll(PreflightFindings.of(catalogue, snapshot, hops));
        Duration estimated = hops.stream().flatMap(h -> h.phases().stream()).map(Phase::estimate)
                .reduce(Duration.ZERO, Duration::plus);
        return new UpgradePlan(snapshot.cluster(), snapshot.mode(), snapshot.runningVersions(), target, hops,
                findings, estimated, ReleaseNotes.of(catalogue, hops.get(0).from(), hops));
    }

    public VersionCatalogue catalogue() {
        return catalogue;
    }

    private ReleaseLine line(KafkaVersion v) {
        return catalogue.lineOf(v).orElseThrow();
    }
}
