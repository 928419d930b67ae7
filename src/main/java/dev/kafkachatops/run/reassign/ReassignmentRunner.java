package dev.kafkachatops.run.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.ThrottleLedger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
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

    /** Sleeps between polls; tests pass one that advances a fake clock. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** How long brokers' metadata may lag behind the controller at the end of a batch. */
    static final Duration SETTLE = Duration.ofSeconds(30);

    private final ReassignmentAdmin admin;
    private final ThrottleLedger ledger;
    private final Clock clock;
    private final Sleeper sleeper;

    public ReassignmentRunner(ReassignmentAdmin admin, ThrottleLedger ledger, Clock clock, Sleeper sleeper) {
        this.admin = admin;
        this.ledger = ledger;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public RunOutcome run(String cluster, String runId, List<PartitionMove> planned, Options options,
                          Listener listener, BooleanSupplier cancelRequested) {
        return runControlled(cluster, runId, planned, options, listener, Control.cancelOnly(cancelRequested));
    }

    public RunOutcome runControlled(String cluster, String runId, List<PartitionMove> planned, Options options,
                          Listener listener, Control control) {
        BooleanSupplier cancelRequested = control::cancelRequested;
        Instant started = clock.instant();
        List<PartitionMove> moves;
        List<PartitionMove> adopted = new ArrayList<>();
        try {
            moves = precheck(planned, options, control.adoptable(), adopted);
        } catch (Refusal r) {
            return new RunOutcome(RunOutcome.Status.REFUSED, r.getMessage(), 0, 0, Duration.ZERO, List.of());
        } catch (AdminException e) {
            return new RunOutcome(RunOutcome.Status.REFUSED, e.getMessage(), 0, 0, Duration.ZERO, List.of());
        }
        List<List<PartitionMove>> batches = new ArrayList<>();
        if (!adopted.isEmpty()) batches.add(List.copyOf(adopted));
        List<PartitionMove> fresh = moves.stream().filter(m -> !adopted.contains(m)).toList();
        batches.addAll(Batches.of(fresh, options.maxMovesPerBroker()));
        long total = moves.stream().mapToLong(PartitionMove::bytes).sum();
        Set<Integer> throttledBrokers = new TreeSet<>();
        Set<String> throttledTopics = new TreeSet<>();
        List<String> warnings = new ArrayList<>();
        long doneBytes = 0;
        int donePartitions = 0;
        RunOutcome outcome = null;
        try {
            for (int i = 0; i < batches.size() && outcome == null; i++) {
                List<PartitionMove> batch = batches.get(i);
                boolean isAdopted = i == 0 && !adopted.isEmpty();
                if (!isAdopted && (control.pauseRequested() || cancelRequested.getAsBoolean())) {
                    boolean pause = !cancelRequested.getAsBoolean();
                    outcome = new RunOutcome(pause ? RunOutcome.Status.PAUSED : RunOutcome.Status.CANCELLED,
                            (pause ? "Paused at a safe point: " : "Cancelled between batches: ") + donePartitions
                                    + " of " + moves.size() + " partitions moved, nothing in flight",
                            doneBytes, donePartitions, Duration.between(started, clock.instant()), List.of());
                    break;
                }
                Instant batchStart = clock.instant();
                listener.batchStarted(i + 1, batches.size(), batch);
                if (options.throttleBytesPerSec().isPresent()) {
                    Set<Integer> brokers = batch.stream().flatMap(m -> m.brokers().stream()).collect(Collectors.toSet());
                    Set<String> topics = batch.stream().map(m -> m.tp().topic()).collect(Collectors.toSet());
                    throttledBrokers.addAll(brokers);
                    throttledTopics.addAll(topics);
                    ledger.record(new ThrottleLedger.Entry(cluster, runId, throttledBrokers, throttledTopics));
                    admin.setBrokerThrottle(brokers, options.throttleBytesPerSec());
                    for (String topic : topics) setTopicThrottle(topic, batch);
                }
                control.submitting(batch, isAdopted);
                if (!isAdopted) {
                    admin.startMoves(batch.stream().collect(Collectors.toMap(PartitionMove::tp, PartitionMove::to,
                            (a, b) -> a, LinkedHashMap::new)));
                }
                outcome = await(batch, i + 1, batches.size(), doneBytes, donePartitions, total, moves.size(), started,
                        listener, cancelRequested, options.pollInterval());
                if (outcome == null) {
                    control.completed(batch);
                    doneBytes += batch.stream().mapToLong(PartitionMove::bytes).sum();
                    donePartitions += batch.size();
                    listener.batchDone(i + 1, batches.size(), Duration.between(batchStart, clock.instant()));
                }
            }
            if (outcome == null) {
                try {
                    admin.electPreferredLeaders(moves.stream().map(PartitionMove::tp).toList());
                } catch (AdminException e) {
                    warnings.add("Preferred leader election failed: " + e.getMessage());
                }
                outcome = new RunOutcome(RunOutcome.Status.DONE, "Moved " + moves.size() + " partitions",
                        doneBytes, donePartitions, Duration.between(started, clock.instant()), warnings);
            }
        } catch (AdminException e) {
            outcome = failAndRevert(moves, "Stopped: " + e.getMessage(), doneBytes, donePartitions, started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = failAndRevert(moves, "Interrupted; in-flight moves reverted", doneBytes, donePartitions, started);
        } finally {
            String cleanup = clearThrottles(cluster, runId, throttledBrokers, throttledTopics);
            if (cleanup != null) {
                warnings.add(cleanup);
                if (outcome != null) {
                    outcome = new RunOutcome(outcome.status(), outcome.message(), outcome.bytesMoved(),
                            outcome.partitionsMoved(), outcome.took(), warnings);
                }
            }
        }
        return outcome;
    }

    /**
     * Drops moves already in place, refuses what would be unsafe; moves of this run still in flight from an
     * earlier attempt go to {@code adopted} (and stay in the result).
     */
    private List<PartitionMove> precheck(List<PartitionMove> planned, Options options, Set<TopicPartitionRef> adoptable,
                                         List<PartitionMove> adopted) throws AdminException, Refusal {
        Set<TopicPartitionRef> busy = new HashSet<>(admin.inProgress());
        if (!adoptable.isEmpty() && !busy.isEmpty()) {
            Map<TopicPartitionRef, List<Integer>> targets = admin.inProgressTargets();
            for (PartitionMove m : planned) {
                if (adoptable.contains(m.tp()) && busy.contains(m.tp())
                        && new HashSet<>(m.to()).equals(new HashSet<>(targets.getOrDefault(m.tp(), List.of())))) {
                    adopted.add(m);
                    busy.remove(m.tp());
                }
            }
        }
        if (!options.allowOtherReassignments()) {
            if (!busy.isEmpty()) {
                throw new Refusal("Another reassignment is in progress (" + busy.size() + " partitions, e.g. "
                        + busy.iterator().next() + "); wait for it to finish or cancel it first.");
            }
        }
        Map<TopicPartitionRef, List<Integer>> current = admin.replicas(planned.stream().map(PartitionMove::tp).toList());
        Set<Integer> live = admin.liveBrokers();
        List<PartitionMove> todo = new ArrayList<>();
        for (PartitionMove m : planned) {
            if (adopted.contains(m)) {
                todo.add(m);
                continue;
            }
            List<Integer> now = current.get(m.tp());
            if (now == null) throw new Refusal("Partition " + m.tp() + " no longer exists; plan again.");
            if (now.equals(m.to())) continue;
            if (!now.equals(m.from())) {
                throw new Refusal("Partition " + m.tp() + " changed since the plan was made (replicas now " + now
                        + ", plan expected " + m.from() + "); plan again.");
            }
            for (int b : m.added()) {
                if (!live.contains(b)) throw new Refusal("Destination broker " + b + " is not alive; nothing was moved.");
            }
            todo.add(m);
        }
        return todo;
    }

    private void setTopicThrottle(String topic, List<PartitionMove> batch) throws AdminException {
        List<String> leaders = new ArrayList<>();
        List<String> followers = new ArrayList<>();
        for (PartitionMove m : batch) {
            if (!m.tp().topic().equals(topic)) continue;
            m.from().forEach(b -> leaders.add(m.tp().partition() + ":" + b));
            m.added().forEach(b -> followers.add(m.tp().partition() + ":" + b));
        }
        admin.setTopicThrottledReplicas(topic, leaders, followers);
    }

    /** Polls until the batch is done (null), or returns the outcome that ended it. */
    private RunOutcome await(List<PartitionMove> batch, int index, int batches, long doneBytes, int donePartitions,
                             long total, int partitions, Instant started, Listener listener,
                             BooleanSupplier cancelRequested, Duration poll) throws AdminException, InterruptedException {
        Set<TopicPartitionRef> tps = batch.stream().map(PartitionMove::tp).collect(Collectors.toSet());
        while (true) {
            Set<TopicPartitionRef> inFlight = new HashSet<>(admin.inProgress());
            inFlight.retainAll(tps);
            Map<TopicPartitionRef, Map<Integer, Long>> sizes = admin.replicaSizes(tps);
            long copied = doneBytes;
            int finished = donePartitions;
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
            Duration elapsed = Duration.between(started, clock.instant());
            double rate = elapsed.toMillis() > 0 ? copied * 1000.0 / elapsed.toMillis() : 0;
            Optional<Duration> eta = rate > 0 ? Optional.of(Duration.ofMillis((long) ((total - copied) * 1000 / rate)))
                    : Optional.empty();
            listener.progress(new Progress(copied, total, finished, partitions, index, batches, rate, eta, elapsed));
            if (inFlight.isEmpty()) {
                return verifyFinal(batch, tps, doneBytes, donePartitions, started, poll);
            }
            if (cancelRequested.getAsBoolean()) {
                admin.cancelMoves(inFlight);
                restoreOrder(batch, inFlight, poll);
                return new RunOutcome(RunOutcome.Status.CANCELLED, "Cancelled: " + inFlight.size()
                        + " in-flight moves reverted, " + donePartitions + " partitions had already moved", doneBytes,
                        donePartitions, Duration.between(started, clock.instant()), List.of());
            }
            Set<Integer> live = admin.liveBrokers();
            for (PartitionMove m : batch) {
                for (int b : m.added()) {
                    if (inFlight.contains(m.tp()) && !live.contains(b)) {
                        admin.cancelMoves(inFlight);
                        restoreOrder(batch, inFlight, poll);
                        return new RunOutcome(RunOutcome.Status.FAILED, "Destination broker " + b + " went down during "
                                + "the move of " + m.tp() + "; in-flight moves reverted. Bring the broker back and "
                                + "plan again.", doneBytes, donePartitions, Duration.between(started, clock.instant()),
                                List.of());
                    }
                }
            }
            sleeper.sleep(poll);
        }
    }

    /**
     * The controller has finished the batch; brokers' metadata (what describeTopics reads) can lag a moment
     * behind, so the final replica lists are checked until they match or {@link #SETTLE} has passed.
     */
    private RunOutcome verifyFinal(List<PartitionMove> batch, Set<TopicPartitionRef> tps, long doneBytes,
                                   int donePartitions, Instant started, Duration poll)
            throws AdminException, InterruptedException {
        Instant deadline = clock.instant().plus(SETTLE);
        while (true) {
            Map<TopicPartitionRef, List<Integer>> now = admin.replicas(tps);
            Optional<PartitionMove> wrong = batch.stream().filter(m -> !m.to().equals(now.get(m.tp()))).findFirst();
            if (wrong.isEmpty()) return null;
            if (!clock.instant().isBefore(deadline)) {
                PartitionMove m = wrong.get();
                return failAndRevert(batch, "Partition " + m.tp() + " ended with replicas " + now.get(m.tp())
                        + " instead of " + m.to(), doneBytes, donePartitions, started);
            }
            sleeper.sleep(Duration.ofMillis(Math.min(200, poll.toMillis())));
        }
    }

    private RunOutcome failAndRevert(List<PartitionMove> moves, String message, long doneBytes, int donePartitions,
                                     Instant started) {
        String detail = message;
        try {
            Set<TopicPartitionRef> inFlight = new HashSet<>(admin.inProgress());
            inFlight.retainAll(moves.stream().map(PartitionMove::tp).collect(Collectors.toSet()));
            admin.cancelMoves(inFlight);
            restoreOrder(moves, inFlight, Duration.ofSeconds(1));
            if (!inFlight.isEmpty()) detail += "; " + inFlight.size() + " in-flight moves reverted";
        } catch (AdminException e) {
            detail += "; could not revert in-flight moves (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new RunOutcome(RunOutcome.Status.FAILED, detail, doneBytes, donePartitions,
                Duration.between(started, clock.instant()), List.of());
    }

    /**
     * Kafka reverts a cancelled move to the original replica set but not always in the original order, which
     * would change preferred leaders. Once the revert has settled, reorder (no data moves) and re-elect.
     */
    private void restoreOrder(List<PartitionMove> moves, Set<TopicPartitionRef> cancelled, Duration poll)
            throws AdminException, InterruptedException {
        if (cancelled.isEmpty()) return;
        Instant deadline = clock.instant().plusSeconds(60);
        while (!java.util.Collections.disjoint(admin.inProgress(), cancelled) && clock.instant().isBefore(deadline)) {
            sleeper.sleep(poll);
        }
        // The controller has reverted the moves, but the broker that answers describeTopics may still show the
        // in-flight replica lists (original plus destinations) for a moment: read until every cancelled partition
        // shows its original replica set (or its target, for a move that finished just before the cancel).
        List<PartitionMove> reverting = moves.stream().filter(m -> cancelled.contains(m.tp())).toList();
        Map<TopicPartitionRef, List<Integer>> now;
        while (true) {
            Map<TopicPartitionRef, List<Integer>> read = admin.replicas(cancelled);
            now = read;
            if (reverting.stream().allMatch(m -> settled(m, read.get(m.tp()))) || !clock.instant().isBefore(deadline)) {
                break;
            }
            sleeper.sleep(Duration.ofMillis(Math.min(200, poll.toMillis())));
        }
        Map<TopicPartitionRef, List<Integer>> reorder = new LinkedHashMap<>();
        for (PartitionMove m : moves) {
            List<Integer> current = now.get(m.tp());
            if (!cancelled.contains(m.tp()) || current == null || current.equals(m.from())) continue;
            if (new HashSet<>(current).equals(new HashSet<>(m.from())) && current.size() == m.from().size()) {
                reorder.put(m.tp(), m.from());
            }
        }
        if (reorder.isEmpty()) return;
        admin.startMoves(reorder);
        while (!java.util.Collections.disjoint(admin.inProgress(), reorder.keySet())
                && clock.instant().isBefore(deadline)) {
            sleeper.sleep(poll);
        }
        admin.electPreferredLeaders(reorder.keySet());
    }

    /** The partition's replicas are no longer in flight: back to the original set, or at the target. */
    private static boolean settled(PartitionMove m, List<Integer> current) {
        if (current == null) return true;
        return current.equals(m.to())
                || current.size() == m.from().size() && new HashSet<>(current).equals(new HashSet<>(m.from()));
    }

    /**
     * Removes the run's throttles: the topics' throttled replicas first (they are what actually throttles), then
     * the rate on each broker that is alive. A broker that is down cannot be reached (its dynamic config can only
     * be changed through the broker itself, and KRaft keeps it in the metadata log, so it applies again when the
     * broker returns): whatever could not be removed stays in the ledger, narrowed to exactly that, for the next
     * sweep; the rest is removed now.
     *
     * @return null when every throttle is gone, else a warning saying what is left
     */
    private String clearThrottles(String cluster, String runId, Set<Integer> brokers, Set<String> topics) {
        if (brokers.isEmpty() && topics.isEmpty()) return null;
        Set<String> topicsLeft = new TreeSet<>();
        Set<Integer> brokersLeft = new TreeSet<>();
        List<String> errors = new ArrayList<>();
        for (String t : topics) {
            try {
                admin.setTopicThrottledReplicas(t, List.of(), List.of());
            } catch (AdminException e) {
                topicsLeft.add(t);
                errors.add(e.getMessage());
            }
        }
        Set<Integer> live = new HashSet<>();
        boolean liveKnown = false;
        try {
            live.addAll(admin.liveBrokers());
            liveKnown = true;
        } catch (AdminException e) {
            errors.add(e.getMessage()); // the cluster cannot be reached: keep every broker in the ledger
        }
        for (int b : brokers) {
            if (!live.contains(b)) {
                brokersLeft.add(b);
                continue;
            }
            try {
                admin.setBrokerThrottle(Set.of(b), OptionalLong.empty());
            } catch (AdminException e) {
                brokersLeft.add(b);
                errors.add(e.getMessage());
            }
        }
        if (brokersLeft.isEmpty() && topicsLeft.isEmpty()) {
            ledger.clear(cluster, runId);
            return null;
        }
        ledger.record(new ThrottleLedger.Entry(cluster, runId, brokersLeft, topicsLeft));
        List<Integer> down = liveKnown ? brokersLeft.stream().filter(b -> !live.contains(b)).toList() : List.of();
        String what = (brokersLeft.isEmpty() ? "" : "the rate on broker(s) " + brokersLeft)
                + (!brokersLeft.isEmpty() && !topicsLeft.isEmpty() ? " and " : "")
                + (topicsLeft.isEmpty() ? "" : "the throttled replicas of topic(s) " + topicsLeft);
        String why = (down.isEmpty() ? "" : "broker(s) " + down + " not alive")
                + (!down.isEmpty() && !errors.isEmpty() ? "; " : "") + String.join("; ", errors);
        return "Throttles could not be removed yet: " + what + " (" + why + "); the bot removes them at its next "
                + "start or with the next run.";
    }

    private static final class Refusal extends Exception {
        Refusal(String message) {
            super(message);
        }
    }
}
