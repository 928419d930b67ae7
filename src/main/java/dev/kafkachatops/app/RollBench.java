package dev.kafkachatops.app;

import dev.kafkachatops.command.Values;
import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.version.KafkaVersion;
import dev.kafkachatops.plan.upgrade.BatchMode;
import dev.kafkachatops.plan.upgrade.Batching;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.Phase;
import dev.kafkachatops.plan.upgrade.RestartPlan;
import dev.kafkachatops.plan.upgrade.RestartPlanner;
import dev.kafkachatops.plan.upgrade.RollBatches;
import dev.kafkachatops.plan.upgrade.UpgradeEstimates;
import dev.kafkachatops.plan.upgrade.UpgradeSnapshot;
import dev.kafkachatops.view.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * {@code bench roll}: the estimated time of a roll of a modelled cluster in each batch mode: the estimate of the plan
 * {@code /kafka restart} would post for it ({@link RestartPlanner} with {@code upgrade.batch} set to each mode, its
 * batches from {@link RollBatches}, the per-step {@link UpgradeEstimates}). The model: brokers 1..N on R racks (broker
 * i on rack (i-1) mod R), controllers apart (restarted one at a time first), partitions of RF min(3, R) placed
 * rack-aware at random (one replica on each of RF distinct racks), all in sync, {@code min.insync.replicas} RF-1.
 */
@Command(name = "roll", mixinStandardHelpOptions = true,
        description = "Estimate a rolling restart of a modelled cluster one broker at a time, by rack and auto.",
        exitCodeListHeading = Cli.EXIT_HEADING, exitCodeList = {Cli.EXIT_OK, "1:bad arguments"},
        footer = {"%nExample:", "  kafka-chatops bench roll --brokers 60 --racks 3 --restart 3m"})
final class RollBench implements Callable<Integer> {
    @Option(names = "--brokers", defaultValue = "60", description = "Brokers (default: ${DEFAULT-VALUE}).")
    int brokers;

    @Option(names = "--racks", defaultValue = "3", description = "Racks (default: ${DEFAULT-VALUE}).")
    int racks;

    @Option(names = "--controllers", defaultValue = "3",
            description = "Dedicated controllers, restarted one at a time (default: ${DEFAULT-VALUE}).")
    int controllers;

    @Option(names = "--restart", defaultValue = "3m", paramLabel = "DURATION",
            description = "One node's restart: stop, log recovery, catch-up (default: ${DEFAULT-VALUE}).")
    String restart;

    @Option(names = "--partitions-per-broker", defaultValue = "30", paramLabel = "N",
            description = "Partition replicas per broker, about (default: ${DEFAULT-VALUE}).")
    int perBroker;

    @Option(names = "--max-batch", defaultValue = "20", paramLabel = "N",
            description = "upgrade.maxBatch, the cap of auto batches (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Duration perNode;
        try {
            perNode = Values.duration(restart);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--restart: " + e.getMessage());
        }
        if (brokers < 1 || racks < 1 || controllers < 0 || perBroker < 0 || maxBatch < 1 || racks > brokers) {
            throw new ParameterException(spec.commandLine(), "need --brokers >= --racks >= 1, --controllers >= 0, "
                    + "--partitions-per-broker >= 0, --max-batch >= 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        print(out, perNode);
        out.flush();
        return 0;
    }

    void print(PrintWriter out, Duration perNode) {
        UpgradeEstimates e = UpgradeEstimates.DEFAULT.withRestart(perNode);
        List<RollBatches.Partition> parts = partitions();
        UpgradeSnapshot snapshot = snapshot(parts);
        RestartPlanner planner = new RestartPlanner(e);
        List<Integer> ids = IntStream.rangeClosed(1, brokers).boxed().toList();
        int rf = Math.min(3, racks);
        out.printf(Locale.ROOT, "bench roll: %d brokers on %d racks, %d controllers, %d partitions RF %d "
                        + "(rack-aware, min ISR %d), restart %s per node, max batch %d%n", brokers, racks, controllers,
                parts.size(), rf, Math.max(1, rf - 1), Format.duration(perNode), maxBatch);
        out.printf(Locale.ROOT, "%-5s %8s %8s %14s %14s %8s%n", "mode", "batches", "largest", "per batch",
                "estimate", "vs one");
        Duration one = null;
        for (BatchMode mode : BatchMode.values()) {
            // the plan /kafka restart would post for this cluster, with its estimate
            RestartPlan plan = planner.plan(snapshot, ids, controllers > 0, Optional.empty(),
                    new Batching(mode, maxBatch));
            Phase rolled = plan.phases().stream().filter(ph -> ph.kind() == Phase.Kind.ROLL_BROKERS).findFirst()
                    .orElseThrow();
            List<List<Integer>> units = rolled.units();
            Duration total = plan.estimated();
            if (one == null) one = total;
            out.printf(Locale.ROOT, "%-5s %8d %8d %14s %14s %7.2fx%n", mode.label(), units.size(),
                    units.stream().mapToInt(List::size).max().orElse(0), Format.duration(rolled.estimate(units.get(0))),
                    Format.duration(total), total.toMillis() / (double) one.toMillis());
            int open = rolled.title().indexOf("(batch ");
            if (open >= 0) out.println("      " + rolled.title().substring(open + 1, rolled.title().length() - 1));
        }
        out.println("estimate = the restart plan's own (RestartPlanner): controllers one at a time + per batch "
                + "(restart + health gate + leader elections); a batch's brokers restart together");
    }

    /** Brokers 1..N on their racks, controllers N+1..N+C (the last one active), the partitions all in sync. */
    private UpgradeSnapshot snapshot(List<RollBatches.Partition> parts) {
        KafkaVersion v = KafkaVersion.parse("3.9.1");
        var b = UpgradeSnapshot.builder("model", ClusterMode.KRAFT);
        for (int i = 1; i <= brokers; i++) {
            b.node(UpgradeSnapshot.Node.of(i, NodeRole.BROKER, "broker-" + i, v)).rack(i, "rack-" + ((i - 1) % racks));
        }
        for (int c = 1; c <= controllers; c++) {
            b.node(UpgradeSnapshot.Node.of(brokers + c, NodeRole.CONTROLLER, "controller-" + c, v));
        }
        if (controllers > 0) b.activeController(brokers + controllers);
        else b.node(UpgradeSnapshot.Node.of(brokers + 1, NodeRole.CONTROLLER, "controller", v)); // not restarted
        parts.forEach(p -> b.partition(p.name(), p.replicas(), p.isr(), p.minIsr()));
        return b.build();
    }

    private List<RollBatches.Partition> partitions() {
        Random rnd = new Random(seed);
        int rf = Math.min(3, racks);
        int count = brokers * perBroker / rf;
        List<List<Integer>> byRack = new ArrayList<>();
        for (int r = 0; r < racks; r++) byRack.add(new ArrayList<>());
        for (int i = 1; i <= brokers; i++) byRack.get((i - 1) % racks).add(i);
        List<RollBatches.Partition> out = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            List<Integer> rackOrder = new ArrayList<>();
            for (int r = 0; r < racks; r++) rackOrder.add(r);
            Collections.shuffle(rackOrder, rnd);
            List<Integer> replicas = new ArrayList<>();
            for (int k = 0; k < rf; k++) {
                List<Integer> rack = byRack.get(rackOrder.get(k));
                replicas.add(rack.get(rnd.nextInt(rack.size())));
            }
            out.add(new RollBatches.Partition("t-" + p, replicas, replicas, Math.max(1, rf - 1)));
        }
        return out;
    }
}
