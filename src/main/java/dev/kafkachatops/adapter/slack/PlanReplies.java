package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import dev.kafkachatops.command.Command;
import dev.kafkachatops.command.CommandParser;
import dev.kafkachatops.command.ParseResult;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.OperationService;
import dev.kafkachatops.ops.reassign.ReassignmentRequests;
import dev.kafkachatops.ops.upgrade.RestartRequests;
import dev.kafkachatops.ops.upgrade.UpgradeRequests;
import dev.kafkachatops.plan.balance.BalanceSummary;
import dev.kafkachatops.plan.reassign.PartitionReplicas;
import dev.kafkachatops.plan.reassign.ReassignmentJson;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.view.DiskChart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The planning commands in chat: asks the workflow whether the user may plan on the cluster (operators and
 * approvers, or anyone when it names no operators), hands {@code rebalance}, {@code expand}, {@code decommission} and
 * {@code upgrade} and {@code restart} to their use cases and shows what they came to. Only the requester sees a refusal (one line) and a
 * plan that has nothing to do; a blocked upgrade plan is shown in the channel; for a stored reassignment plan
 * {@code move.json} and the rollback file go in its thread (the plan message itself is posted by the workflow), with
 * the disk chart when a cluster-wide plan knows the sizes. Runs on a worker thread.
 */
public final class PlanReplies {
    private static final Logger log = LoggerFactory.getLogger(PlanReplies.class);
    private final OperationService service;
    private final ReassignmentRequests reassignments;
    private final UpgradeRequests upgrades;
    private final RestartRequests restarts;
    private final ChatNotifier chat;
    private final Function<String, Optional<BotConfig.Cluster>> clusters;

    public PlanReplies(OperationService service, ReassignmentRequests reassignments, UpgradeRequests upgrades,
                       RestartRequests restarts, ChatNotifier chat,
                       Function<String, Optional<BotConfig.Cluster>> clusters) {
        this.service = service;
        this.reassignments = reassignments;
        this.upgrades = upgrades;
        this.restarts = restarts;
        this.chat = chat;
        this.clusters = clusters;
    }

    /**
     * Plans {@code command} (a rebalance, expand, decommission or upgrade) for {@code user} if they may plan on the
     * cluster, and shows the result; what only they should see (a refusal, nothing to do) goes to {@code requester}.
     */
    void plan(Command command, BotConfig.Cluster cluster, String user, String channel, Consumer<Answer> requester) {
        if (!service.mayPlan(cluster.name(), user)) {
            List<String> unreadable = service.unreadableGroups(cluster.name());
            requester.accept(Answer.of(":x: " + OpTexts.notOperator(cluster) + (unreadable.isEmpty() ? ""
                    : " Slack would not tell the members of " + String.join(", ", unreadable) + ".")));
            return;
        }
        dispatch(command, cluster, user, channel, text -> requester.accept(Answer.of(":x: " + text)), requester);
    }

    /**
     * A plan the cluster outran: plan the same request again (on behalf of its requester, who was allowed to plan it)
     * and post it for approval; a refusal or nothing to do goes in the outrun plan's thread.
     */
    public void replan(Operation op) {
        BotConfig.Cluster cluster = clusters.apply(op.cluster()).orElse(null);
        if (cluster == null || !(CommandParser.parse(op.title()) instanceof ParseResult.Parsed parsed)) return;
        dispatch(parsed.command(), cluster, op.requester(), op.channel(), text -> chat.post(op.channel(),
                op.messageTs(), ":x: Re-planning failed: " + text, null), a -> chat.post(op.channel(), op.messageTs(),
                a.text(), a.blocks() == null ? null : RunViews.json(a.blocks())));
    }

    private void dispatch(Command command, BotConfig.Cluster cluster, String user, String channel,
                          Consumer<String> error, Consumer<Answer> requester) {
        if (command instanceof Command.Rebalance r) {
            reassignment(reassignments.rebalance(r, cluster, user, channel), cluster, user, error, requester);
        } else if (command instanceof Command.Expand e) {
            reassignment(reassignments.expand(e, cluster, user, channel), cluster, user, error, requester);
        } else if (command instanceof Command.Decommission d) {
            reassignment(reassignments.decommission(d, cluster, user, channel), cluster, user, error, requester);
        } else if (command instanceof Command.Upgrade u) {
            upgrade(upgrades.plan(u, cluster, user, channel), user, channel, error, requester);
        } else if (command instanceof Command.Restart r
                && restarts.plan(r, cluster, user, channel) instanceof RestartRequests.Result.Refused refused) {
            error.accept(refused.message()); // a stored plan is posted by the workflow
        }
    }

    private void reassignment(ReassignmentRequests.Result result, BotConfig.Cluster cluster, String user,
                              Consumer<String> error, Consumer<Answer> requester) {
        if (result instanceof ReassignmentRequests.Result.Refused r) {
            error.accept(r.message());
        } else if (result instanceof ReassignmentRequests.Result.NothingToMove n) {
            List<LayoutBlock> blocks = n.queueTitle().isPresent()
                    ? QueueView.render("-", n.queueTitle().get(), cluster.name(), n.plans(), user, Optional.empty(),
                    false, n.balance())
                    : PlanView.render("-", cluster.name(), n.plans().get(0), user, Optional.empty(), false);
            requester.accept(new Answer("Nothing to move: " + n.title(), blocks));
        } else if (result instanceof ReassignmentRequests.Result.Submitted s) {
            attachFiles(s.operation(), s.payload().plans(), s.payload().queueTitle().isPresent());
            s.payload().balance().filter(BalanceSummary::sizesKnown).ifPresent(b -> attachChart(s.operation(), b));
        }
    }

    private void attachFiles(Operation op, List<ReassignmentPlan> plans, boolean allTopics) {
        var targets = new ArrayList<PartitionReplicas>();
        var rollback = new ArrayList<PartitionReplicas>();
        for (ReassignmentPlan plan : plans) {
            plan.moves().forEach(m -> {
                targets.add(new PartitionReplicas(m.tp(), m.to()));
                rollback.add(new PartitionReplicas(m.tp(), m.from()));
            });
        }
        String note = allTopics ? " (all topics; the bot runs them one topic at a time)" : "";
        chat.upload(op.channel(), op.messageTs(), "move-" + op.id() + ".json", "move.json for "
                + "kafka-reassign-partitions.sh" + note, ReassignmentJson.format(targets));
        chat.upload(op.channel(), op.messageTs(), "rollback-" + op.id() + ".json", "Rollback: the current assignment",
                ReassignmentJson.format(rollback));
    }

    /**
     * The disk per broker before and after as a PNG in the plan's thread (a cluster-wide plan with sizes). The plan
     * is stored by now, so a chart that cannot be drawn is only logged.
     */
    private void attachChart(Operation op, BalanceSummary balance) {
        byte[] png;
        try {
            png = DiskChart.png("Disk per broker, plan " + op.id(), BalanceView.bars(balance));
        } catch (RuntimeException e) {
            log.warn("could not draw the disk chart of plan {}", op.id(), e);
            return;
        }
        chat.uploadBytes(op.channel(), op.messageTs(), "disk-per-broker-" + op.id() + ".png",
                "Disk per broker, before and after", png);
    }

    private void upgrade(UpgradeRequests.Result result, String user, String channel, Consumer<String> error,
                         Consumer<Answer> requester) {
        if (result instanceof UpgradeRequests.Result.Refused r) {
            error.accept(r.message());
        } else if (result instanceof UpgradeRequests.Result.NotStored n && n.plan().isEmpty()) {
            requester.accept(new Answer("Nothing to do: " + n.title(), UpgradePlanView.render("-", n.plan(), user,
                    Optional.of(":white_check_mark: Nothing to do."), false)));
        } else if (result instanceof UpgradeRequests.Result.NotStored n) {
            String hosts = n.hostProblems().isEmpty() ? "" : "\nHosts: " + String.join("; ", n.hostProblems());
            chat.post(channel, Optional.empty(), "Blocked: " + n.title(), RunViews.json(UpgradePlanView.render("-",
                    n.plan(), user, Optional.of(":no_entry: *Not stored and cannot be approved*: fix the blockers "
                            + "above, then plan again." + hosts), false)));
        }
    }
}
