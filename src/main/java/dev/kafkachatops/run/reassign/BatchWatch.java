package dev.kafkachatops.run.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.run.Sleeper;
import dev.kafkachatops.view.Format;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Watches one submitted batch: polls the moves in flight and the replica sizes, reports progress (bytes, rate,
 * ETA), reverts the batch on a cancel request or when a destination broker dies, and once the controller is done
 * checks the final replica lists.
 */
final class BatchWatch {
    /** How long brokers' metadata may lag behind the controller at the end of a batch. */
    static final Duration SETTLE = Duration.ofSeconds(30);

    private final ReassignmentAdmin admin;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Reverter reverter;

    BatchWatch(ReassignmentAdmin admin, Clock clock, Sleeper sleeper, Reverter reverter) {
        this.admin = admin;
        this.clock = clock;
        this.sleeper = sleeper;
        this.reverter = reverter;
    }

    /** Polls until the batch is done (null), or returns the outcome that ended it. */
    RunOutcome await(List<PartitionMove> batch, int index, int batches, Tally tally,
                     ReassignmentRunner.Listener listener, BooleanSupplier cancelRequested, Duration poll)
            throws AdminException, InterruptedException {
        Set<TopicPartitionRef> tps = batch.stream().map(PartitionMove::tp).collect(Collectors.toSet());
        while (true) {
            Set<TopicPartitionRef> inFlight = new HashSet<>(admin.inProgress());
            inFlight.retainAll(tps);
            Map<TopicPartitionRef, Map<Integer, Long>> sizes = admin.replicaSizes(tps);
            listener.progress(progress(batch, inFlight, sizes, index, batches, tally));
            if (inFlight.isEmpty()) return verifyFinal(batch, tps, tally, poll);
            if (cancelRequested.getAsBoolean()) {
                reverter.revert(batch, inFlight, poll);
                return new RunOutcome(RunOutcome.Status.CANCELLED, "Cancelled: " + Format.plural(inFlight.size(),
                        "in-flight move") + " reverted, " + Format.plural(tally.donePartitions, "partition")
                        + " had already moved",
                        tally.doneBytes, tally.donePartitions, Duration.between(tally.started, clock.instant()),
                        List.of());
            }
            Optional<String> dead = deadDestination(batch, inFlight, admin.liveBrokers());
            if (dead.isPresent()) {
                reverter.revert(batch, inFlight, poll);
                return new RunOutcome(RunOutcome.Status.FAILED, dead.get(), tally.doneBytes, tally.donePartitions,
                        Duration.between(tally.started, clock.instant()), List.of());
            }
            sleeper.sleep(poll);
        }
    }

    private Progress progress(List<PartitionMove> batch, Set<TopicPartitionRef> inFlight,
                              Map<TopicPartitionRef, Map<Integer, Long>> sizes, int index, int batches, Tally tally) {
        long copied = tally.doneBytes;
        int finished = tally.donePartitions;
        for (PartitionMove m : batch) {
            if (!inFlight.contains(m.tp())) {
                copied += m.bytes();
                finished++;
                continue;
            }
            List<Integer> added = m.added();
            long perReplica = added.isEmpty() ? 0 : m.bytes() / added.size();
            for (int b : added) {
                copied += Math.min(perReplica, sizes.getOrDefault(m.tp(), Map.of()).getOrDefault(b, 0L));
            }
        }
        Duration elapsed = Duration.between(tally.started, clock.instant());
        double rate = elapsed.toMillis() > 0 ? (copied - tally.earlierBytes) * 1000.0 / elapsed.toMillis() : 0;
        Optional<Duration> eta = rate > 0
                ? Optional.of(Duration.ofMillis((long) ((tally.totalBytes - copied) * 1000 / rate)))
                : Optional.empty();
        return new Progress(copied, tally.totalBytes, finished, tally.partitions, index, batches, rate, eta, elapsed);
    }

    private static Optional<String> deadDestination(List<PartitionMove> batch, Set<TopicPartitionRef> inFlight,
                                                    Set<Integer> live) {
        for (PartitionMove m : batch) {
            for (int b : m.added()) {
                if (inFlight.contains(m.tp()) && !live.contains(b)) {
                    return Optional.of("Destination broker " + b + " went down during the move of " + m.tp()
                            + "; in-flight moves reverted. Bring the broker back and plan again.");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The controller has finished the batch; brokers' metadata (what describeTopics reads) can lag a moment
     * behind, so the final replica lists are checked until they match or {@link #SETTLE} has passed.
     */
    private RunOutcome verifyFinal(List<PartitionMove> batch, Set<TopicPartitionRef> tps, Tally tally, Duration poll)
            throws AdminException, InterruptedException {
        Instant deadline = clock.instant().plus(SETTLE);
        while (true) {
            Map<TopicPartitionRef, List<Integer>> now = admin.replicas(tps);
            Optional<PartitionMove> wrong = batch.stream().filter(m -> !m.to().equals(now.get(m.tp()))).findFirst();
            if (wrong.isEmpty()) return null;
            if (!clock.instant().isBefore(deadline)) {
                PartitionMove m = wrong.get();
                return reverter.failAndRevert(batch, "Partition " + m.tp() + " ended with replicas " + now.get(m.tp())
                        + " instead of " + m.to(), tally);
            }
            sleeper.sleep(Duration.ofMillis(Math.min(200, poll.toMillis())));
        }
    }
}
