package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.adapter.store.PlanCodec;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.RetentionAdmin;
import dev.kafkachatops.port.ThrottleLedger;
import dev.kafkachatops.run.ops.OperationHandler;
import dev.kafkachatops.run.ops.RunControl;
import dev.kafkachatops.run.reassign.ReassignmentPayload;
import dev.kafkachatops.run.reassign.ReassignmentRunner;
import dev.kafkachatops.run.reassign.RetentionShrinker;
import dev.kafkachatops.run.reassign.RunOutcome;
import dev.kafkachatops.view.Format;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs approved rebalance and expand operations: the topics of the plan one at a time, each through the
 * {@link ReassignmentRunner} with its batches checkpointed.
 * <p>Steps: {@code shrink} (retention lowered and old data deleted, if asked), {@code topic-<i>/batch-<k>} (STARTED
 * with its partitions before they are submitted, DONE once verified), {@code topic-<i>} (DONE when the topic is
 * finished). A resumed run skips finished topics, adopts the partitions of a STARTED batch that are still in flight,
 * and lets the runner's pre-check drop moves already in place: nothing completed is submitted again.
 */
public final class ReassignmentOperations implements OperationHandler {
    private final OpKind kind;
    private final Function<String, ReassignmentAdmin> admins;
    private final ThrottleLedger ledger;
    private final Function<String, ? extends RetentionAdmin> retentionAdmins;
    private final RetentionShrinker shrinker;
    private final ChatNotifier chat;
    private final Clock clock;
    private final Duration poll;

    public ReassignmentOperations(OpKind kind, Function<String, ReassignmentAdmin> admins, ThrottleLedger ledger,
                                  Function<String, ? extends RetentionAdmin> retentionAdmins,
                                  RetentionShrinker shrinker, ChatNotifier chat, Clock clock, Duration poll) {
        this.kind = kind;
        this.admins = admins;
        this.ledger = ledger;
        this.retentionAdmins = retentionAdmins;
        this.shrinker = shrinker;
        this.chat = chat;
        this.clock = clock;
        this.poll = poll;
    }

    @Override
    public OpKind kind() {
        return kind;
    }

    public static ReassignmentPayload payload(Operation op) {
        return PlanCodec.readVerified(op, ReassignmentPayload.class);
    }

    /** The fingerprint of the cluster state a plan depends on: every moved partition's replicas when planned. */
    public static String fingerprint(ReassignmentPayload p) {
        return PlanCodec.hash(p.allMoves().stream().map(m -> m.tp() + "=" + m.from()).sorted()
                .collect(Collectors.joining(";")));
    }

    @Override
    public List<String> changes(Operation op) throws Exception {
        ReassignmentPayload p = payload(op);
        ReassignmentAdmin admin = admins.apply(op.cluster());
        List<PartitionMove> moves = p.allMoves();
        Map<TopicPartitionRef, List<Integer>> now = admin.replicas(moves.stream().map(PartitionMove::tp).toList());
        Set<Integer> live = admin.liveBrokers();
        List<String> changes = new ArrayList<>();
        for (PartitionMove m : moves) {
            List<Integer> cur = now.get(m.tp());
            if (cur == null) changes.add(m.tp() + " no longer exists");
            else if (!cur.equals(m.from()) && !cur.equals(m.to())) {
                changes.add(m.tp() + " replicas are now " + cur + " (planned from " + m.from() + ")");
            }
        }
        Set<Integer> destinations = new TreeSet<>();
        moves.forEach(m -> destinations.addAll(m.added()));
        destinations.removeAll(live);
        if (!destinations.isEmpty()) changes.add("destination broker(s) " + destinations + " not alive");
        return changes;
    }

    @Override
    public RunResult run(Operation op, RunControl control) {
        ReassignmentPayload p = payload(op);
        String ts = op.messageTs().orElseThrow();
        var runner = new ReassignmentRunner(admins.apply(op.cluster()), ledger, clock, d -> Thread.sleep(d.toMillis()));
        long bytes = 0;
        int partitions = 0;
        Instant started = clock.instant();
        RetentionShrinker.Lease lease = null;
        RetentionAdmin retention = null;
        try {
            for (int i = 0; i < p.plans().size(); i++) {
                String topicStep = "topic-" + (i + 1);
                if (control.steps().isDone(topicStep)) continue;
                ReassignmentPlan plan = p.plans().get(i);
                if (i == 0 && p.shrink().isPresent() && !control.steps().isDone("shrink")) {
                    retention = retentionAdmins.apply(op.cluster());
                    control.steps().started("shrink", p.shrink().get().topic());
                    var shrunk = shrink(op, p.shrink().get(), retention, control);
                    if (shrunk.outcome != null) return shrunk.outcome;
                    lease = shrunk.lease;
                    control.steps().done("shrink", "");
                }
                String title = "Rebalance of " + plan.topic() + " (" + op.id()
                        + (p.plans().size() > 1 ? ", topic " + (i + 1) + " of " + p.plans().size() : "") + ")";
                var reporter = new SlackRunReporter(chat, op.channel(), ts, title, clock, Duration.ofSeconds(3));
                RunOutcome o = runner.runControlled(op.cluster(), op.id() + "-" + (i + 1), plan.moves(),
                        new ReassignmentRunner.Options(5, plan.throttleBytesPerSec(), poll, p.allowConcurrent()), reporter,
                        new StepControl(control, topicStep));
                bytes += o.bytesMoved();
                partitions += o.partitionsMoved();
                if (o.status() == RunOutcome.Status.PAUSED) {
                    chat.post(op.channel(), Optional.of(ts), ":double_vertical_bar: " + o.message() + ".", null);
                    return new RunResult(RunResult.Status.PAUSED, o.message() + ".");
                }
                reporter.finished(o);
                if (o.status() != RunOutcome.Status.DONE) {
                    return new RunResult(o.status() == RunOutcome.Status.CANCELLED ? RunResult.Status.CANCELLED
                            : RunResult.Status.FAILED, o.message() + " (" + plan.topic() + ")." + warnings(o));
                }
                control.steps().done(topicStep, plan.topic());
            }
            return new RunResult(RunResult.Status.DONE, partitions + " partitions, " + Format.bytes(bytes)
                    + " moved in " + Format.duration(Duration.between(started, clock.instant())) + " in this run.");
        } finally {
            if (lease != null) {
                Optional<String> warning = shrinker.restore(retention, lease);
                chat.post(op.channel(), Optional.of(ts), warning.map(w -> ":warning: " + w)
                        .orElse(":leftwards_arrow_with_hook: retention.ms of " + lease.topic() + " restored ("
                                + lease.original().orElse("topic override removed, broker default") + ")."), null);
            }
        }
    }

    private static String warnings(RunOutcome o) {
        return o.warnings().isEmpty() ? "" : " :warning: " + String.join(" ", o.warnings());
    }

    private record Shrunk(RetentionShrinker.Lease lease, RunResult outcome) {
    }

    private Shrunk shrink(Operation op, RetentionShrinker.Plan s, RetentionAdmin retention, RunControl control) {
        String ts = op.messageTs().orElseThrow();
        try {
            Duration wait = shrinker.maxWait(retention);
            var lease = shrinker.lower(retention, op.cluster(), op.id(), s.topic(), s.keep());
            chat.post(op.channel(), Optional.of(ts), ":hourglass_flowing_sand: retention.ms of " + s.topic()
                    + " lowered to " + s.keep().toMillis() + " (" + Format.duration(s.keep()) + "); waiting up to "
                    + Format.duration(wait) + " for Kafka to delete the old data (about "
                    + Format.bytes(s.estimate().deletedBytes()) + ") before moving.", null);
            var deletion = shrinker.awaitDeletion(retention, lease, wait, control::cancelRequested, line -> {
            });
            if (deletion.cancelled()) {
                return new Shrunk(lease, new RunResult(RunResult.Status.CANCELLED, "cancelled before any move."));
            }
            chat.post(op.channel(), Optional.of(ts), ":wastebasket: Kafka deleted " + Format.bytes(deletion.deleted())
                    + " (all replicas) of " + s.topic() + " in " + Format.duration(deletion.waited())
                    + ". Moving now.", null);
            return new Shrunk(lease, null);
        } catch (RetentionShrinker.Refused | ReassignmentAdmin.AdminException e) {
            return new Shrunk(null, new RunResult(RunResult.Status.FAILED, "shrink-retention: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Shrunk(null, new RunResult(RunResult.Status.FAILED, "interrupted before any move."));
        }
    }

    /** Maps the runner's batch hooks onto checkpoints {@code topic-<i>/batch-<k>}. */
    private static final class StepControl implements ReassignmentRunner.Control {
        private final RunControl control;
        private final String prefix;
        private String current;
        private String currentDetail;

        StepControl(RunControl control, String topicStep) {
            this.control = control;
            this.prefix = topicStep + "/batch-";
        }

        private List<Checkpoint> batches() {
            return control.steps().all().stream().filter(c -> c.step().startsWith(prefix)).toList();
        }

        @Override
        public boolean cancelRequested() {
            return control.cancelRequested();
        }

        @Override
        public boolean pauseRequested() {
            return control.pauseRequested();
        }

        @Override
        public Set<TopicPartitionRef> adoptable() {
            Set<TopicPartitionRef> out = new HashSet<>();
            for (Checkpoint c : batches()) {
                if (c.status() == Checkpoint.Status.STARTED) out.addAll(parse(c.detail()));
            }
            return out;
        }

        @Override
        public void submitting(List<PartitionMove> batch, boolean adopted) {
            String detail = batch.stream().map(m -> m.tp().toString()).collect(Collectors.joining(","));
            if (adopted) {
                var first = batches().stream().filter(c -> c.status() == Checkpoint.Status.STARTED).findFirst();
                if (first.isPresent()) {
                    current = first.get().step();
                    currentDetail = first.get().detail();
                    return; // already recorded as STARTED by the attempt that submitted it
                }
            }
            current = prefix + (batches().size() + 1);
            currentDetail = detail;
            control.steps().started(current, detail);
        }

        @Override
        public void completed(List<PartitionMove> batch) {
            // A batch an interrupted attempt recorded but never submitted: its moves went into fresh batches.
            for (Checkpoint c : batches()) {
                if (c.status() == Checkpoint.Status.STARTED && !c.step().equals(current)) {
                    control.steps().skipped(c.step(), c.detail());
                }
            }
            control.steps().done(current, currentDetail);
        }

        static List<TopicPartitionRef> parse(String detail) {
            if (detail == null || detail.isBlank()) return List.of();
            return Arrays.stream(detail.split(",")).map(s -> {
                int dash = s.lastIndexOf('-');
                return new TopicPartitionRef(s.substring(0, dash), Integer.parseInt(s.substring(dash + 1)));
            }).toList();
        }
    }
}
