package dev.kafkachatops.app;

import dev.kafkachatops.plan.reassign.BrokerInfo;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.KafkaGenerator;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code bench rebalance}: plans expansions of several cluster shapes and compares the plan with what Kafka's
 * {@code --generate} would propose. Each shape is a topic created by Kafka's round robin on the first brokers
 * (the "old" ones), then spread over all of them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Rebalance.class, RollBench.class}, exitCodeListHeading = Cli.EXIT_HEADING,
        exitCodeList = {Cli.EXIT_OK, Cli.EXIT_FAILED})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    /** Without a subcommand: the usage, under the command's full name. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "rebalance", mixinStandardHelpOptions = true,
            description = "Compare the rebalance planner with Kafka's --generate on several cluster shapes "
                    + "(--cluster: the cluster-wide planner on many small topics, skewed sizes, racks and 110 brokers).",
            exitCodeListHeading = Cli.EXIT_HEADING,
            exitCodeList = {Cli.EXIT_OK, "1:bad arguments"},
            footer = {"%nExample:", "  kafka-chatops bench rebalance --seed 7 --runs 3"})
    public static final class Rebalance implements Callable<Integer> {
        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--runs", defaultValue = "5", description = "Timed runs per shape (default: ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--max-partitions", defaultValue = "10000", paramLabel = "N",
                description = "Skip shapes with more partitions (default: ${DEFAULT-VALUE}).")
        int maxPartitions;

        @Option(names = "--cluster", description = "Cluster-wide scenarios (rebalance --all) instead of one topic.")
        boolean cluster;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (cluster) ClusterBench.print(out, seed, maxPartitions);
            else print(out, seed, Math.max(1, runs), maxPartitions);
            out.flush();
            return 0;
        }
    }

    /** brokers, racks (0 = none), replication factor, partitions, brokers the topic was created on */
    record Shape(int brokers, int racks, int rf, int partitions, int oldBrokers) {
    }

    static final List<Shape> SHAPES = List.of(
            new Shape(6, 0, 2, 12, 4),
            new Shape(6, 3, 3, 60, 3),
            new Shape(12, 0, 3, 120, 9),
            new Shape(12, 3, 3, 600, 9),
            new Shape(12, 3, 2, 600, 6),
            new Shape(30, 0, 2, 1_000, 24),
            new Shape(30, 3, 3, 3_000, 24),
            new Shape(100, 0, 3, 10_000, 80),
            new Shape(100, 3, 3, 10_000, 80),
            new Shape(100, 3, 2, 10_000, 90));

    static void print(PrintWriter out, long seed, int runs, int maxPartitions) {
        String fmt = "%7s %5s %10s %3s %11s %7s %11s %6s %10s %16s %8s%n";
        out.printf(Locale.ROOT, fmt, "BROKERS", "RACKS", "PARTITIONS", "RF", "LOWER-BOUND", "MOVES", "KAFKA-MOVES",
                "RATIO", "LEADER-CHG", "KAFKA-LEADER-CHG", "PLAN-MS");
        for (Shape s : SHAPES) {
            if (s.partitions() > maxPartitions) continue;
            ClusterAssignment c = cluster(s, seed);
            ReassignmentPlan ours = RebalancePlanner.plan(c, "bench", Target.allAlive(), OptionalLong.empty());
            ReassignmentPlan kafka = KafkaGenerator.plan(c, "bench", Target.allAlive(), OptionalLong.empty(),
                    new Random(seed));
            double ms = medianMillis(c, runs);
            out.printf(Locale.ROOT, fmt, s.brokers(), s.racks() == 0 ? "-" : String.valueOf(s.racks()),
                    s.partitions(), s.rf(), ours.lowerBound(), ours.replicaMoves(), kafka.replicaMoves(),
                    ours.replicaMoves() == 0 ? "-" : String.format(Locale.ROOT, "%.1fx",
                            (double) kafka.replicaMoves() / ours.replicaMoves()),
                    ours.leaderChanges(), kafka.leaderChanges(), String.format(Locale.ROOT, "%.1f", ms));
            out.flush();
        }
    }

    /** Brokers 1..n in racks rack-a, rack-b, ... by id; the topic created on brokers 1..oldBrokers; 0.1-1 GB each. */
    static ClusterAssignment cluster(Shape s, long seed) {
        Random rnd = new Random(seed);
        var b = ClusterAssignment.builder();
        List<BrokerInfo> old = new ArrayList<>();
        for (int id = 1; id <= s.brokers(); id++) {
            BrokerInfo info = s.racks() == 0 ? BrokerInfo.of(id) : BrokerInfo.of(id, "rack-" + (char) ('a' + (id - 1)
                    % s.racks()));
            b.broker(info);
            if (id <= s.oldBrokers()) old.add(info);
        }
        Map<Integer, List<Integer>> created = KafkaGenerator.assign(old, s.partitions(), s.rf(), rnd);
        created.forEach((p, replicas) -> b.partition("bench", p, replicas, 100_000_000L + rnd.nextInt(900_000_000)));
        return b.build();
    }

    private static double medianMillis(ClusterAssignment c, int runs) {
        for (int i = 0; i < 2; i++) RebalancePlanner.plan(c, "bench", Target.allAlive(), OptionalLong.empty());
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            RebalancePlanner.plan(c, "bench", Target.allAlive(), OptionalLong.empty());
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }
}
