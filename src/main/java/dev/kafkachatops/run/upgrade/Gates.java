package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.RollBatches;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.BrokerHost;
import dev.kafkachatops.port.HostException;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.UpgradeAdmin;
import dev.kafkachatops.run.Sleeper;
import dev.kafkachatops.view.Format;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The runner's gates: each polls one check of the cluster until it passes or its timeout ends (then
 * {@link GateTimeout}), telling the listener why it waits at most every 15 s. An Admin error counts as "not yet": the
 * cluster may answer slowly while a node restarts.
 */
final class Gates {
    /** A node whose process is still absent this long after its start has failed to start: no point waiting. */
    static final Duration PROCESS_GONE = Duration.ofSeconds(15);
    /** How often the health gate asks the host whether a node that is not up yet still has a process. */
    static final Duration PROCESS_CHECK = Duration.ofSeconds(2);

    private final UpgradeAdmin admin;
    private final Clock clock;
    private final Sleeper sleeper;
    private final UpgradeRunner.Options options;

    Gates(UpgradeAdmin admin, Clock clock, Sleeper sleeper, UpgradeRunner.Options options) {
        this.admin = admin;
        this.clock = clock;
        this.sleeper = sleeper;
        this.options = options;
    }

    /** Before the roll: no under-replicated and no offline partitions. */
    void preflight(UpgradeStep step, UpgradeRunner.Listener listener)
            throws AdminException, InterruptedException, GateTimeout, HostException {
        await(step, listener, options.safetyTimeout(), () -> {
            int urp = admin.underReplicated();
            int off = admin.offline();
            return urp == 0 && off == 0 ? null : urp + " under-replicated and " + off + " offline partitions";
        });
    }

    /** Before a stop: the quorum keeps its majority and no partition falls below {@code min.insync.replicas}. */
    void safety(UpgradeStep step, int n, NodeRole role, UpgradeRunner.Listener listener)
            throws AdminException, InterruptedException, GateTimeout, HostException {
        await(step, listener, options.safetyTimeout(), () -> {
            UpgradeAdmin.StopCheck c = admin.stopCheck(n, role.isBroker(), role.isController());
            if (!c.quorumRisks().isEmpty()) return String.join("; ", c.quorumRisks());
            List<String> below = c.belowMinIsr();
            return below.isEmpty() ? null : Format.plural(below.size(), "partition")
                    + " would fall below min.insync.replicas"
                    + " (e.g. " + below.get(0) + ")";
        });
    }

    /**
     * After a stop: the broker is no longer registered and unfenced, so the health gate after its start cannot pass
     * on its previous registration (a broker killed rather than shut down stays listed until its session times out).
     */
    void down(UpgradeStep step, int n, UpgradeRunner.Listener listener)
            throws AdminException, InterruptedException, GateTimeout, HostException {
        await(step, listener, options.healthTimeout(), () -> admin.brokerUp(n) ? "broker " + n
                + " still registered after its stop" : null);
    }

    /**
     * Before a batch stops: the partitions that would fall below {@code min.insync.replicas} with every member down,
     * on the live state (empty: the batch may stop), and that state, to split the batch by.
     */
    BatchCheck batchSafety(List<Integer> members) throws AdminException {
        List<RollBatches.Partition> live = admin.placements().stream().map(p -> new RollBatches.Partition(
                p.partition(), p.replicas(), p.isr(), p.minIsr())).toList();
        return new BatchCheck(RollBatches.belowMinIsr(members, live), live);
    }

    record BatchCheck(List<String> below, List<RollBatches.Partition> live) {
    }

    /** After a start: the node is up (a process that died gives up early) and no partition is under-replicated. */
    void health(UpgradeStep step, int n, NodeRole role, BrokerHost host, UpgradeRunner.Listener listener)
            throws AdminException, InterruptedException, GateTimeout, HostException {
        Instant since = clock.instant();
        Instant[] processCheckedAt = {Instant.MIN};
        await(step, listener, options.healthTimeout(), () -> {
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

    /** After raising a feature: the cluster reports it finalized at {@code level}. */
    void finalized(UpgradeStep step, String feature, int level, UpgradeRunner.Listener listener)
            throws AdminException, InterruptedException, GateTimeout, HostException {
        await(step, listener, options.healthTimeout(), () -> admin.finalizedLevel(feature) >= level
                ? null : feature + " not yet at level " + level);
    }

    private static final class ProcessGone extends RuntimeException {
        ProcessGone(String message) {
            super(message);
        }
    }

    private interface Check {
        /** null when passed, else why not yet. */
        String why() throws AdminException, HostException;
    }

    private void await(UpgradeStep step, UpgradeRunner.Listener listener, Duration timeout, Check check)
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
}
