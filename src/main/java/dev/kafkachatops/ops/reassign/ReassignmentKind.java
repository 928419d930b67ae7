package dev.kafkachatops.ops.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.OperationKind;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.ops.RunResult;
import dev.kafkachatops.plan.reassign.Batches;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.plan.reassign.PlanAssembler;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.RetentionAdmin;
import dev.kafkachatops.port.ThrottleLedger;
import dev.kafkachatops.run.RunControl;
import dev.kafkachatops.run.reassign.ReassignmentPayload;
import dev.kafkachatops.run.reassign.ReassignmentRunner;
import dev.kafkachatops.run.reassign.RetentionShrinker;
import dev.kafkachatops.run.reassign.RunOutcome;
import dev.kafkachatops.view.Format;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Rebalance and expand: the topics of the plan one at a time, each through the {@link ReassignmentRunner} with its
 * batches checkpointed.
 * <p>Steps: {@code shrink} (retention lowered and old data deleted, if asked), {@code topic-<i>/batch-<k>} (STARTED
 * with its partitions before they are submitted, DONE once verified), {@code topic-<i>} (DONE when the topic is
 * finished). A resumed run skips finished topics, adopts the partitions of a STARTED batch that are still in flight,
 * and lets the runner's pre-check drop moves already in place: nothing completed is submitted again. A lowered
 * retention is restored whatever happens (done, failed, cancelled, paused; at the next start via its ledger).
 */
public final class ReassignmentKind implements OperationKind<ReassignmentPayload> {
    private final OpKind kind;
    private final Function<String, ReassignmentAdmin> admins;
    private final ThrottleLedger ledger;
    private final Function<String, ? extends RetentionAdmin> retentionAdmins;
    private final RetentionShrinker shrinker;
    private final ReassignmentReport.Factory reports;
    private final Clock clock;
    private final Duration poll;

    public ReassignmentKind(OpKind kind, Function<String, ReassignmentAdmin> admins, ThrottleLedger ledger,
                            Function<String, ? extends RetentionAdmin> retentionAdmins, RetentionShrinker shrinker,
                            ReassignmentReport.Factory reports, Clock clock, Duration poll) {
        this.kind = kind;
        this.admins = admins;
        this.ledger = ledger;
        this.retentionAdmins = retentionAdmins;
        this.shrinker = shrinker;
        this.reports = reports;
        this.clock = clock;
        this.poll = poll;
    }

    @Override
    public OpKind kind() {
        return kind;
    }

    @Override
    public Class<ReassignmentPayload> payloadType() {
        return ReassignmentPayload.class;
    }

    /** The cluster state a plan depends on: every moved partition's replicas when planned. */
    @Override
    public String fingerprint(ReassignmentPayload p) {
        return PlanCodec.hash(p.allMoves().stream().map(m -> m.tp() + "=" + m.from()).sorted()
                .collect(Collectors.joining(";")));
    }

    /** The longest batch of any topic's plan, counted as the plan's estimate counts batches. */
    @Override
    public Duration longestStep(ReassignmentPayload p) {
        Duration longest = Duration.ZERO;
        for (ReassignmentPlan plan : p.plans()) {
            Duration batch = PlanAssembler.longestBatch(plan);
            if (batch.compareTo(longest) > 0) longest = batch;
        }
        return longest;
    }

    @Override
    public List<String> changes(Operation op, ReassignmentPayload p) throws Exception {
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
    public RunResult run(Operation op, ReassignmentPayload p, RunControl control) {
        try (ReassignmentReport report = reports.open(op)) {
            return run(op, p, control, report);
        } // the progress is all in the channel before the outcome is
    }

    private RunResult run(Operation op, ReassignmentPayload p, RunControl control, ReassignmentReport report) {
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
                    Shrink shrunk = shrink(op, p.shrink().get(), retention, control, report);
                    lease = shrunk.lease();
                    if (shrunk.outcome() != null) return shrunk.outcome();
                    control.steps().done("shrink", "");
                }
                String title = "Rebalance of " + plan.topic() + " (" + op.id()
                        + (p.plans().size() > 1 ? ", topic " + (i + 1) + " of " + p.plans().size() : "") + ")";
                ReassignmentReport.Topic topic = report.topic(title);
                RunOutcome o = runner.runControlled(op.cluster(), op.id() + "-" + (i + 1), plan.moves(),
                        new ReassignmentRunner.Options(Batches.MAX_PER_BROKER, plan.throttleBytesPerSec(), poll, p.allowConcurrent()),
                        topic, new BatchSteps(control, topicStep));
                bytes += o.bytesMoved();
                partitions += o.partitionsMoved();
                if (o.status() == RunOutcome.Status.PAUSED) {
                    topic.finished(o); // the topic's progress message says where it stopped, not its last ETA
                    return new RunResult(RunResult.Status.PAUSED, o.message() + ".");
                }
                topic.finished(o);
                if (o.status() != RunOutcome.Status.DONE) {
                    return new RunResult(o.status() == RunOutcome.Status.CANCELLED ? RunResult.Status.CANCELLED
                            : RunResult.Status.FAILED, o.message() + " (" + plan.topic() + ")." + warnings(o));
                }
                control.steps().done(topicStep, plan.topic());
            }
            return new RunResult(RunResult.Status.DONE, Format.plural(partitions, "partition") + ", "
                    + Format.bytes(bytes) + " moved in " + Format.duration(Duration.between(started, clock.instant())) + " in this run.");
        } finally {
            if (lease != null) {
                var warning = shrinker.restore(retention, lease);
                report.retentionRestored(lease.topic(), lease.original(), warning);
            }
        }
    }

    private static String warnings(RunOutcome o) {
        return o.warnings().isEmpty() ? "" : " " + String.join(" ", o.warnings());
    }

    private record Shrink(RetentionShrinker.Lease lease, RunResult outcome) {
    }

    private Shrink shrink(Operation op, RetentionShrinker.Plan s, RetentionAdmin retention, RunControl control,
                          ReassignmentReport report) {
        RetentionShrinker.Lease lease = null;
        try {
            Duration wait = shrinker.maxWait(retention);
            lease = shrinker.lower(retention, op.cluster(), op.id(), s.topic(), s.keep());
            report.retentionLowered(s.topic(), s.keep(), wait, s.estimate().deletedBytes());
            var deletion = shrinker.awaitDeletion(retention, lease, wait, control::cancelRequested, line -> {
            });
            if (deletion.cancelled()) {
                return new Shrink(lease, new RunResult(RunResult.Status.CANCELLED, "cancelled before any move."));
            }
            report.retentionDeleted(s.topic(), deletion.deleted(), deletion.waited());
            return new Shrink(lease, null);
        } catch (RetentionShrinker.Refused | ReassignmentAdmin.AdminException e) {
            return new Shrink(lease, new RunResult(RunResult.Status.FAILED, "shrink-retention: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Shrink(lease, new RunResult(RunResult.Status.FAILED, "interrupted before any move."));
        }
    }
}
