package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.domain.version.ReleaseLine;
import dev.kafkachatops.domain.version.VersionCatalogue;
import dev.kafkachatops.plan.upgrade.Finding.Reason;
import dev.kafkachatops.plan.upgrade.UpgradeSnapshot.Node;
import dev.kafkachatops.plan.upgrade.UpgradeSnapshot.TopicSettings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The pre-flight findings of a non-empty plan: blockers (nodes down or of unknown version, partitions offline or
 * under-replicated now, a target not installed with no mirror to install it from, metadata.version unknown), the
 * data-loss risks the guide names (replication factor below 3, min.insync.replicas below 2, unclean leader election,
 * acks=1 producers), and what an approver should know (installs, the point of no return, features left alone).
 */
final class UpgradeFindings {
    private static final int MAX_TOPICS = 10;

    private UpgradeFindings() {
    }

    static List<Finding> of(VersionCatalogue catalogue, UpgradeSnapshot s, List<HopPlan> hops) {
        List<Finding> out = new ArrayList<>();
        health(s, out);
        hops.forEach(h -> install(s, h, out));
        cluster(catalogue, s, out);
        topics(s.topics(), out);
        out.add(new Finding(Reason.ACKS_ONE, "a leader that stops before its followers have copied a write loses "
                + "it; check that producers use acks=all (the default from Kafka 3.0) with idempotence"));
        pointOfNoReturn(hops).ifPresent(out::add);
        if (hops.stream().anyMatch(h -> h.phase(Phase.Kind.FINALIZE).isPresent())) {
            out.add(new Finding(Reason.OTHER_FEATURES_UNCHANGED, "the plan raises metadata.version only; other "
                    + "features (kraft.version, transaction.version, group.version, ...) keep their levels: raise them "
                    + "separately after reading their upgrade notes (kafka-features.sh upgrade --feature NAME=LEVEL)"));
        }
        return out;
    }

    private static void health(UpgradeSnapshot s, List<Finding> out) {
        List<Node> down = s.nodes().stream().filter(n -> !n.alive()).toList();
        if (!down.isEmpty()) {
            out.add(new Finding(Reason.NODE_DOWN, describe(down) + (down.size() == 1 ? " is" : " are")
                    + " not running or fenced: bring " + (down.size() == 1 ? "it" : "them") + " back first"));
        }
        List<Node> unknown = s.nodes().stream().filter(n -> n.version().isEmpty()).toList();
        if (!unknown.isEmpty()) {
            out.add(new Finding(Reason.UNKNOWN_VERSION, "the version of " + describe(unknown) + " could not be "
                    + "detected: check the kafka link and libs/kafka_*.jar there"));
        }
        if (s.offline() > 0) {
            out.add(new Finding(Reason.OFFLINE_PARTITIONS, s.offline() + " partition" + (s.offline() == 1 ? " has"
                    : "s have") + " no leader: restarting brokers now risks more"));
        }
        if (s.underReplicated() > 0) {
            out.add(new Finding(Reason.UNDER_REPLICATED, s.underReplicated() + " partition"
                    + (s.underReplicated() == 1 ? " is" : "s are") + " under-replicated: wait until every replica "
                    + "is in sync"));
        }
    }

    private static void install(UpgradeSnapshot s, HopPlan hop, List<Finding> out) {
        KafkaVersion to = hop.to();
        List<Node> missing = hop.steps().stream().filter(st -> st.kind() == StepKind.RELINK)
                .map(st -> s.node(st.node().orElseThrow()).orElseThrow())
                .filter(n -> !n.hasInstalled(to)).distinct().sorted(Comparator.comparingInt(Node::id)).toList();
        if (missing.isEmpty()) return;
        if (s.installSource().isPresent()) {
            out.add(new Finding(Reason.INSTALL_FROM_MIRROR, to + " is downloaded from " + s.installSource().get()
                    + " onto " + describe(missing) + ", its checksum verified, before hop " + hop.number()));
            return;
        }
        out.add(new Finding(Reason.NOT_INSTALLED, to + " is not installed on " + describe(missing) + " and no "
                + "install mirror is configured: install it beside the current version" + alternative(missing, to)));
    }

    /** " (4.1.1 is installed on all of them: `upgrade 4.1.1`)" when another patch of the line is everywhere. */
    private static String alternative(List<Node> missing, KafkaVersion to) {
        Set<KafkaVersion> common = new TreeSet<>(missing.get(0).installed());
        missing.forEach(n -> common.retainAll(n.installed()));
        return common.stream().filter(v -> v.line().equals(to.line()) && v.isOlderThan(to))
                .reduce((a, b) -> b).map(v -> " (" + v + " is installed on " + (missing.size() == 1 ? "it"
                        : "all of them") + ": `upgrade " + v + "`)").orElse("");
    }

    private static void cluster(VersionCatalogue c, UpgradeSnapshot s, List<Finding> out) {
        if (s.mode() == ClusterMode.KRAFT && s.finalizedMetadataLevel().isEmpty()) {
            out.add(new Finding(Reason.METADATA_UNKNOWN, "the finalized metadata.version could not be read "
                    + "(describeFeatures), so the plan cannot check what the target requires"));
        }
        if (s.activeController().isEmpty()) {
            out.add(new Finding(Reason.NO_ACTIVE_CONTROLLER, "the active controller is unknown, so it may not be "
                    + "restarted last; the runner checks again before each restart"));
        }
        boolean earlyAccess = s.mode() == ClusterMode.KRAFT && s.runningVersions().stream()
                .map(c::lineOf).flatMap(Optional::stream).map(ReleaseLine::kraft)
                .anyMatch(k -> k == ReleaseLine.KraftSupport.EARLY_ACCESS);
        if (earlyAccess) {
            out.add(new Finding(Reason.KRAFT_EARLY_ACCESS, "KRaft was early access before 3.3 and not meant for "
                    + "production: read the 3.3 upgrade notes and rehearse on a copy of this cluster first"));
        }
    }

    private static void topics(List<TopicSettings> topics, List<Finding> out) {
        flag(topics, t -> t.replicationFactor() < 3, t -> t.name() + " (RF " + t.replicationFactor() + ")",
                ": while a broker restarts their partitions keep fewer than 2 copies (RF 1: unavailable)",
                Reason.LOW_REPLICATION_FACTOR, out);
        flag(topics, t -> t.minInsyncReplicas() < 2, t -> t.name() + " (" + t.minInsyncReplicas() + ")",
                ": a write acknowledged by one replica is lost if that replica's broker stops before others copy it",
                Reason.LOW_MIN_INSYNC_REPLICAS, out);
        flag(topics, TopicSettings::uncleanLeaderElection, TopicSettings::name,
                ": an out-of-sync replica may become leader during the roll and acknowledged messages are lost",
                Reason.UNCLEAN_LEADER_ELECTION, out);
    }

    private static void flag(List<TopicSettings> topics, Predicate<TopicSettings> bad,
                             Function<TopicSettings, String> label, String why, Reason reason, List<Finding> out) {
        List<String> hit = topics.stream().filter(bad).map(label).toList();
        if (hit.isEmpty()) return;
        String shown = String.join(", ", hit.subList(0, Math.min(MAX_TOPICS, hit.size())));
        if (hit.size() > MAX_TOPICS) shown += " and " + (hit.size() - MAX_TOPICS) + " more";
        out.add(new Finding(reason, shown + why));
    }

    private static Optional<Finding> pointOfNoReturn(List<HopPlan> hops) {
        for (HopPlan h : hops) {
            Optional<Phase> last = h.phase(Phase.Kind.REMOVE_PINS).or(() -> h.phase(Phase.Kind.FINALIZE));
            if (last.isEmpty()) continue;
            String what = last.get().kind() == Phase.Kind.FINALIZE ? "the finalize step of hop " + h.number()
                    : "phase 2 of hop " + h.number() + " (removing the pins)";
            return Optional.of(new Finding(Reason.NO_WAY_BACK, "until " + what + " a node can be rolled back to "
                    + h.from() + "; after it the cluster cannot go back"));
        }
        return Optional.empty();
    }

    private static String describe(List<Node> nodes) {
        return nodes.stream().map(Node::describe).collect(Collectors.joining(", "));
    }
}
