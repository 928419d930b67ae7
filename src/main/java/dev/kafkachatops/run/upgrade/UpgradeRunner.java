package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.HostException;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.UpgradeAdmin;
import dev.kafkachatops.run.RunControl;
import dev.kafkachatops.run.Sleeper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    private final UpgradeAdmin admin;
    private final IntFunction<BrokerHost> hosts;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Options options;
    private final Installer installer;

    public UpgradeRunner(UpgradeAdmin admin, IntFunction<BrokerHost> hosts, Clock clock, Sleeper sleeper,
                         Options options) {
        this(admin, hosts, clock, sleeper, options, Installer.NONE);
    }

    public UpgradeRunner(UpgradeAdmin admin, IntFunction<BrokerHost> hosts, Clock clock, Sleeper sleeper,
                         Options options, Installer installer) {
        this.admin = admin;
        this.hosts = hosts;
        this.clock = clock;
        this.sleeper = sleeper;
        this.options = options;
        this.installer = installer;
    }

    public Outcome run(UpgradePayload payload, RunControl control, Listener listener) {
        List<UpgradeStep> steps = new java.util.ArrayList<>(payload.plan().steps());
        while (!steps.isEmpty()) {
            UpgradeStep step = next(steps, control);
            steps.remove(step);
            Optional<Checkpoint> checkpoint = control.steps().get(step.key()); // read once: the store is a database
            if (checkpoint.map(c -> c.status() == Checkpoint.Status.DONE).orElse(false)) continue;
            boolean safePoint = step.kind() == StepKind.SAFETY_GATE || step.kind() == StepKind.PREFLIGHT
                    || step.kind() == StepKind.FINALIZE_METADATA
                    || (step.kind() == StepKind.STOP && checkpoint.isEmpty());
            if (safePoint && !midNode(step, checkpoint)) {
                if (control.cancelRequested()) {
                    return new Outcome(Outcome.Status.CANCELLED, "Cancelled before " + step.text(), Optional.empty());
                }
                if (control.pauseRequested()) {
                    return new Outcome(Outcome.Status.PAUSED, "Paused before " + step.text(), Optional.empty());
                }
            }
            Instant started = clock.instant();
            boolean retry = checkpoint.map(c -> c.status() == Checkpoint.Status.FAILED).orElse(false);
            control.steps().started(step.key(), "");
            listener.stepStarted(step);
            try {
                if (retry && step.kind() == StepKind.HEALTH_GATE) {
                    // retrying after a node did not come back: start it again first if its process is gone
                    BrokerHost host = hosts.apply(step.node().orElseThrow());
                    if (!host.isProcessRunning()) host.startBroker();
                }
                execute(step, payload, listener);
            } catch (HostException | AdminException | GateTimeout e) {
                control.steps().failed(step.key(), e.getMessage());
                return new Outcome(Outcome.Status.HALTED, step.text() + ": " + e.getMessage(), Optional.of(step));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(Outcome.Status.HALTED, step.text() + ": interrupted", Optional.of(step));
            } catch (RuntimeException e) {
                control.steps().failed(step.key(), String.valueOf(e.getMessage()));
                return new Outcome(Outcome.Status.HALTED, step.text() + ": " + e, Optional.of(step));
            }
            Duration took = Duration.between(started, clock.instant());
            control.steps().done(step.key(), "took " + took.toMillis() + " ms");
            listener.stepDone(step, took);
        }
        return new Outcome(Outcome.Status.DONE, "Every node runs " + payload.plan().target(), Optional.empty());
    }

    /**
     * The next step in plan order, except that a node about to be restarted is put after the other nodes of its
     * phase while it is the active controller: leadership moves during a roll, and restarting the current
     * controller last keeps the controller fail-overs to one per phase.
     */
    private UpgradeStep next(List<UpgradeStep> remaining, RunControl control) {
        // every checkpoint read once (the store is a database); a node whose restart is under way is finished first
        java.util.Set<String> checkpointed = control.steps().all().stream().map(Checkpoint::step)
                .collect(java.util.stream.Collectors.toSet());
        var inProgress = remaining.stream().filter(s -> s.node().isPresent() && s.kind() != StepKind.SAFETY_GATE
                && started(s, checkpointed)).findFirst();
        if (inProgress.isPresent()) return inProgress.get();
        UpgradeStep first = remaining.get(0);
        if (first.kind() != StepKind.SAFETY_GATE || first.node().isEmpty() || started(first, checkpointed)) {
            return first;
        }
        java.util.OptionalInt active;
        try {
            active = admin.activeController();
        } catch (AdminException e) {
            return first;
        }
        if (active.isEmpty() || active.getAsInt() != first.node().get()) return first;
        String phase = phaseKey(first);
        return remaining.stream().filter(s -> s.kind() == StepKind.SAFETY_GATE && s.node().isPresent()
                        && !s.node().equals(first.node()) && phaseKey(s).equals(phase) && !started(s, checkpointed))
                .findFirst().orElse(first);
    }

    private static String phaseKey(UpgradeStep s) {
        String[] parts = s.key().split("/");
        return parts[0] + "/" + parts[1];
    }

    /** Some step of this node in this phase has already been checkpointed (the node's restart is under way). */
    private static boolean started(UpgradeStep gate, java.util.Set<String> checkpointed) {
        String prefix = gate.key().substring(0, gate.key().lastIndexOf('/') + 1);
        return checkpointed.stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** Inside a node's restart (its STOP already started): pausing or cancelling now would leave it down. */
    private static boolean midNode(UpgradeStep step, Optional<Checkpoint> checkpoint) {
        return step.kind() == StepKind.STOP && checkpoint.map(c -> c.status() != Checkpoint.Status.DONE).orElse(false);
    }

    private void execute(UpgradeStep step, UpgradePayload payload, Listener listener)
            throws HostException, AdminException, InterruptedException, GateTimeout {
        Optional<Integer> node = step.node();
        switch (step.kind()) {
            case PREFLIGHT -> gate(step, listener, options.safetyTimeout(), () -> {
                int urp = admin.underReplicated();
                int off = admin.offline();
                return urp == 0 && off == 0 ? null : urp + " under-replicated and " + off + " offline partitions";
            });
            case INSTALL -> {
                String v = step.to().orElseThrow().toString();
                BrokerHost host = hosts.apply(node.orElseThrow());
                if (!host.detectInstall().isInstalled(v)) installer.install(host, v);
                if (!host.detectInstall().isInstalled(v)) {
                    throw new HostException(host.host() + ": " + v + " is still not installed after the install step",
                            false);
                }
            }
            case SAFETY_GATE -> {
                int n = node.orElseThrow();
                NodeRole role = payload.role(n);
                gate(step, listener, options.safetyTimeout(), () -> {
                    UpgradeAdmin.StopCheck c = admin.stopCheck(n, role.isBroker(), role.isController());
                    if (!c.quorumRisks().isEmpty()) return String.join("; ", c.quorumRisks());
                    List<String> below = c.belowMinIsr();
                    return below.isEmpty() ? null : below.size() + " partitions would fall below min.insync.replicas"
                            + " (e.g. " + below.get(0) + ")";
                });
            }
            case STOP -> hosts.apply(node.orElseThrow()).stopBroker();
            case RELINK -> hosts.apply(node.orElseThrow()).relink(step.to().orElseThrow().toString());
            case WRITE_CONFIG -> hosts.apply(node.orElseThrow()).writeConfig(step.from().orElseThrow().toString(),
                    step.to().orElseThrow().toString(), step.set(), new java.util.TreeSet<>(step.remove()));
            case START -> hosts.apply(node.orElseThrow()).startBroker(); // a no-op when it already runs
            case HEALTH_GATE -> healthGate(step, node.orElseThrow(), payload.role(node.get()), listener);
            case ELECT_LEADERS -> admin.electPreferredLeaders(node.orElseThrow());
            case FINALIZE_METADATA -> {
                var f = step.feature().orElseThrow();
                if (admin.finalizedLevel(f.feature()) < f.level()) admin.upgradeFeature(f.feature(), f.level());
                gate(step, listener, options.healthTimeout(), () -> admin.finalizedLevel(f.feature()) >= f.level()
                        ? null : f.feature() + " not yet at level " + f.level());
            }
        }
    }

    private void healthGate(UpgradeStep step, int n, NodeRole role, Listener listener)
            throws AdminException, InterruptedException, GateTimeout, HostException {
        BrokerHost host = hosts.apply(n);
        Instant since = clock.instant();
        Instant[] processCheckedAt = {Instant.MIN};
        gate(step, listener, options.healthTimeout(), () -> {
            // the cluster's view first: when it says healthy the gate passes without a round trip to the host
            UpgradeAdmin.NodeHealth h = null;
            String adminError = null;
            try {
                h = admin.nodeHealth(n, role.isBroker(), role.isController());
            } catch (AdminException e) {
                adminError = e.getMessage(); // the cluster may answer slowly while a node restarts: keep polling
            }
            if (h != null && h.healthy()) return null;
            // the node itself is up and only replicas are catching up: its process runs, no need to ask the host
            if (h != null && h.brokerUp() && h.voterCaughtUp()) {
                return h.underReplicated() + " under-replicated, " + h.offline() + " offline partitions";
            }
            // not up yet: is its process still there? (asked of the host every few seconds, not every poll: a
            // starting broker needs the CPU more than this check does)
            boolean askHost = Duration.between(processCheckedAt[0], clock.instant()).compareTo(PROCESS_CHECK) >= 0;
            if (askHost) processCheckedAt[0] = clock.instant();
            if (askHost && !host.isProcessRunning()) {
                if (Duration.between(since, clock.instant()).compareTo(PROCESS_GONE) >= 0) {
                    throw new ProcessGone("the process of node " + n + " is not running (it exited after its start; "
                            + "its log on " + host.host() + " says why)");
                }
                return "the process of node " + n + " is not running";
            }
            if (h == null) return adminError;
            return h.brokerUp() ? "controller " + n + " not caught up yet" : "broker " + n
                    + " not registered/unfenced yet";
        });
    }

    /**
     * Rolls {@code node} back to {@code version} (its version before this hop): stop, relink, start, health gate,
     * leaders. The old version's folder still holds its own config, untouched by the upgrade.
     */
    public void rollback(int node, String version, NodeRole role, Listener listener)
            throws HostException, AdminException, InterruptedException, GateTimeout {
        BrokerHost host = hosts.apply(node);
        host.stopBroker();
        host.relink(version);
        host.startBroker();
        UpgradeStep pseudo = new UpgradeStep("hop1/rollback/node-" + node + "/health-gate", StepKind.HEALTH_GATE,
                Optional.of(node), Optional.empty(), Optional.empty(), java.util.Map.of(), List.of(),
                Optional.empty(), "health gate of node " + node + " after its rollback", Duration.ZERO);
        healthGate(pseudo, node, role, listener);
        if (role.isBroker()) admin.electPreferredLeaders(node);
    }

    /** A node whose process is still absent this long after its start has failed to start: no point waiting. */
    static final Duration PROCESS_GONE = Duration.ofSeconds(15);
    /** How often the health gate asks the host whether a node that is not up yet still has a process. */
    static final Duration PROCESS_CHECK = Duration.ofSeconds(2);

    private static final class ProcessGone extends RuntimeException {
        ProcessGone(String message) {
            super(message);
        }
    }

    private interface Check {
        /** null when passed, else why not yet. */
        String why() throws AdminException, HostException;
    }

    private void gate(UpgradeStep step, Listener listener, Duration timeout, Check check)
            throws AdminException, InterruptedException, GateTimeout, HostException {
        Instant deadline = clock.instant().plus(timeout);
        String last = null;
        Instant lastReport = Instant.MIN;
        while (true) {
            String why;
            try {
                why = check.why();
            } catch (AdminException e) {
                why = e.getMessage(); // the cluster may answer slowly while a node restarts: keep polling
            } catch (ProcessGone e) {
                throw new GateTimeout(e.getMessage());
            }
            if (why == null) return;
            last = why;
            if (!clock.instant().isBefore(deadline)) {
                throw new GateTimeout("still not healthy after " + timeout.toSeconds() + " s: " + last);
            }
            if (Duration.between(lastReport, clock.instant()).toSeconds() >= 15) {
                listener.waiting(step, why);
                lastReport = clock.instant();
            }
            sleeper.sleep(options.poll());
        }
    }

    /** A gate that did not pass in time. */
    public static final class GateTimeout extends Exception {
        GateTimeout(String message) {
            super(message);
        }
    }
}
