package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.adapter.store.PlanCodec;
import dev.kafkachatops.command.Command;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradePlanner;
import dev.kafkachatops.plan.upgrade.UpgradeRefused;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.port.ClusterReader;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.run.ops.OperationService;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;
import dev.kafkachatops.run.upgrade.UpgradePayload;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code /kafka upgrade <version>}: gather the cluster and its hosts, plan, and hand an approvable plan to the
 * {@link OperationService}. A refusal (malformed or unknown version, downgrade, ZooKeeper to 4.x) is one line; a
 * plan with blockers is posted so the operator sees why, but it is not stored and cannot be approved; a cluster
 * already on the target gets "nothing to do".
 */
public final class UpgradeChat {
    private final Function<String, SnapshotGatherer> gatherers;
    private final UpgradePlanner planner;
    private final ChatNotifier chat;
    private final OperationService service;
    private final Clock clock;

    public UpgradeChat(Function<String, SnapshotGatherer> gatherers, UpgradePlanner planner, ChatNotifier chat,
                       OperationService service, Clock clock) {
        this.gatherers = gatherers;
        this.planner = planner;
        this.chat = chat;
        this.service = service;
        this.clock = clock;
    }

    public void plan(Command.Upgrade cmd, BotConfig.Cluster cluster, String user, String channel,
                     Consumer<String> error) {
        SnapshotGatherer.Gathered g;
        try {
            g = gatherers.apply(cluster.name()).gather(cluster.name());
        } catch (ClusterReader.ClusterUnavailableException | ReassignmentAdmin.AdminException e) {
            error.accept(e.getMessage());
            return;
        }
        UpgradePlan plan;
        try {
            plan = planner.plan(g.snapshot(), cmd.targetVersion());
        } catch (UpgradeRefused e) {
            error.accept(e.getMessage() + (g.hostProblems().isEmpty() ? "" : " (hosts: "
                    + String.join("; ", g.hostProblems()) + ")"));
            return;
        }
        String title = "upgrade " + plan.target();
        if (plan.isEmpty() || plan.blocked()) {
            chat.post(channel, Optional.empty(), (plan.isEmpty() ? "Nothing to do: " : "Blocked: ") + title,
                    RunViews.json(UpgradePlanView.render("-", plan, user, Optional.of(plan.isEmpty()
                            ? ":white_check_mark: Nothing to do."
                            : ":no_entry: *Not stored and cannot be approved*: fix the blockers above, then plan again."
                            + (g.hostProblems().isEmpty() ? "" : "\nHosts: " + String.join("; ", g.hostProblems()))),
                            false)));
            return;
        }
        var payload = new UpgradePayload(plan, g.roles(), g.versions());
        String json = PlanCodec.write(payload);
        Instant now = clock.instant();
        service.submit(new NewOperation(cluster.name(), OpKind.UPGRADE, title, user, channel, json,
                PlanCodec.hash(json), UpgradeOperations.fingerprint(payload), now,
                now.plus(cluster.approvals().expiry())));
    }
}
