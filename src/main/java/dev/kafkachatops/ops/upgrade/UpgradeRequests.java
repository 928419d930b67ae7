package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.command.Command;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.OperationKind;
import dev.kafkachatops.ops.PlanSubmission;
import dev.kafkachatops.plan.upgrade.Batching;
import dev.kafkachatops.plan.upgrade.OldClients;
import dev.kafkachatops.plan.upgrade.Rehearsal;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradePlanner;
import dev.kafkachatops.plan.upgrade.UpgradeRefused;
import dev.kafkachatops.port.ClusterReader;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;
import dev.kafkachatops.run.upgrade.UpgradePayload;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code upgrade <version>}: gather the cluster and its hosts, plan, and submit an approvable plan. A refusal
 * (another upgrade of the cluster approved, running, paused or halted; malformed or unknown version, downgrade,
 * ZooKeeper to 4.x) is one line; a plan with blockers, or a cluster already on the target, is shown but not stored
 * and cannot be approved. A production cluster's plan passes the rehearsal gate ({@link RehearsalGate}); one asked
 * with {@code skip-rehearsal} is stored under that title, needs one approval more, and the skip is audited. An upgrade
 * into 4.x passes the old-clients gate ({@link OldClientsGate}); one asked with {@code allow-old-clients} over clients
 * seen is stored under that title and the override is audited.
 */
public final class UpgradeRequests {
    /** What a request came to. */
    public sealed interface Result {
        record Refused(String message) implements Result {
        }

        /** Nothing to do, or blocked: shown so the operator sees why, never stored. */
        record NotStored(String title, UpgradePlan plan, List<String> hostProblems) implements Result {
        }

        record Submitted(Operation operation) implements Result {
        }
    }

    private final Function<String, SnapshotGatherer> gatherers;
    private final UpgradePlanner planner;
    private final OperationKind<UpgradePayload> kind;
    private final PlanSubmission submission;
    private final UpgradesInProgress inProgress;
    private final Optional<ConfigPreflight> configs;
    private final Optional<RehearsalGate> rehearsals;
    private final Optional<OldClientsGate> oldClients;

    public UpgradeRequests(Function<String, SnapshotGatherer> gatherers, UpgradePlanner planner,
                           OperationKind<UpgradePayload> kind, PlanSubmission submission, OperationStore store) {
        this(gatherers, planner, kind, submission, store, Optional.empty());
    }

    public UpgradeRequests(Function<String, SnapshotGatherer> gatherers, UpgradePlanner planner,
                           OperationKind<UpgradePayload> kind, PlanSubmission submission, OperationStore store,
                           Optional<ConfigPreflight> configs) {
        this(gatherers, planner, kind, submission, store, configs, Optional.empty());
    }

    /**
     * {@code configs}: checks each node's config against the target release's own definitions; {@code rehearsals}:
     * the rehearsal gate of production clusters.
     */
    public UpgradeRequests(Function<String, SnapshotGatherer> gatherers, UpgradePlanner planner,
                           OperationKind<UpgradePayload> kind, PlanSubmission submission, OperationStore store,
                           Optional<ConfigPreflight> configs, Optional<RehearsalGate> rehearsals) {
        this(gatherers, planner, kind, submission, store, configs, rehearsals, Optional.empty());
    }

    /** {@code oldClients}: the gate on clients that Kafka 4.x refuses, from each broker's metrics. */
    public UpgradeRequests(Function<String, SnapshotGatherer> gatherers, UpgradePlanner planner,
                           OperationKind<UpgradePayload> kind, PlanSubmission submission, OperationStore store,
                           Optional<ConfigPreflight> configs, Optional<RehearsalGate> rehearsals,
                           Optional<OldClientsGate> oldClients) {
        this.oldClients = oldClients;
        this.configs = configs;
        this.rehearsals = rehearsals;
        this.gatherers = gatherers;
        this.planner = planner;
        this.kind = kind;
        this.submission = submission;
        this.inProgress = new UpgradesInProgress(store);
    }

    /** The cluster's {@code upgrade.batch} and {@code upgrade.maxBatch}. */
    static Batching batching(BotConfig.Cluster cluster) {
        return new Batching(cluster.upgrade().batch(), cluster.upgrade().maxBatch());
    }

    public Result plan(Command.Upgrade cmd, BotConfig.Cluster cluster, String user, String channel) {
        Optional<String> busy = inProgress.refusal(cluster.name());
        if (busy.isPresent()) return new Result.Refused(busy.get());
        SnapshotGatherer.Gathered g;
        try {
            g = gatherers.apply(cluster.name()).gather(cluster.name());
        } catch (ClusterReader.ClusterUnavailableException | ReassignmentAdmin.AdminException e) {
            return new Result.Refused(e.getMessage());
        }
        UpgradePlan plan;
        try {
            plan = submission.timed(OpKind.UPGRADE, () -> planner.plan(g.snapshot(), cmd.targetVersion(),
                    batching(cluster)));
        } catch (UpgradeRefused e) {
            return new Result.Refused(e.getMessage() + (g.hostProblems().isEmpty() ? "" : " (hosts: "
                    + String.join("; ", g.hostProblems()) + ")"));
        }
        if (configs.isPresent()) plan = configs.get().check(plan, g);
        Rehearsal.Decision rehearsal = rehearsal(plan, cluster, cmd.skipRehearsal());
        if (rehearsal.finding().isPresent()) plan = plan.withFindings(List.of(rehearsal.finding().get()));
        OldClients.Decision clients = oldClients.isEmpty() ? new OldClients.Decision(List.of(), false)
                : oldClients.get().check(plan, g, cmd.allowOldClients());
        if (!clients.findings().isEmpty()) plan = plan.withFindings(clients.findings());
        String title = "upgrade " + plan.target() + (rehearsal.skipped() ? " skip-rehearsal" : "")
                + (clients.overridden() ? " allow-old-clients" : "");
        if (plan.isEmpty() || plan.blocked()) return new Result.NotStored(title, plan, g.hostProblems());
        Operation op = submission.submit(kind, cluster, title, user, channel,
                new UpgradePayload(plan, g.roles(), g.versions(), rehearsal.skipped() ? 1 : 0));
        if (rehearsal.skipped()) rehearsals.get().auditSkip(op, user, rehearsal.finding().get().detail());
        clients.override().ifPresent(f -> oldClients.get().auditOverride(op, user, f.detail()));
        return new Result.Submitted(op);
    }

    private Rehearsal.Decision rehearsal(UpgradePlan plan, BotConfig.Cluster cluster, boolean skip) {
        if (rehearsals.isEmpty()) return new Rehearsal.Decision(Optional.empty(), false);
        return rehearsals.get().check(plan, cluster, skip);
    }
}
