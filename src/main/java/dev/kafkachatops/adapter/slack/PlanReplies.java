package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import dev.kafkachatops.command.Command;
import dev.kafkachatops.command.CommandParser;
import dev.kafkachatops.command.ParseResult;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.reassign.ReassignmentRequests;
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
 * The planning commands in chat: hands {@code rebalance}, {@code expand} and {@code upgrade} to their use cases and
 * shows what they came to: a refusal as one line, a plan that is not stored (nothing to do, blocked) in the
 * channel, and for a stored reassignment plan {@code move.json} and the rollback file in its thread (the plan
 * message itself is posted by the workflow), with the disk chart when a cluster-wide plan knows the sizes. Runs on
 * a worker thread.
 */
public final class PlanReplies {
    private static final Logger log = LoggerFactory.getLogger(PlanReplies.class);
    private final ReassignmentRequests reassignments;
    private final UpgradeRequests upgrades;
    private final ChatNotifier chat;
    private final Function<String, Optional<BotConfig.Cluster>> clusters;

    public PlanReplies(ReassignmentRequests reassignments, UpgradeRequests upgrades, ChatNotifier chat,
                       Function<String, Optional<BotConfig.Cluster>> clusters) {
        this.reassignments = reassignments;
        this.upgrades = upgrades;
        this.chat = chat;
        this.clusters = clusters;
    }

    /** Plans {@code command} (a rebalance, expand or upgrade) and shows the result; problems go to {@code error}. */
    public void plan(Command command, BotConfig.Cluster cluster, String user, String channel, Consumer<String> error) {
        if (command instanceof Command.Rebalance r) {
            reassignment(reassignments.rebalance(r, cluster, user, channel), cluster, user, channel, error);
        } else if (command instanceof Command.Expand e) {
            reassignment(reassignments.expand(e, cluster, user, channel), cluster, user, channel, error);
        } else if (command instanceof Command.Decommission d) {
            reassignment(reassignments.decommission(d, cluster, user, channel), cluster, user, channel, error);
        } else if (command instanceof Command.Upgrade u) {
            upgrade(upgrades.plan(u, cluster, user, channel), user, channel, error);
        }
    }

    /** A plan the cluster outran: plan the same request again and post it for approval. */
    public void replan(Operation op) {
        BotConfig.Cluster cluster = clusters.apply(op.cluster()).orElse(null);
        if (cluster == null || !(CommandParser.parse(op.title()) instanceof ParseResult.Parsed parsed)) return;
        plan(parsed.command(), cluster, op.requester(), op.channel(), text -> chat.post(op.channel(), op.messageTs(),
                ":x: Re-planning failed: " + text, null));
    }

    private void reassignment(ReassignmentRequests.Result result, BotConfig.Cluster cluster, String user,
                              String channel, Consumer<String> error) {
        if (result instanceof ReassignmentRequests.Result.Refused r) {
            error.accept(r.message());
        } else if (result instanceof ReassignmentRequests.Result.NothingToMove n) {
            List<LayoutBlock> blocks = n.queueTitle().isPresent()
                    ? QueueView.render("-", n.queueTitle().get(), cluster.name(), n.plans(), user, Optional.empty(),
                    false, n.balance())
                    : PlanView.render("-", cluster.name(), n.plans().get(0), user, Optional.empty(), false);
            chat.post(channel, Optional.empty(), "Nothing to move: " + n.title(), RunViews.json(blocks));
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

    private void upgrade(UpgradeRequests.Result result, String user, String channel, Consumer<String> error) {
        if (result instanceof UpgradeRequests.Result.Refused r) {
            error.accept(r.message());
        } else if (result instanceof UpgradeRequests.Result.NotStored n) {
            boolean nothing = n.plan().isEmpty();
            String hosts = n.hostProblems().isEmpty() ? "" : "\nHosts: " + String.join("; ", n.hostProblems());
            chat.post(channel, Optional.empty(), (nothing ? "Nothing to do: " : "Blocked: ") + n.title(),
                    RunViews.json(UpgradePlanView.render("-", n.plan(), user, Optional.of(nothing
                            ? ":white_check_mark: Nothing to do."
                            : ":no_entry: *Not stored and cannot be approved*: fix the blockers above, then plan "
                            + "again." + hosts), false)));
        }
    }
}
