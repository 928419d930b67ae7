package dev.kafkachatops.run.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.Batches;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.ThrottleLedger;
import dev.kafkachatops.run.Sleeper;
import dev.kafkachatops.view.Format;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Executes the moves of one plan against a cluster.
 * <ol>
 *   <li>Pre-check: refuse if any reassignment is in progress (unless allowed), if a partition's replicas are no
 *       longer what the plan was computed from, or if a destination broker is not alive.</li>
 *   <li>Split into batches with at most {@code maxMovesPerBroker} moves per broker.</li>
 *   <li>Per batch: record the throttles in the ledger (before setting them), set
 *       {@code leader/follower.replication.throttled.rate} on exactly the brokers of the batch and
 *       {@code leader/follower.replication.throttled.replicas} on the topic, then
 *       {@code alterPartitionReassignments}.</li>
 *   <li>Poll in-flight moves and replica sizes: progress in bytes, rate and ETA; a destination broker that dies
 *       or a cancel request reverts in-flight moves (empty target) and ends the run.</li>
 *   <li>Always, whatever happened: remove every throttle the run set, then clear the ledger entry; if the
 *       cluster cannot be reached, the entry stays and the next bot start sweeps it.</li>
 *   <li>After the moves: preferred leader election for the moved partitions.</li>
 * </ol>
 * Re-running a finished plan is harmless: moves already in place are skipped by the pre-check. A run resumed after
 * a crash passes the partitions it had submitted ({@link Control#adoptable()}): those still in flight with the
 * planned target are awaited as the first batch instead of being refused as "another reassignment".
 * Between batches (a safe point: nothing in flight) the run stops when {@link Control#pauseRequested()}; the
 * throttles are removed as at any end, and running the same plan again later continues with what is left.
 * <p>
 * The parts: {@link PreCheck} (step 1), {@link RunThrottles} (steps 3 and 5), {@link BatchWatch} (step 4, with
 * the final check of each batch) and {@link Reverter} (cancel, then restore the replica order).
 */
public final class ReassignmentRunner {

    public record Options(int maxMovesPerBroker, OptionalLong throttleBytesPerSec, Duration pollInterval,
                          boolean allowOtherReassignments) {
        public static Options defaults(OptionalLong throttle) {
            return new Options(5, throttle, Duration.ofSeconds(1), false);
        }
    }

    /** Called on the runner's thread; implementations must be quick (coalesce chat updates themselves). */
    public interface Listener {
        default void batchStarted(int batch, int batches, List<PartitionMove> moves) {
        }

        default void progress(Progress p) {
        }

        default void batchDone(int batch, int batches, Duration took) {
        }
    }

    /**
     * How the caller steers a run and records it: cancel and pause requests, and hooks called before a batch is
     * submitted (persist it first) and after it is verified.
     */
    public interface Control {
        boolean cancelRequested();

        default boolean pauseRequested() {
            return false;
        }

        /** Partitions an earlier attempt of this run submitted; in flight with the planned target = adopted. */
        default Set<TopicPartitionRef> adoptable() {
            return Set.of();
        }

        default void submitting(List<PartitionMove> batch, boolean adopted) {
        }

        default void completed(List<PartitionMove> batch) {
        }

        static Control cancelOnly(BooleanSupplier cancel) {
            return cancel::getAsBoolean;
        }
    }

    private final ReassignmentAdmin admin;
    private final ThrottleLedger ledger;
    private final Clock clock;
    private final Reverter reverter;
    private final BatchWatch watch;

    public ReassignmentRunner(ReassignmentAdmin admin, ThrottleLedger ledger, Clock clock, Sleeper sleeper) {
        this.admin = admin;
        this.ledger = ledger;
        this.clock = clock;
        this.reverter = new Reverter(admin, clock, sleeper);
        this.watch = new BatchWatch(admin, clock, sleeper, reverter);
    }

    public RunOutcome run(String cluster, String runId, List<PartitionMove> planned, Options options,
                          Listener listener, BooleanSupplier cancelRequested) {
        return runControlled(cluster, runId, planned, options, listener, Control.cancelOnly(cancelRequested));
    }

    public RunOutcome runControlled(String cluster, String runId, List<PartitionMove> planned, Options options,
                          Listener listener, Control control) {
        Instant started = clock.instant();
        List<PartitionMove> adopted = new ArrayList<>();
        List<PartitionMove> moves;
        try {
            moves = new PreCheck(admin).run(planned, options.allowOtherReassignments(), control.adoptable(), adopted);
        } catch (PreCheck.Refusal | AdminException e) {
            return new RunOutcome(RunOutcome.Status.REFUSED, e.getMessage(), 0, 0, Duration.ZERO, List.of());
        }
        List<List<PartitionMove>> batches = new ArrayList<>();
        if (!adopted.isEmpty()) batches.add(List.copyOf(adopted));
        List<PartitionMove> fresh = moves.stream().filter(m -> !adopted.contains(m)).toList();
        batches.addAll(Batches.of(fresh, options.maxMovesPerBroker()));
        Tally tally = new Tally(planned, moves, started);
        RunThrottles throttles = new RunThrottles(admin, ledger, cluster, runId);
        List<String> warnings = new ArrayList<>();
        RunOutcome outcome = null;
        try {
            outcome = runBatches(batches, !adopted.isEmpty(), options, listener, control, throttles, tally);
            if (outcome == null) outcome = done(moves, tally, warnings);
            else if (outcome.status() == RunOutcome.Status.CANCELLED) electAfterCancel(tally.completed, warnings);
        } catch (AdminException e) {
            outcome = reverter.failAndRevert(moves, "Stopped: " + e.getMessage(), tally);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = reverter.failAndRevert(moves, "Interrupted; in-flight moves reverted", tally);
        } finally {
            String cleanup = throttles.clear();
            if (cleanup != null) warnings.add(cleanup);
            if (outcome != null && !warnings.isEmpty() && !outcome.warnings().equals(warnings)) {
                List<String> all = new ArrayList<>(outcome.warnings());
                warnings.stream().filter(w -> !all.contains(w)).forEach(all::add);
                outcome = new RunOutcome(outcome.status(), outcome.message(), outcome.bytesMoved(),
                        outcome.partitionsMoved(), outcome.took(), all);
            }
        }
        return outcome;
    }

    /** Submits and awaits the batches in order: null when all are done, else the outcome that ended the run. */
    private RunOutcome runBatches(List<List<PartitionMove>> batches, boolean firstAdopted, Options options,
                                  Listener listener, Control control, RunThrottles throttles, Tally tally)
            throws AdminException, InterruptedException {
        for (int i = 0; i < batches.size(); i++) {
            List<PartitionMove> batch = batches.get(i);
            boolean isAdopted = i == 0 && firstAdopted;
            if (!isAdopted && (control.pauseRequested() || control.cancelRequested())) {
                return stopBetweenBatches(!control.cancelRequested(), tally);
            }
            Instant batchStart = clock.instant();
            listener.batchStarted(i + 1, batches.size(), batch);
            if (options.throttleBytesPerSec().isPresent()) throttles.set(batch, options.throttleBytesPerSec());
            control.submitting(batch, isAdopted);
            if (!isAdopted) {
                admin.startMoves(batch.stream().collect(Collectors.toMap(PartitionMove::tp, PartitionMove::to,
                        (a, b) -> a, LinkedHashMap::new)));
            }
            RunOutcome outcome = watch.await(batch, i + 1, batches.size(), tally, listener, control::cancelRequested,
                    options.pollInterval());
            if (outcome != null) return outcome;
            control.completed(batch);
            tally.add(batch);
            listener.batchDone(i + 1, batches.size(), Duration.between(batchStart, clock.instant()));
        }
        return null;
    }

    private RunOutcome stopBetweenBatches(boolean pause, Tally tally) {
        return new RunOutcome(pause ? RunOutcome.Status.PAUSED : RunOutcome.Status.CANCELLED,
                (pause ? "Paused at a safe point: " : "Cancelled between batches: ") + tally.donePartitions + " of "
                        + Format.plural(tally.partitions, "partition") + " moved, nothing in flight",
                tally.doneBytes, tally.donePartitions, Duration.between(tally.started, clock.instant()), List.of());
    }

    /**
     * After a cancel: the partitions of the batches that completed have new replica lists, so their preferred
     * leaders are elected as after a finished run (the reverted ones were elected by the revert; a failure is only a
     * warning).
     */
    private void electAfterCancel(List<TopicPartitionRef> completed, List<String> warnings) {
        if (completed.isEmpty()) return;
        try {
            admin.electPreferredLeaders(completed);
        } catch (AdminException e) {
            warnings.add("Preferred leader election failed: " + e.getMessage());
        }
    }

    /** After the moves: preferred leader election for the moved partitions (a failure is only a warning). */
    private RunOutcome done(List<PartitionMove> moves, Tally tally, List<String> warnings) {
        try {
            admin.electPreferredLeaders(moves.stream().map(PartitionMove::tp).toList());
        } catch (AdminException e) {
            warnings.add("Preferred leader election failed: " + e.getMessage());
        }
        String earlier = tally.earlierPartitions == 0 ? ""
                : " (" + tally.earlierPartitions + " already in place at the start)";
        return new RunOutcome(RunOutcome.Status.DONE, "Moved " + Format.plural(tally.partitions, "partition") + earlier,
                tally.doneBytes, tally.donePartitions, Duration.between(tally.started, clock.instant()), warnings);
    }
}
