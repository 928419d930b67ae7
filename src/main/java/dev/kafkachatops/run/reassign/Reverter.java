package dev.kafkachatops.run.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.run.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reverts in-flight moves: cancels them (empty target), then, since Kafka reverts a cancelled move to the original
 * replica set but not always in the original order (which would change preferred leaders), waits for the revert to
 * settle, reorders (no data moves) and re-elects.
 */
final class Reverter {
    private final ReassignmentAdmin admin;
    private final Clock clock;
    private final Sleeper sleeper;

    Reverter(ReassignmentAdmin admin, Clock clock, Sleeper sleeper) {
        this.admin = admin;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Reverts whatever of {@code moves} is in flight and returns the FAILED outcome saying so. */
    RunOutcome failAndRevert(List<PartitionMove> moves, String message, Tally tally) {
        String detail = message;
        try {
            Set<TopicPartitionRef> inFlight = new HashSet<>(admin.inProgress());
            inFlight.retainAll(moves.stream().map(PartitionMove::tp).collect(Collectors.toSet()));
            revert(moves, inFlight, Duration.ofSeconds(1));
            if (!inFlight.isEmpty()) detail += "; " + inFlight.size() + " in-flight moves reverted";
        } catch (AdminException e) {
            detail += "; could not revert in-flight moves (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new RunOutcome(RunOutcome.Status.FAILED, detail, tally.doneBytes, tally.donePartitions,
                Duration.between(tally.started, clock.instant()), List.of());
    }

    /** Cancels the moves of {@code inFlight} and restores their original replica order. */
    void revert(List<PartitionMove> moves, Set<TopicPartitionRef> inFlight, Duration poll)
            throws AdminException, InterruptedException {
        admin.cancelMoves(inFlight);
        if (inFlight.isEmpty()) return;
        Instant deadline = clock.instant().plusSeconds(60);
        awaitDone(inFlight, deadline, poll);
        Map<TopicPartitionRef, List<Integer>> now = settledReplicas(moves, inFlight, deadline, poll);
        Map<TopicPartitionRef, List<Integer>> reorder = new LinkedHashMap<>();
        for (PartitionMove m : moves) {
            List<Integer> current = now.get(m.tp());
            if (!inFlight.contains(m.tp()) || current == null || current.equals(m.from())) continue;
            if (new HashSet<>(current).equals(new HashSet<>(m.from())) && current.size() == m.from().size()) {
                reorder.put(m.tp(), m.from());
            }
        }
        if (reorder.isEmpty()) return;
        admin.startMoves(reorder);
        awaitDone(reorder.keySet(), deadline, poll);
        admin.electPreferredLeaders(reorder.keySet());
    }

    private void awaitDone(Set<TopicPartitionRef> partitions, Instant deadline, Duration poll)
            throws AdminException, InterruptedException {
        while (!Collections.disjoint(admin.inProgress(), partitions) && clock.instant().isBefore(deadline)) {
            sleeper.sleep(poll);
        }
    }

    /**
     * The controller has reverted the moves, but the broker that answers describeTopics may still show the
     * in-flight replica lists (original plus destinations) for a moment: read until every cancelled partition
     * shows its original replica set (or its target, for a move that finished just before the cancel).
     */
    private Map<TopicPartitionRef, List<Integer>> settledReplicas(List<PartitionMove> moves,
                                                                  Set<TopicPartitionRef> cancelled, Instant deadline,
                                                                  Duration poll)
            throws AdminException, InterruptedException {
        List<PartitionMove> reverting = moves.stream().filter(m -> cancelled.contains(m.tp())).toList();
        while (true) {
            Map<TopicPartitionRef, List<Integer>> read = admin.replicas(cancelled);
            if (reverting.stream().allMatch(m -> settled(m, read.get(m.tp()))) || !clock.instant().isBefore(deadline)) {
                return read;
            }
            sleeper.sleep(Duration.ofMillis(Math.min(200, poll.toMillis())));
        }
    }

    /** The partition's replicas are no longer in flight: back to the original set, or at the target. */
    private static boolean settled(PartitionMove m, List<Integer> current) {
        if (current == null) return true;
        return current.equals(m.to())
                || current.size() == m.from().size() && new HashSet<>(current).equals(new HashSet<>(m.from()));
    }
}
