package dev.kafkachatops.run;

import dev.kafkachatops.domain.ops.Checkpoint;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run's control in memory, for tests that call a runner directly: never cancelled, paused while {@link #pause}
 * is set, no window deadline, checkpoints in a map (in the order first written, replaced in place) stamped with
 * {@code clock}.
 */
public final class MemoryRunControl implements RunControl, RunControl.Steps {
    public final AtomicBoolean pause = new AtomicBoolean();
    private final String operation;
    private final Clock clock;
    private final Map<String, Checkpoint> steps = new LinkedHashMap<>();

    public MemoryRunControl(String operation, Clock clock) {
        this.operation = operation;
        this.clock = clock;
    }

    @Override
    public boolean cancelRequested() {
        return false;
    }

    @Override
    public boolean pauseRequested() {
        return pause.get();
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public Steps steps() {
        return this;
    }

    @Override
    public synchronized List<Checkpoint> all() {
        return List.copyOf(steps.values());
    }

    @Override
    public synchronized Optional<Checkpoint> get(String step) {
        return Optional.ofNullable(steps.get(step));
    }

    @Override
    public void write(String step, Checkpoint.Status status, String detail) {
        put(step, status, detail);
    }

    private synchronized void put(String step, Checkpoint.Status s, String detail) {
        steps.put(step, new Checkpoint(operation, step, s, detail, clock.instant()));
    }
}
