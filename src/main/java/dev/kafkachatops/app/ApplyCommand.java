package dev.kafkachatops.app;

import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.adapter.kafka.AdminReassignment;
import dev.kafkachatops.adapter.store.FileThrottleLedger;
import dev.kafkachatops.command.Values;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.plan.reassign.PartitionReplicas;
import dev.kafkachatops.plan.reassign.ReassignmentJson;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.run.reassign.Progress;
import dev.kafkachatops.run.reassign.ReassignmentRunner;
import dev.kafkachatops.run.reassign.RunOutcome;
import dev.kafkachatops.run.reassign.ThrottleSweeper;
import dev.kafkachatops.view.Format;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code apply <plan-file>}: executes a {@code move.json} (Kafka's reassignment format) against a cluster with
 * the bot's runner: batches, owned throttles, progress in the terminal; Ctrl-C cancels safely.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Execute a move.json (kafka-reassign-partitions.sh format) with progress; Ctrl-C cancels and "
                + "reverts in-flight moves.",
        exitCodeListHeading = Cli.EXIT_HEADING,
        exitCodeList = {"0:done", "1:refused, failed or bad arguments", "3:cancelled"},
        footer = {"%nExample:", "  kafka-chatops apply move.json --bootstrap-server kafka1:9092 --throttle 50MB/s"})
public final class ApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLAN-FILE", description = "The move.json to execute.")
    Path planFile;

    @Option(names = "--bootstrap-server", required = true, paramLabel = "HOST:PORT",
            description = "Brokers to connect to.")
    String bootstrap;

    @Option(names = "--throttle", paramLabel = "RATE", description = "Replication throttle, e.g. 50MB/s.")
    String throttle;

    @Option(names = "--max-moves-per-broker", defaultValue = "5", paramLabel = "N",
            description = "Moves in flight per broker at a time (default: ${DEFAULT-VALUE}).")
    int maxPerBroker;

    @Option(names = "--allow-concurrent", description = "Start even if another reassignment is in progress.")
    boolean allowConcurrent;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Where the ledger of throttles set is kept (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String servers = Values.bootstrapServers(bootstrap);
            List<PartitionReplicas> targets = PlanCommand.Rebalance.parse("the plan file", planFile,
                    ReassignmentJson::parseAssignment);
            OptionalLong rate = throttle == null ? OptionalLong.empty() : OptionalLong.of(Values.rate(throttle));
            if (maxPerBroker < 1) throw new IllegalArgumentException("--max-moves-per-broker must be at least 1");
            Duration timeout = Duration.ofSeconds(15);
            try (Admin admin = AdminClients.create(servers, Map.of(), timeout)) {
                return apply(new AdminReassignment(servers, admin, timeout), servers, targets, rate, out);
            }
        } catch (IllegalArgumentException | ReassignmentAdmin.AdminException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return Cli.FAILED;
        }
    }

    private int apply(ReassignmentAdmin port, String servers, List<PartitionReplicas> targets, OptionalLong rate,
                      PrintWriter out) throws ReassignmentAdmin.AdminException {
        var ledger = new FileThrottleLedger(dataDir.resolve("throttle-ledger.json"));
        ThrottleSweeper.sweep(ledger, c -> port).forEach(out::println);
        List<PartitionMove> moves = moves(port, targets);
        long bytes = moves.stream().mapToLong(PartitionMove::bytes).sum();
        out.println("Applying " + planFile + ": " + Format.plural(moves.size(), "partition") + ", "
                + Format.bytes(bytes) + " to copy"
                + (rate.isPresent() ? ", throttle " + Format.rate(rate.getAsLong()) : ", no throttle"));
        out.flush();
        AtomicBoolean cancel = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C: ask the runner to revert in-flight moves and remove throttles, and wait for it to do so
        Thread hook = new Thread(() -> {
            cancel.set(true);
            try {
                finished.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        var runner = new ReassignmentRunner(port, ledger, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
        RunOutcome o = runner.run(servers, "cli-" + Instant.now().toEpochMilli(), moves,
                new ReassignmentRunner.Options(maxPerBroker, rate, Duration.ofSeconds(1), allowConcurrent),
                new Terminal(out), cancel::get);
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        out.println(o.status() + ": " + o.message() + " (" + Format.bytes(o.bytesMoved()) + " in "
                + Format.duration(o.took()) + ")");
        o.warnings().forEach(w -> out.println("warning: " + w));
        out.flush();
        return switch (o.status()) {
            case DONE -> 0;
            case CANCELLED -> 3;
            default -> Cli.FAILED;
        };
    }

    /** Current replicas and sizes from the cluster turn each target into a move. */
    static List<PartitionMove> moves(ReassignmentAdmin port, List<PartitionReplicas> targets)
            throws ReassignmentAdmin.AdminException {
        List<TopicPartitionRef> tps = targets.stream().map(PartitionReplicas::tp).toList();
        var current = port.replicas(tps);
        var sizes = port.replicaSizes(tps);
        List<PartitionMove> out = new ArrayList<>();
        for (PartitionReplicas t : targets) {
            List<Integer> from = current.get(t.tp());
            if (from == null) throw new IllegalArgumentException("partition " + t.tp() + " does not exist");
            long size = sizes.getOrDefault(t.tp(), Map.of()).values().stream().mapToLong(Long::longValue).max().orElse(0);
            long added = t.replicas().stream().filter(b -> !from.contains(b)).count();
            out.add(new PartitionMove(t.tp(), from, t.replicas(), size * added));
        }
        return out;
    }

    /** One progress line every few seconds. */
    private static final class Terminal implements ReassignmentRunner.Listener {
        private final PrintWriter out;
        private Instant last = Instant.EPOCH;

        Terminal(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void batchStarted(int batch, int batches, List<PartitionMove> moves) {
            out.println("batch " + batch + "/" + batches + ": " + Format.plural(moves.size(), "partition"));
            out.flush();
        }

        @Override
        public void progress(Progress p) {
            if (Duration.between(last, Instant.now()).toSeconds() < 2 && p.percent() < 100) return;
            last = Instant.now();
            out.printf("  %s %3.0f%%  %s of %s  %s  ETA %s%n", Format.bar(p.percent(), 20), p.percent(),
                    Format.bytes(p.bytesCopied()), Format.bytes(p.bytesTotal()), Format.rate(p.bytesPerSecond()),
                    p.eta().map(Format::duration).orElse("?"));
            out.flush();
        }

        @Override
        public void batchDone(int batch, int batches, Duration took) {
            out.println("batch " + batch + "/" + batches + " done in " + Format.duration(took));
            out.flush();
        }
    }
}
