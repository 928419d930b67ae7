package dev.kafkachatops.ops;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.ControlRequest;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.run.RunControl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Operator requests to a running operation ({@link ControlRequest}: cancel, pause, roll back), kept in the store so
 * that they reach the run whichever bot instance executes it, and the {@link RunControl} a run reads them through
 * (at most every {@link #POLL_MS} ms). An operation that left RUNNING under a run's feet (e.g. cancelled by another
 * instance) reads as a cancel.
 */
final class Controls {
    static final long POLL_MS = 1000;
    private final OperationStore store;
    private final Clock clock;

    Controls(OperationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void request(String id, ControlRequest.Action action, String user) {
        store.request(new ControlRequest(id, action, user, clock.instant()));
    }

    /** Clears a cancel or pause request, keeping a rollback request for the run that is about to start. */
    void clearForStart(String id) {
        if (!is(id, ControlRequest.Action.ROLLBACK)) store.clearControl(id);
    }

    void clear(String id) {
        store.clearControl(id);
    }

    boolean is(String id, ControlRequest.Action action) {
        return store.control(id).map(r -> r.action() == action).orElse(false);
    }

    String requester(String id) {
        return store.control(id).map(ControlRequest::user).orElse("bot");
    }

    /**
     * {@code room}: a run goes on to its next step only with this much window left, so it pauses at a safe point
     * that much before the window's end.
     */
    RunControl control(String id, Optional<Instant> deadline, Duration room) {
        return new StoreRunControl(id, deadline, deadline.map(d -> d.minus(room)));
    }

    private final class StoreRunControl implements RunControl {
        private final String id;
        private final Optional<Instant> deadline;
        private final Optional<Instant> lastStart;
        private long readAt = Long.MIN_VALUE;
        private Optional<ControlRequest.Action> cached = Optional.empty();

        StoreRunControl(String id, Optional<Instant> deadline, Optional<Instant> lastStart) {
            this.id = id;
            this.deadline = deadline;
            this.lastStart = lastStart;
        }

        private Optional<ControlRequest.Action> request() {
            long now = System.nanoTime() / 1_000_000;
            if (readAt == Long.MIN_VALUE || now - readAt >= POLL_MS) {
                cached = store.control(id).map(ControlRequest::action);
                Optional<Operation> op = store.find(id);
                if (op.isPresent() && op.get().state() != OpState.RUNNING && cached.isEmpty()) {
                    cached = Optional.of(ControlRequest.Action.CANCEL);
                }
                readAt = now;
            }
            return cached;
        }

        @Override
        public boolean cancelRequested() {
            return request().map(a -> a == ControlRequest.Action.CANCEL).orElse(false);
        }

        @Override
        public boolean rollbackRequested() {
            return is(id, ControlRequest.Action.ROLLBACK);
        }

        @Override
        public boolean pauseRequested() {
            return request().map(a -> a == ControlRequest.Action.PAUSE).orElse(false)
                    || lastStart.map(d -> !clock.instant().isBefore(d)).orElse(false);
        }

        @Override
        public Optional<Instant> deadline() {
            return deadline;
        }

        @Override
        public Steps steps() {
            return new StoreSteps(id);
        }
    }

    /** The run's step log, written through to the store at every call. */
    private final class StoreSteps implements RunControl.Steps {
        private final String id;

        StoreSteps(String id) {
            this.id = id;
        }

        @Override
        public List<Checkpoint> all() {
            return store.checkpoints(id);
        }

        @Override
        public Optional<Checkpoint> get(String step) {
            return all().stream().filter(c -> c.step().equals(step)).findFirst();
        }

        @Override
        public void write(String step, Checkpoint.Status s, String detail) {
            store.checkpoint(new Checkpoint(id, step, s, detail == null ? "" : detail, clock.instant()));
        }
    }
}
