package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.version.KafkaVersion;

import java.util.Optional;

/**
 * A node as the planner expects it at the start of a hop: its version and protocol pins, which earlier hops of the
 * same plan have changed. The first hop starts from the snapshot.
 */
record NodeState(UpgradeSnapshot.Node node, Optional<KafkaVersion> version, Optional<String> interBrokerProtocol,
                 Optional<String> logMessageFormat) {

    static NodeState of(UpgradeSnapshot.Node n) {
        return new NodeState(n, n.version(), n.interBrokerProtocol(), n.logMessageFormat());
    }

    int id() {
        return node.id();
    }

    NodeRole role() {
        return node.role();
    }

    /** Not yet on {@code to} (or of unknown version): restarted onto it by the hop. */
    boolean needsRoll(KafkaVersion to) {
        return version.map(v -> v.isOlderThan(to)).orElse(true);
    }

    boolean pinned() {
        return interBrokerProtocol.isPresent() || logMessageFormat.isPresent();
    }

    /** The state after a completed hop to {@code to}: on the new version with no pins left. */
    NodeState after(KafkaVersion to) {
        return new NodeState(node, Optional.of(to), Optional.empty(), Optional.empty());
    }

    /** "broker 2" */
    String name() {
        return node.role().label() + " " + node.id();
    }
}
