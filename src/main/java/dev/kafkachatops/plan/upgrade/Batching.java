package dev.kafkachatops.plan.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * How a roll groups its brokers ({@code upgrade.batch} and {@code upgrade.maxBatch} of a cluster), and the phases it
 * builds with it. Controllers (and combined nodes) never get here: they restart one at a time, the active one last.
 * In ZooKeeper mode the active controller is a broker: it restarts alone, last.
 */
public record Batching(BatchMode mode, int maxBatch) {
    public static final int DEFAULT_MAX = 20;
    /** One broker at a time: the behaviour before batches. */
    public static final Batching ONE = new Batching(BatchMode.ONE, DEFAULT_MAX);

    public Batching {
        Objects.requireNonNull(mode, "mode");
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
    }

    /**
     * The batches of {@code brokers} (in roll order) from the snapshot's racks and partitions, with
     * {@code aloneLast} (when it is one of them) restarted alone after the others.
     */
    RollBatches.Result units(List<NodeState> brokers, Map<Integer, String> racks,
                             List<RollBatches.Partition> partitions, OptionalInt aloneLast) {
        List<RollBatches.Broker> batched = brokers.stream()
                .filter(n -> aloneLast.isEmpty() || n.id() != aloneLast.getAsInt())
                .map(n -> new RollBatches.Broker(n.id(), Optional.ofNullable(racks.get(n.id())))).toList();
        RollBatches.Result r = RollBatches.plan(mode, batched, partitions, maxBatch);
        if (batched.size() == brokers.size()) return r;
        List<List<Integer>> out = new ArrayList<>(r.batches());
        out.add(List.of(aloneLast.getAsInt()));
        return new RollBatches.Result(out, r.note());
    }

    /**
     * A phase restarting {@code nodes} in the units computed by {@link #units}: each unit's members one after the
     * other in the step list, the units in order. One broker at a time (every unit alone) keeps the plain phase.
     */
    Phase phase(Phase.Kind kind, String key, String title, List<NodeState> nodes, List<UpgradeStep> leading,
                Function<NodeState, List<UpgradeStep>> steps, RollBatches.Result units) {
        List<UpgradeStep> out = new ArrayList<>(leading);
        boolean together = units.batches().stream().anyMatch(b -> b.size() > 1);
        if (!together) {
            nodes.forEach(n -> out.addAll(steps.apply(n)));
            return new Phase(kind, key, title + units.note().map(n -> " (batch " + mode.label() + ": " + n + ")")
                    .orElse(""), out);
        }
        for (List<Integer> unit : units.batches()) {
            for (int id : unit) {
                out.addAll(steps.apply(nodes.stream().filter(n -> n.id() == id).findFirst().orElseThrow()));
            }
        }
        return new Phase(kind, key, title + " in " + units.batches().size() + " batches (" + mode.label()
                + ", at most " + units.largest() + " together)", out, units.batches());
    }
}
