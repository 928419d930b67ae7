package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.version.ConfigRule;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.domain.version.ReleaseLine;
import dev.kafkachatops.domain.version.VersionCatalogue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * What building one hop needs: the catalogue, its number and versions, the catalogue entries of both ends, the nodes as they are
 * expected at its start, the active controller, the estimates and the install mirror, and how brokers are batched (with the racks and the partitions that decide it). {@code first} is true for the
 * hop that starts from the snapshot itself (only it can find an interrupted upgrade).
 */
record HopContext(VersionCatalogue catalogue, int number, KafkaVersion from, KafkaVersion to, ReleaseLine fromLine,
                  ReleaseLine toLine, List<NodeState> nodes, OptionalInt activeController, UpgradeEstimates estimates,
                  Optional<String> installSource, boolean first, Batching batching, Map<Integer, String> racks,
                  List<RollBatches.Partition> partitions) {

    HopContext {
        nodes = List.copyOf(nodes);
    }

    /**
     * A phase restarting {@code nodes} (brokers, in roll order) with {@code steps} each, in the cluster's batches;
     * {@code aloneLast} (ZooKeeper: the active controller) restarts alone after the others.
     */
    Phase batchedPhase(Phase.Kind kind, String title, List<NodeState> nodes,
                       Function<NodeState, List<UpgradeStep>> steps, OptionalInt aloneLast) {
        return batching.phase(kind, key() + "/" + kind.slug(), title, nodes, List.of(), steps,
                batching.units(nodes, racks, partitions, aloneLast));
    }

    String key() {
        return "hop" + number;
    }

    StepFactory steps(Phase.Kind kind) {
        return new StepFactory(key() + "/" + kind.slug(), estimates);
    }

    Phase phase(Phase.Kind kind, String title, List<UpgradeStep> steps) {
        return new Phase(kind, key() + "/" + kind.slug(), title, steps);
    }

    List<NodeState> toRoll() {
        return nodes.stream().filter(n -> n.needsRoll(to)).toList();
    }

    /** The nodes that already run the target of this hop. */
    List<NodeState> alreadyThere() {
        return nodes.stream().filter(n -> !n.needsRoll(to)).toList();
    }

    /**
     * The preparing phase: a pre-flight check, then an install from the mirror for every node to roll whose host
     * lacks the target (without a mirror the plan carries a blocker instead).
     */
    Phase prepare(List<NodeState> rolled) {
        StepFactory f = steps(Phase.Kind.PREPARE);
        List<UpgradeStep> out = new ArrayList<>();
        out.add(f.preflight(number, to));
        installSource.ifPresent(mirror -> rolled.stream().filter(n -> !n.node().hasInstalled(to))
                .sorted(Comparator.comparingInt(NodeState::id))
                .forEach(n -> out.add(f.install(n, to, mirror))));
        return phase(Phase.Kind.PREPARE, "Check the cluster"
                + (out.size() > 1 ? " and install " + to + " where it is missing" : ""), out);
    }

    /** The keys of {@code n}'s config that the lines this hop enters renamed or removed. */
    List<ConfigRule> configRules(NodeState n) {
        return catalogue.configRules(n.version().orElse(from), to).stream()
                .filter(r -> n.node().configKeys().contains(r.key())).toList();
    }

    /** For a first hop that some nodes have already completed: which, and who is left. */
    Optional<String> continuing(String role) {
        List<NodeState> there = alreadyThere();
        List<NodeState> left = toRoll();
        if (!first || there.isEmpty() || left.isEmpty()) return Optional.empty();
        return Optional.of(RollOrder.nodes(role, there) + (there.size() == 1 ? " already runs " : " already run ")
                + to + ": hop " + number + " (" + from + " → " + to + ") continues with " + RollOrder.nodes(role, left));
    }
}
