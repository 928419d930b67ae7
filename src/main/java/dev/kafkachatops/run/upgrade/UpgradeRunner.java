package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.Phase;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.ConfigChange;
import dev.kafkachatops.port.HostException;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.UpgradeAdmin;
import dev.kafkachatops.run.RunControl;
import dev.kafkachatops.run.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Runs an upgrade plan step by step, the operations guide's rolling procedure with gates.
 * <ol>
 *   <li>Steps run in the plan's order (controllers before brokers, the active controller last; ZooKeeper: pins
 *       phase, then the phase that removes them; KRaft: finalize {@code metadata.version} last). Each step is
 *       checkpointed STARTED before it acts and DONE once verified; a resumed run skips DONE steps and repeats the
 *       one it was in (every step is idempotent: stopping a stopped broker, relinking to the same folder, writing
 *       the same config, starting a running broker, raising a feature already at its level are no-ops).</li>
 *   <li>Safety gate before a stop: no partition may fall below {@code min.insync.replicas}, and a controller
 *       stops only while the other voters are caught up; the gate waits (polling) up to its timeout.</li>
 *   <li>Health gate after a start: the broker registered and unfenced (a controller back in the quorum and caught
 *       up), no under-replicated and no offline partitions; then a preferred leader election for its partitions.</li>
 *   <li>Between nodes (a safe point) the run pauses when the window ends or an operator asks, and stops when
 *       cancelled; inside a node's steps it always carries on to the health gate, so no broker is left down.</li>
 *   <li>A gate that times out or a step that fails halts the run with the state kept: the operator retries
 *       (resume), rolls the node back to its old version ({@link #rollback}), or aborts.</li>
 * </ol>
 * A rolling restart ({@link #run(RestartPayload, RunControl, Listener)}) runs the same way: its plan has the same
 * per-node steps without the relink, the config copy and the finalize.
 * A batched phase (brokers restarted together, {@link Phase#batches()}) runs batch by batch through
 * {@link BatchRun}: a batch-wide safety gate on the live state (the batch split when it would break it), every member
 * stopped and started at once, each member's health gate and leaders; checkpoints per node and step as above.
 * The parts: {@link StepOrder} (which step next, step 1), {@link StepActions} (what a step does, and the
 * rollback) and {@link Gates} (steps 2 and 3, with their polling).
 */
public final class UpgradeRunner {

    /** Gate timeouts (generous) and the poll interval (short, so the bot adds little time of its own). */
    public record Options(Duration safetyTimeout, Duration healthTimeout, Duration poll) {
        public static Options defaults() {
            return new Options(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMillis(250));
        }
    }

    /** Called on the runner's thread as steps start and finish. */
    public interface Listener {
        default void stepStarted(UpgradeStep step) {
        }

        default void stepDone(UpgradeStep step, Duration took) {
        }

        default void waiting(UpgradeStep step, String why) {
        }

        /** A config-copy step wrote (or found already written) a node's config. */
        default void configWritten(UpgradeStep step, ConfigChange change) {
        }

        /** A batch of brokers would break the safety rule on the live state: it runs as {@code parts}, in turn. */
        default void batchSplit(List<Integer> batch, List<List<Integer>> parts, String why) {
        }
    }

    /** How a run ended: DONE, PAUSED/CANCELLED at a safe point, or HALTED at a step (kept for retry/rollback). */
    public record Outcome(Status status, String message, Optional<UpgradeStep> haltedAt) {
        public enum Status { DONE, PAUSED, CANCELLED, HALTED }
    }

    /** Puts a release that is not installed yet onto a host (download from the mirror, checksum, unpack). */
    public interface Installer {
        void install(BrokerHost host, String version) throws HostException;

        Installer NONE = (host, version) -> {
            throw new HostException(host.host() + ": " + version + " is not installed and no install mirror is "
                    + "configured (hosts.mirror); install it beside the current version", false);
        };
    }

    private final Clock clock;
    private final StepOrder order;
    private final StepActions actions;
    private final Gates gates;

    public UpgradeRunner(UpgradeAdmin admin, IntFunction<BrokerHost> hosts, Clock clock, Sleeper sleeper,
                         Options options) {
        this(admin, hosts, clock, sleeper, options, Installer.NONE);
    }

    public UpgradeRunner(UpgradeAdmin admin, IntFunction<BrokerHost> hosts, Clock clock, Sleeper sleeper,
                         Options options, Installer installer) {
        this.clock = clock;
        this.order = new StepOrder(admin);
        this.gates = new Gates(admin, clock, sleeper, options);
        this.actions = new StepActions(admin, hosts, gates, installer);
    }

    public Outcome run(UpgradePayload payload, RunControl control, Listener listener) {
        return run(payload.plan().hops().stream().flatMap(h -> h.phases().stream()).toList(), payload::role, control,
                listener, "Every node runs " + payload.plan().target());
    }

    /**
     * A rolling restart: the same steps, gates, checkpoints and safe points as an upgrade's, with no version change
     * (its plan has no relink, config or finalize step).
     */
    public Outcome run(RestartPayload payload, RunControl control, Listener listener) {
        return run(payload.plan().phases(), payload::role, control, listener, "Every node of the restart ("
                + payload.plan().scope() + ") was restarted and is healthy");
    }

    private Outcome run(List<Phase> phases, IntFunction<NodeRole> roles, RunControl control, Listener listener,
                        String done) {
        List<UpgradeStep> steps = new ArrayList<>(phases.stream().flatMap(p -> p.steps().stream()).toList());
        while (!steps.isEmpty()) {
            UpgradeStep step = order.next(steps, control);
            Optional<Phase> batched = phases.stream().filter(p -> p.batched() && p.steps().contains(step)).findFirst();
            if (batched.isPresent() && step.node().isPresent()) {
                List<Integer> members = batched.get().unitOf(step.node().get());
                List<UpgradeStep> unit = batched.get().steps().stream().filter(s -> s.node().isPresent()
                        && members.contains(s.node().get())).toList();
                steps.removeAll(unit);
                Optional<Outcome> o = batchRun(roles, control, listener).run(members, unit);
                if (o.isPresent()) return o.get();
                continue;
            }
            steps.remove(step);
            Optional<Checkpoint> checkpoint = control.steps().get(step.key()); // read once: the store is a database
            if (checkpoint.map(c -> c.status() == Checkpoint.Status.DONE).orElse(false)) continue;
            Optional<Outcome> stopped = stopBefore(step, checkpoint, control);
            if (stopped.isPresent()) return stopped.get();
            Optional<Outcome> halted = attempt(step, checkpoint, roles, control, listener);
            if (halted.isPresent()) return halted.get();
        }
        return new Outcome(Outcome.Status.DONE, done, Optional.empty());
    }

    private BatchRun batchRun(IntFunction<NodeRole> roles, RunControl control, Listener listener) {
        return new BatchRun(gates, control, listener, new BatchRun.Steps() {
            @Override
            public Optional<Outcome> one(UpgradeStep step, Optional<Checkpoint> checkpoint) {
                return attempt(step, checkpoint, roles, control, listener);
            }

            @Override
            public Optional<Outcome> together(List<UpgradeStep> steps, Map<String, Optional<Checkpoint>> cps) {
                return attemptTogether(steps, cps, roles, control, listener);
            }

            @Override
            public Optional<Outcome> safePoint(UpgradeStep step, Optional<Checkpoint> checkpoint) {
                return stopBefore(step, checkpoint, control);
            }

            @Override
            public void passed(UpgradeStep step, String detail) {
                control.steps().started(step.key(), "");
                listener.stepStarted(step);
                control.steps().done(step.key(), detail);
                listener.stepDone(step, Duration.ZERO);
            }
        });
    }

    /**
     * Runs {@code steps} (of different nodes) at once between their checkpoints, written on this thread; the
     * listener hears from this thread too, except a gate's waiting notes (serialized). Empty when all are done, else
     * the HALTED outcome of the first that failed (the others still finish first).
     */
    private Optional<Outcome> attemptTogether(List<UpgradeStep> steps, Map<String, Optional<Checkpoint>> cps,
                                              IntFunction<NodeRole> roles, RunControl control, Listener listener) {
        Instant started = clock.instant();
        Listener serial = new Listener() {
            @Override
            public synchronized void waiting(UpgradeStep step, String why) {
                listener.waiting(step, why);
            }
        };
        ExecutorService pool = Executors.newFixedThreadPool(steps.size(), r -> {
            Thread t = new Thread(r, "batch-step");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (UpgradeStep step : steps) {
                boolean retry = cps.getOrDefault(step.key(), Optional.empty())
                        .map(c -> c.status() == Checkpoint.Status.FAILED).orElse(false);
                control.steps().started(step.key(), "");
                listener.stepStarted(step);
                running.add(pool.submit(() -> {
                    actions.execute(step, roles, serial, retry);
                    return null;
                }));
            }
            Optional<Outcome> halted = Optional.empty();
            for (int i = 0; i < steps.size(); i++) {
                UpgradeStep step = steps.get(i);
                try {
                    running.get(i).get();
                    Duration took = Duration.between(started, clock.instant());
                    control.steps().done(step.key(), "took " + took.toMillis() + " ms");
                    listener.stepDone(step, took);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    String why = cause instanceof HostException || cause instanceof AdminException
                            || cause instanceof GateTimeout ? cause.getMessage() : cause.toString();
                    control.steps().failed(step.key(), String.valueOf(why));
                    if (halted.isEmpty()) halted = halted(step, why);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return halted(step, "interrupted");
                }
            }
            return halted;
        } finally {
            pool.shutdownNow();
        }
    }

    /** At a safe point (between nodes), the end a cancel or pause request asks for. */
    private static Optional<Outcome> stopBefore(UpgradeStep step, Optional<Checkpoint> checkpoint,
                                                RunControl control) {
        boolean safePoint = step.kind() == StepKind.SAFETY_GATE || step.kind() == StepKind.PREFLIGHT
                || step.kind() == StepKind.FINALIZE_METADATA
                || (step.kind() == StepKind.STOP && checkpoint.isEmpty());
        if (!safePoint || midNode(step, checkpoint)) return Optional.empty();
        if (control.cancelRequested()) {
            return Optional.of(new Outcome(Outcome.Status.CANCELLED, "Cancelled before " + step.text(),
                    Optional.empty()));
        }
        if (control.pauseRequested()) {
            return Optional.of(new Outcome(Outcome.Status.PAUSED, "Paused before " + step.text(), Optional.empty()));
        }
        return Optional.empty();
    }

    /** Inside a node's restart (its STOP already started): pausing or cancelling now would leave it down. */
    private static boolean midNode(UpgradeStep step, Optional<Checkpoint> checkpoint) {
        return step.kind() == StepKind.STOP && checkpoint.map(c -> c.status() != Checkpoint.Status.DONE).orElse(false);
    }

    /** Runs one step between its checkpoints; empty when it is done, else the HALTED outcome. */
    private Optional<Outcome> attempt(UpgradeStep step, Optional<Checkpoint> checkpoint, IntFunction<NodeRole> roles,
                                      RunControl control, Listener listener) {
        Instant started = clock.instant();
        boolean retry = checkpoint.map(c -> c.status() == Checkpoint.Status.FAILED).orElse(false);
        control.steps().started(step.key(), "");
        listener.stepStarted(step);
        try {
            actions.execute(step, roles, listener, retry);
        } catch (HostException | AdminException | GateTimeout e) {
            control.steps().failed(step.key(), e.getMessage());
            return halted(step, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return halted(step, "interrupted");
        } catch (RuntimeException e) {
            control.steps().failed(step.key(), String.valueOf(e.getMessage()));
            return halted(step, e.toString());
        }
        Duration took = Duration.between(started, clock.instant());
        control.steps().done(step.key(), "took " + took.toMillis() + " ms");
        listener.stepDone(step, took);
        return Optional.empty();
    }

    private static Optional<Outcome> halted(UpgradeStep step, String why) {
        return Optional.of(new Outcome(Outcome.Status.HALTED, step.text() + ": " + why, Optional.of(step)));
    }

    /**
     * Rolls {@code node} back to {@code version} (its version before this hop): stop, relink, start, health gate,
     * leaders. The old version's folder still holds its own config, untouched by the upgrade.
     */
    public void rollback(int node, String version, NodeRole role, Listener listener)
            throws HostException, AdminException, InterruptedException, GateTimeout {
        actions.rollback(node, version, role, listener);
    }
}
