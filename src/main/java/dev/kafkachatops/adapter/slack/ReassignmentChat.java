package dev.kafkachatops.adapter.slack;

import com.slack.api.methods.MethodsClient;
import dev.kafkachatops.adapter.store.PlanCodec;
import dev.kafkachatops.command.Command;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.plan.reassign.AssignmentSource;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.ExpandPlanner;
import dev.kafkachatops.plan.reassign.PartitionReplicas;
import dev.kafkachatops.plan.reassign.PlanningException;
import dev.kafkachatops.plan.reassign.ReassignmentJson;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.Target;
import dev.kafkachatops.port.ApproverDirectory;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.RetentionAdmin;
import dev.kafkachatops.run.ops.OperationService;
import dev.kafkachatops.run.reassign.ReassignmentPayload;
import dev.kafkachatops.run.reassign.RetentionShrinker;
import dev.kafkachatops.view.Format;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code /kafka rebalance} and {@code /kafka expand} in chat: plan from the live cluster and hand the plan to the
 * {@link OperationService} (stored, posted with its approval state, approved by reaction, scheduled into a window,
 * run by {@link ReassignmentOperations}); {@code move.json} and the rollback file go into the plan's thread.
 */
public final class ReassignmentChat {
    private final Function<String, AssignmentSource> sources;
    private final Function<String, ? extends RetentionAdmin> retentionAdmins;
    private final boolean shrinkAvailable;
    private final ChatNotifier chat;
    private final OperationService service;
    private final Clock clock;

    public ReassignmentChat(Function<String, AssignmentSource> sources,
                            Function<String, ? extends RetentionAdmin> retentionAdmins, boolean shrinkAvailable,
                            ChatNotifier chat, OperationService service, Clock clock) {
        this.sources = sources;
        this.retentionAdmins = retentionAdmins;
        this.shrinkAvailable = shrinkAvailable;
        this.chat = chat;
        this.service = service;
        this.clock = clock;
    }

    /** Plans and posts; problems go to {@code error} as one line. Runs on the caller's (worker) thread. */
    public void plan(Command.Rebalance cmd, BotConfig.Cluster cluster, String user, String channel,
                     Consumer<String> error) {
        if (cmd.shrinkRetention().isPresent() && (cmd.all() || !shrinkAvailable)) {
            error.accept(cmd.all() ? "`shrink-retention=` works on one topic at a time, not with `--all`; nothing "
                    + "was changed." : "`shrink-retention=` is not available in this setup; nothing was changed.");
            return;
        }
        Target target = !cmd.brokers().isEmpty() ? Target.brokers(cmd.brokers()) : Target.allAlive();
        if (!cmd.exclude().isEmpty()) target = target.excluding(cmd.exclude());
        OptionalLong throttle = cmd.throttleBytesPerSec().map(OptionalLong::of).orElse(OptionalLong.empty());
        String title = "rebalance " + (cmd.all() ? "--all" : cmd.topic().orElseThrow())
                + (cmd.brokers().isEmpty() ? "" : " brokers=" + ids(cmd.brokers()))
                + (cmd.exclude().isEmpty() ? "" : " exclude=" + ids(cmd.exclude()))
                + cmd.throttleBytesPerSec().map(t -> " throttle=" + rate(t)).orElse("")
                + cmd.shrinkRetention().map(d -> " shrink-retention=" + d.toSeconds() + "s").orElse("")
                + (cmd.allowConcurrent() ? " --allow-concurrent" : "");
        try {
            if (cmd.all()) {
                ClusterAssignment snapshot = sources.apply(cluster.name()).read(null);
                List<ReassignmentPlan> plans = ExpandPlanner.plan(snapshot, target, throttle);
                post(cluster, user, channel, OpKind.EXPAND, title, plans, Optional.of("rebalance every topic onto "
                        + "brokers " + target.describe()), Optional.empty(), cmd.allowConcurrent());
            } else {
                String topic = cmd.topic().orElseThrow();
                ClusterAssignment snapshot = sources.apply(cluster.name()).read(topic);
                ReassignmentPlan plan = RebalancePlanner.plan(snapshot, topic, target, throttle);
                Optional<RetentionShrinker.Plan> shrink = Optional.empty();
                if (cmd.shrinkRetention().isPresent()) {
                    try {
                        shrink = Optional.of(RetentionShrinker.plan(retentionAdmins.apply(cluster.name()), topic,
                                cmd.shrinkRetention().get(), clock.instant()));
                    } catch (RetentionShrinker.Refused | ReassignmentAdmin.AdminException e) {
                        error.accept(e.getMessage());
                        return;
                    }
                }
                post(cluster, user, channel, OpKind.REBALANCE, title, List.of(plan), Optional.empty(), shrink,
                        cmd.allowConcurrent());
            }
        } catch (PlanningException | IllegalArgumentException e) {
            error.accept(e.getMessage());
        }
    }

    /** {@code expand brokers=4,5}: every topic spread onto the new brokers too, one topic at a time. */
    public void expand(Command.Expand cmd, BotConfig.Cluster cluster, String user, String channel,
                       Consumer<String> error) {
        OptionalLong throttle = cmd.throttleBytesPerSec().map(OptionalLong::of).orElse(OptionalLong.empty());
        try {
            ClusterAssignment snapshot = sources.apply(cluster.name()).read(null);
            Target target = Target.expand(cmd.brokers());
            List<ReassignmentPlan> plans = ExpandPlanner.plan(snapshot, target, throttle);
            post(cluster, user, channel, OpKind.EXPAND, "expand brokers=" + ids(cmd.brokers())
                    + cmd.throttleBytesPerSec().map(t -> " throttle=" + rate(t)).orElse("")
                    + (cmd.allowConcurrent() ? " --allow-concurrent" : ""), plans,
                    Optional.of("expand onto brokers " + ids(cmd.brokers()).replace(",", ", ")), Optional.empty(),
                    cmd.allowConcurrent());
        } catch (PlanningException | IllegalArgumentException e) {
            error.accept(e.getMessage());
        }
    }

    /** A rate as {@code /kafka} accepts it back: {@code 20MB/s}, else bytes per second. */
    static String rate(long bytesPerSec) {
        return bytesPerSec % 1_000_000 == 0 ? bytesPerSec / 1_000_000 + "MB/s" : Long.toString(bytesPerSec);
    }

    private static String ids(List<Integer> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }

    private void post(BotConfig.Cluster cluster, String user, String channel, OpKind kind, String title,
                      List<ReassignmentPlan> plans, Optional<String> queueTitle,
                      Optional<RetentionShrinker.Plan> shrink, boolean allowConcurrent) {
        List<ReassignmentPlan> work = plans.stream().filter(p -> !p.isEmpty()).toList();
        if (work.isEmpty()) {
            // Nothing to approve: say so in the channel, store nothing.
            List<com.slack.api.model.block.LayoutBlock> blocks = queueTitle.isPresent()
                    ? QueueView.render("-", queueTitle.get(), cluster.name(), work, user, Optional.empty(), false)
                    : PlanView.render("-", cluster.name(), plans.get(0), user, Optional.empty(), false);
            chat.post(channel, Optional.empty(), "Nothing to move: " + title, RunViews.json(blocks));
            return;
        }
        var payload = new ReassignmentPayload(queueTitle.isPresent() ? work : plans, queueTitle, shrink,
                allowConcurrent);
        String json = PlanCodec.write(payload);
        Instant now = clock.instant();
        Operation op = service.submit(new NewOperation(cluster.name(), kind, title, user, channel, json,
                PlanCodec.hash(json), ReassignmentOperations.fingerprint(payload), now,
                now.plus(cluster.approvals().expiry())));
        var targets = new java.util.ArrayList<PartitionReplicas>();
        var rollback = new java.util.ArrayList<PartitionReplicas>();
        for (ReassignmentPlan plan : work) {
            plan.moves().forEach(m -> {
                targets.add(new PartitionReplicas(m.tp(), m.to()));
                rollback.add(new PartitionReplicas(m.tp(), m.from()));
            });
        }
        String note = queueTitle.isPresent() ? " (all topics; the bot runs them one topic at a time)" : "";
        Optional<String> ts = op.messageTs();
        chat.upload(channel, ts, "move-" + op.id() + ".json", "move.json for kafka-reassign-partitions.sh"
                + note, ReassignmentJson.format(targets));
        chat.upload(channel, ts, "rollback-" + op.id() + ".json", "Rollback: the current assignment",
                ReassignmentJson.format(rollback));
    }

    static String shrinkText(RetentionShrinker.Plan s, ReassignmentPlan plan) {
        long after = plan.moves().stream().mapToLong(m -> s.estimate().remaining(m.tp(), m.bytes())).sum();
        return s.describe() + "\n_An upper bound: Kafka deletes only closed log segments (never the active one). "
                + "The moves stay as planned; with the old data gone they copy about " + Format.bytes(after)
                + " instead of " + Format.bytes(plan.bytesToCopy()) + "._";
    }

    /** Approvers from the config; user groups expanded with {@code usergroups.users.list}, cached for 5 minutes. */
    public static ApproverDirectory fromConfig(MethodsClient client, Clock clock) {
        Map<String, Map.Entry<Instant, List<String>>> cache = new ConcurrentHashMap<>();
        return (cluster, user) -> {
            if (cluster.approvals().users().contains(user)) return true;
            for (String group : cluster.approvals().groups()) {
                var cached = cache.get(group);
                if (cached == null || cached.getKey().isBefore(clock.instant().minusSeconds(300))) {
                    try {
                        var r = client.usergroupsUsersList(x -> x.usergroup(group));
                        List<String> users = r.isOk() && r.getUsers() != null ? r.getUsers() : List.of();
                        cached = Map.entry(clock.instant(), users);
                        cache.put(group, cached);
                    } catch (Exception e) {
                        LoggerFactory.getLogger(ReassignmentChat.class).warn("usergroups.users.list {} failed: {}",
                                group, e.getMessage());
                        continue;
                    }
                }
                if (cached.getValue().contains(user)) return true;
            }
            return false;
        };
    }
}
