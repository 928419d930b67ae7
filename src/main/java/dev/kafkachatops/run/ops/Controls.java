package dev.kafkachatops.run.ops;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.port.OperationStore;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Operator requests to a running operation (cancel, pause), kept in the store as the operation's {@code control}
 * checkpoint so that they reach the run whichever bot instance executes it. Runs read them at most every
 * {@link #POLL_MS} ms.
 */
final class Controls {
    static final long POLL_MS = 1000;
    private final OperationStore store;
    private final Clock clock;

    Controls(OperationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    void request(String id, String what, String user) {
        store.checkpoint(new Checkpoint(id, OperationService.CONTROL_STEP, Checkpoint.Status.STARTED,
                what + " " + user, clock.instant()));
    }

    /** Clears a cancel or pause request, keeping a rollback request for the run that is about to start. */
    void clearForStart(String id) {
        if (current(id).map(d -> d.startsWith("rollback")).orElse(false)) return;
        clear(id);
    }

    void clear(String id) {
        if (store.checkpoints(id).stream().anyMatch(c -> c.step().equals(OperationService.CONTROL_STEP))) {
            store.checkpoint(new Checkpoint(id, OperationService.CONTROL_STEP, Checkpoint.Status.SKIPPED, "",
                    clock.instant()));
        }
    }

    private Optional<String> current(String id) {
        return store.checkpoints(id).stream().filter(c -> c.step().equals(OperationService.CONTROL_STEP)
                && c.status() == Checkpoint.Status.STARTED).map(Checkpoint::detail).findFirst();
    }

    boolean pauseByOperator(String id) {
        return current(id).map(d -> d.startsWith("pause")).orElse(false);
    }

    String requester(String id) {
        return current(id).map(d -> d.substring(d.indexOf(' ') + 1)).orElse("bot");
    }

    RunControl control(String id, Optional<Instant> deadline) {
        return new RunControl() {
            private long readAt;
            private Optional<String> cached = Optional.empty();

            private Optional<String> request() {
                long now = System.nanoTime() / 1_000_000;
                if (now - readAt >= POLL_MS) {
                    cached = current(id);
                    Optional<Operation> op = store.find(id);
                    if (op.isPresent() && op.get().state() != OpState.RUNNING && cached.isEmpty()) {
                        cached = Optional.of("cancel bot");
                    }
                    readAt = now;
                }
                return cached;
            }

            @Override
            public boolean cancelRequested() {
                return request().map(d -> d.startsWith("cancel")).orElse(false);
            }

            @Override
            public boolean rollbackRequested() {
                return current(id).map(d -> d.startsWith("rollback")).orElse(false);
            }

            @Override
            public boolean pauseRequested() {
                return request().map(d -> d.startsWith("pause")).orElse(false)
                        || deadline.map(d -> !clock.instant().isBefore(d)).orElse(false);
            }

            @Override
            public Optional<Instant> deadline() {
                return deadline;
            }

            @Override
            public Steps steps() {
                return new Steps() {
                    @Override
                    public List<Checkpoint> all() {
                        return store.checkpoints(id).stream()
                                .filter(c -> !c.step().equals(OperationService.CONTROL_STEP)).toList();
                    }

                    @Override
                    public Optional<Checkpoint> get(String step) {
                        return all().stream().filter(c -> c.step().equals(step)).findFirst();
                    }

                    @Override
                    public void started(String step, String detail) {
                        write(step, Checkpoint.Status.STARTED, detail);
                    }

                    @Override
                    public void done(String step, String detail) {
                        write(step, Checkpoint.Status.DONE, detail);
                    }

                    @Override
                    public void failed(String step, String detail) {
                        write(step, Checkpoint.Status.FAILED, detail);
                    }

                    @Override
                    public void skipped(String step, String detail) {
                        write(step, Checkpoint.Status.SKIPPED, detail);
                    }

                    private void write(String step, Checkpoint.Status s, String detail) {
                        store.checkpoint(new Checkpoint(id, step, s, detail == null ? "" : detail, clock.instant()));
                    }
                };
            }
        };
    }
}
