package dev.kafkachatops.plan.upgrade;

import dev.kafkachatops.domain.ClusterMode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plans a rolling restart from a snapshot of the cluster. Pure: no I/O, same input same plan.
 * <ol>
 *   <li>What is restarted: every node when nothing is selected; else the controllers ({@code controllers}, KRaft
 *       only) and the brokers listed ({@code brokers=}, ids of nodes with the broker role; a combined node counts
 *       as a controller for the order). An id that is not a broker of the cluster, or a selected node that is not
 *       running, refuses the plan with one line.</li>
 *   <li>A check of the cluster first: no offline and no under-replicated partitions.</li>
 *   <li>The order of an upgrade ({@link RollOrder}): KRaft, the controllers by ascending id with the active
 *       controller last, then the broker-only nodes by ascending id; ZooKeeper, the brokers with the active
 *       controller last.</li>
 *   <li>Per node the upgrade's procedure without the version change ({@link StepFactory#restart}): safety gate,
 *       controlled stop, start, health gate, preferred leaders back. No relink, no config copy, no
 *       metadata.version finalize.</li>
 * </ol>
 * With {@code upgrade.batch} rack or auto the brokers restart in batches ({@link Batching}, {@link RollBatches}); the
 * estimate counts a batch once (its slowest member).
 * Step keys follow the upgrade's ({@code hop1/phase1/controller-1/stop}), so the runner's checkpoints, order rule
 * (the current active controller last) and resume work unchanged.
 */
public final class RestartPlanner {
    private final UpgradeEstimates estimates;

    public RestartPlanner() {
        this(UpgradeEstimates.DEFAULT);
    }

    public RestartPlanner(UpgradeEstimates estimates) {
        this.estimates = Objects.requireNonNull(estimates, "estimates");
    }

    /** Throws {@link RestartRefused} with what to ask instead. */
    public RestartPlan plan(UpgradeSnapshot snapshot, List<Integer> brokers, boolean controllers,
                            Optional<String> reason) {
        return plan(snapshot, brokers, controllers, reason, Batching.ONE);
    }

    /** With the brokers grouped in batches ({@link Batching}); controllers stay one at a time. */
    public RestartPlan plan(UpgradeSnapshot snapshot, List<Integer> brokers, boolean controllers,
                            Optional<String> reason, Batching batching) {
        List<NodeState> selected = select(snapshot, brokers, controllers);
        List<Phase> phases = new ArrayList<>();
        StepFactory prepare = new StepFactory("hop1/" + Phase.Kind.PREPARE.slug(), estimates);
        phases.add(new Phase(Phase.Kind.PREPARE, "hop1/" + Phase.Kind.PREPARE.slug(), "Check the cluster",
                List.of(prepare.restartPreflight())));
        if (snapshot.mode() == ClusterMode.ZOOKEEPER) {
            List<NodeState> bs = RollOrder.zookeeper(selected, snapshot.activeController());
            phases.add(phase(Phase.Kind.ROLL_BINARIES, "broker", bs, snapshot.activeController().isPresent()
                    ? " (the active controller last)" : "", batching.units(bs, snapshot.racks(),
                    snapshot.partitions(), snapshot.activeController()), batching));
        } else {
            List<NodeState> cs = RollOrder.controllers(selected, snapshot.activeController());
            if (!cs.isEmpty()) {
                phases.add(phase(Phase.Kind.ROLL_CONTROLLERS, "controller", cs,
                        snapshot.activeController().isPresent() ? " (the active controller last)" : "",
                        Batching.ONE.units(cs, Map.of(), List.of(), OptionalInt.empty()), Batching.ONE));
            }
            List<NodeState> bs = RollOrder.brokers(selected);
            if (!bs.isEmpty()) {
                phases.add(phase(Phase.Kind.ROLL_BROKERS, "broker", bs, "", batching.units(bs, snapshot.racks(),
                        snapshot.partitions(), OptionalInt.empty()), batching));
            }
        }
        Duration estimated = phases.stream().map(Phase::estimate).reduce(Duration.ZERO, Duration::plus);
        return new RestartPlan(snapshot.cluster(), snapshot.mode(), brokers, controllers, reason, phases, estimated);
    }

    private Phase phase(Phase.Kind kind, String role, List<NodeState> nodes, String suffix, RollBatches.Result units,
                        Batching batching) {
        String key = "hop1/" + kind.slug();
        StepFactory f = new StepFactory(key, estimates);
        return batching.phase(kind, key, "Restart " + RollOrder.nodes(role, nodes) + suffix, nodes, List.of(),
                f::restart, units);
    }

    private static List<NodeState> select(UpgradeSnapshot s, List<Integer> brokers, boolean controllers) {
        if (controllers && s.mode() == ClusterMode.ZOOKEEPER) {
            throw new RestartRefused(s.cluster() + " runs on ZooKeeper: it has no KRaft controllers (its controller "
                    + "is one of the brokers; `restart` alone restarts every broker, the active controller last)");
        }
        String known = s.nodes().stream().filter(n -> n.role().isBroker()).map(n -> String.valueOf(n.id()))
                .collect(Collectors.joining(", "));
        Set<UpgradeSnapshot.Node> chosen = new LinkedHashSet<>();
        for (int id : brokers) {
            UpgradeSnapshot.Node n = s.node(id).orElseThrow(() -> new RestartRefused("broker " + id + " is not in "
                    + s.cluster() + " (its brokers: " + known + ")"));
            if (!n.role().isBroker()) {
                throw new RestartRefused("node " + id + " of " + s.cluster() + " is a controller, not a broker: "
                        + "restart the controllers with `restart controllers`");
            }
            chosen.add(n);
        }
        boolean everything = brokers.isEmpty() && !controllers;
        s.nodes().stream().filter(n -> everything || controllers && n.role().isController()).forEach(chosen::add);
        chosen.stream().filter(n -> !n.alive()).findFirst().ifPresent(n -> {
            throw new RestartRefused("node " + n.id() + " of " + s.cluster() + " is not running: a rolling restart "
                    + "starts from a healthy cluster (start it first, or leave it out)");
        });
        return chosen.stream().map(NodeState::of).toList();
    }
}
