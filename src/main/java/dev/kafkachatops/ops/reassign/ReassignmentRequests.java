package dev.kafkachatops.ops.reassign;

import dev.kafkachatops.command.Command;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.OperationKind;
import dev.kafkachatops.ops.PlanSubmission;
import dev.kafkachatops.plan.balance.BalanceSummary;
import dev.kafkachatops.plan.balance.ClusterBalancer;
import dev.kafkachatops.plan.balance.ClusterPlan;
import dev.kafkachatops.plan.reassign.AssignmentSource;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.PlanningException;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.Target;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.RetentionAdmin;
import dev.kafkachatops.run.reassign.ReassignmentPayload;
import dev.kafkachatops.run.reassign.RetentionShrinker;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * {@code rebalance}, {@code expand} and {@code decommission}: read the live cluster, plan, and submit an approvable
 * plan (one topic: a REBALANCE; every topic, an expand or a decommission: an EXPAND planned for the whole cluster at
 * once ({@link ClusterBalancer}), with one plan per topic, run one topic at a time).
 * Nothing to move is answered without storing anything; bad input is one line and changes nothing.
 */
public final class ReassignmentRequests {
    /** What a request came to. */
    public sealed interface Result {
        record Refused(String message) implements Result {
        }

        /** Every topic is already where it should be: nothing stored. */
        record NothingToMove(String title, List<ReassignmentPlan> plans, Optional<String> queueTitle,
                             Optional<BalanceSummary> balance) implements Result {
        }

        record Submitted(Operation operation, ReassignmentPayload payload) implements Result {
        }
    }

    private final Function<String, AssignmentSource> sources;
    private final Function<String, ? extends RetentionAdmin> retentionAdmins;
    private final boolean shrinkAvailable;
    private final OperationKind<ReassignmentPayload> rebalance;
    private final OperationKind<ReassignmentPayload> expand;
    private final PlanSubmission submission;
    private final Clock clock;

    public ReassignmentRequests(Function<String, AssignmentSource> sources,
                                Function<String, ? extends RetentionAdmin> retentionAdmins, boolean shrinkAvailable,
                                OperationKind<ReassignmentPayload> rebalance, OperationKind<ReassignmentPayload> expand,
                                PlanSubmission submission, Clock clock) {
        this.sources = sources;
        this.retentionAdmins = retentionAdmins;
        this.shrinkAvailable = shrinkAvailable;
        this.rebalance = rebalance;
        this.expand = expand;
        this.submission = submission;
        this.clock = clock;
    }

    public Result rebalance(Command.Rebalance cmd, BotConfig.Cluster cluster, String user, String channel) {
        if (cmd.shrinkRetention().isPresent() && (cmd.all() || !shrinkAvailable)) {
            return new Result.Refused(cmd.all() ? "`shrink-retention=` works on one topic at a time, not with "
                    + "`--all`; nothing was changed." : "`shrink-retention=` is not available in this setup; "
                    + "nothing was changed.");
        }
        Target target = !cmd.brokers().isEmpty() ? Target.brokers(cmd.brokers()) : Target.allAlive();
        if (!cmd.exclude().isEmpty()) target = target.excluding(cmd.exclude());
        OptionalLong throttle = throttle(cmd.throttleBytesPerSec());
        String title = "rebalance " + (cmd.all() ? "--all" : cmd.topic().orElseThrow())
                + (cmd.brokers().isEmpty() ? "" : " brokers=" + ids(cmd.brokers()))
                + (cmd.exclude().isEmpty() ? "" : " exclude=" + ids(cmd.exclude()))
                + cmd.throttleBytesPerSec().map(t -> " throttle=" + rate(t)).orElse("")
                + cmd.shrinkRetention().map(d -> " shrink-retention=" + d.toSeconds() + "s").orElse("")
                + (cmd.allowConcurrent() ? " --allow-concurrent" : "");
        try {
            if (cmd.all()) {
                return wholeCluster(cluster, user, channel, title, target, throttle, List.of(), "rebalance every topic "
                        + "onto " + target.describe(), cmd.allowConcurrent());
            }
            String topic = cmd.topic().orElseThrow();
            ClusterAssignment snapshot = sources.apply(cluster.name()).read(topic);
            Target to = target;
            ReassignmentPlan plan = submission.timed(OpKind.REBALANCE,
                    () -> RebalancePlanner.plan(snapshot, topic, to, throttle));
            Optional<RetentionShrinker.Plan> shrink = Optional.empty();
            if (cmd.shrinkRetention().isPresent()) {
                shrink = Optional.of(RetentionShrinker.plan(retentionAdmins.apply(cluster.name()), topic,
                        cmd.shrinkRetention().get(), clock.instant()));
            }
            return submit(rebalance, cluster, user, channel, title, List.of(plan), Optional.empty(), shrink,
                    Optional.empty(), cmd.allowConcurrent());
        } catch (PlanningException | IllegalArgumentException | RetentionShrinker.Refused
                 | ReassignmentAdmin.AdminException e) {
            return new Result.Refused(e.getMessage());
        }
    }

    /** {@code expand brokers=4,5}: the whole cluster balanced over the old and the new brokers. */
    public Result expand(Command.Expand cmd, BotConfig.Cluster cluster, String user, String channel) {
        return wholeCluster(cluster, user, channel, "expand brokers=" + ids(cmd.brokers())
                        + cmd.throttleBytesPerSec().map(t -> " throttle=" + rate(t)).orElse("")
                        + (cmd.allowConcurrent() ? " --allow-concurrent" : ""), Target.expand(cmd.brokers()),
                throttle(cmd.throttleBytesPerSec()), List.of(), "expand onto brokers "
                        + ids(cmd.brokers()).replace(",", ", "), cmd.allowConcurrent());
    }

    /** {@code decommission 5}: everything off broker 5, the cluster balanced over the other alive brokers. */
    public Result decommission(Command.Decommission cmd, BotConfig.Cluster cluster, String user, String channel) {
        String brokers = ids(cmd.brokers()).replace(",", ", ");
        return wholeCluster(cluster, user, channel, "decommission " + ids(cmd.brokers())
                        + cmd.throttleBytesPerSec().map(t -> " throttle=" + rate(t)).orElse("")
                        + (cmd.allowConcurrent() ? " --allow-concurrent" : ""), Target.exclude(cmd.brokers()),
                throttle(cmd.throttleBytesPerSec()), cmd.brokers(), "decommission broker"
                        + (cmd.brokers().size() == 1 ? " " : "s ") + brokers, cmd.allowConcurrent());
    }

    private Result wholeCluster(BotConfig.Cluster cluster, String user, String channel, String title, Target target,
                                OptionalLong throttle, List<Integer> drained, String queueTitle,
                                boolean allowConcurrent) {
        try {
            ClusterAssignment snapshot = sources.apply(cluster.name()).read(null);
            if (!target.required().isEmpty()) notNew(snapshot, target.required());
            ClusterPlan plan = submission.timed(OpKind.EXPAND,
                    () -> ClusterBalancer.plan(snapshot, target, throttle, cluster.rebalance().maxDiskUse()));
            return submit(expand, cluster, user, channel, title, plan.topics(), Optional.of(queueTitle),
                    Optional.empty(), Optional.of(BalanceSummary.of(plan, drained)), allowConcurrent);
        } catch (PlanningException | IllegalArgumentException e) {
            return new Result.Refused(e.getMessage());
        }
    }

    /** {@code expand} is for brokers that hold nothing yet; for the others {@code rebalance --all} is the command. */
    private static void notNew(ClusterAssignment snapshot, List<Integer> added) {
        Map<Integer, Integer> replicas = snapshot.replicasPerBroker();
        List<String> holding = added.stream().filter(b -> replicas.getOrDefault(b, 0) > 0)
                .map(b -> b + " (" + replicas.get(b) + " replicas)").toList();
        if (holding.isEmpty()) return;
        throw new PlanningException("Broker" + (holding.size() == 1 ? " " : "s ") + String.join(", ", holding)
                + (holding.size() == 1 ? " already holds data, so it is" : " already hold data, so they are")
                + " not new: `rebalance --all` balances every topic over the brokers there are; nothing was "
                + "changed.");
    }

    private Result submit(OperationKind<ReassignmentPayload> kind, BotConfig.Cluster cluster, String user,
                          String channel, String title, List<ReassignmentPlan> plans, Optional<String> queueTitle,
                          Optional<RetentionShrinker.Plan> shrink, Optional<BalanceSummary> balance,
                          boolean allowConcurrent) {
        List<ReassignmentPlan> work = plans.stream().filter(p -> !p.isEmpty()).toList();
        if (work.isEmpty()) {
            return new Result.NothingToMove(title, queueTitle.isPresent() ? work : plans, queueTitle, balance);
        }
        var payload = new ReassignmentPayload(queueTitle.isPresent() ? work : plans, queueTitle, shrink,
                allowConcurrent, balance);
        return new Result.Submitted(submission.submit(kind, cluster, title, user, channel, payload), payload);
    }

    private static OptionalLong throttle(Optional<Long> bytesPerSec) {
        return bytesPerSec.map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /**
     * A rate in a plan's title (and so in its notifications), as a person reads it and {@code /kafka} accepts it back:
     * {@code 20MB/s}, {@code 1.5MB/s}, {@code 200kB/s}, {@code 999B/s}. Decimal units as {@code Format.rate} uses them,
     * exact (never rounded), without a space so that the title stays a command one can type again.
     */
    static String rate(long bytesPerSec) {
        if (bytesPerSec >= 1_000_000) return decimal(bytesPerSec, 6) + "MB/s";
        if (bytesPerSec >= 1_000) return decimal(bytesPerSec, 3) + "kB/s";
        return bytesPerSec + "B/s";
    }

    private static String decimal(long n, int point) {
        return BigDecimal.valueOf(n).movePointLeft(point).stripTrailingZeros().toPlainString();
    }

    private static String ids(List<Integer> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }
}
