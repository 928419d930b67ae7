package dev.kafkachatops.ops;

import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.port.WindowCalendar;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One operation per cluster at a time, in approval order. The holder of a cluster is the operation that is running,
 * halted, or paused after it started; approved operations wait in the queue and the next one is started when the
 * holder ends and the window is open.
 */
final class ClusterQueue {
    private final OperationStore store;
    private final JobScheduler scheduler;
    private final Function<String, WindowCalendar> calendars;
    private final Clock clock;

    ClusterQueue(OperationStore store, JobScheduler scheduler, Function<String, WindowCalendar> calendars,
                 Clock clock) {
        this.store = store;
        this.scheduler = scheduler;
        this.calendars = calendars;
        this.clock = clock;
    }

    /** The operation that holds the cluster: running, halted, or paused after its first step. */
    Optional<Operation> holder(String cluster) {
        return store.list(Optional.of(cluster), OpState.ACTIVE).stream()
                .filter(o -> o.state() != OpState.PAUSED || !store.checkpoints(o.id()).isEmpty())
                .findFirst();
    }

    /** Approved operations of a cluster in approval order (the queue {@code jobs} shows). */
    List<Operation> queue(String cluster) {
        return store.list(Optional.of(cluster), EnumSet.of(OpState.APPROVED));
    }

    /** Starts the next queued operation of the cluster if nothing holds it and its window is open now. */
    void kick(String cluster) {
        if (holder(cluster).isPresent()) return;
        if (calendars.apply(cluster).openUntil(clock.instant()).isEmpty()) return;
        queue(cluster).stream().findFirst().ifPresent(next -> scheduler.schedule(next.id(), clock.instant(), false));
    }
}
