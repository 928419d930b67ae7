package dev.kafkachatops.app;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.balance.ClusterBalancer;
import dev.kafkachatops.plan.balance.ClusterPlan;
import dev.kafkachatops.plan.balance.ClusterPlanText;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.LogDirsJson;
import dev.kafkachatops.plan.reassign.PartitionInfo;
import dev.kafkachatops.plan.reassign.PartitionReplicas;
import dev.kafkachatops.plan.reassign.ReassignmentJson;
import dev.kafkachatops.plan.reassign.Target;
import dev.kafkachatops.view.Format;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * {@code plan rebalance --all}: the whole cluster from Kafka's reassignment JSON (any number of topics), sizes from
 * {@code kafka-log-dirs.sh --describe} when given, planned by {@link ClusterBalancer}. Always writes
 * {@code move.json} (an empty {@code partitions} list when nothing moves) and the rollback file beside it, but only
 * once the input has been read and planned, so bad input writes nothing.
 */
final class ClusterRebalance {
    private ClusterRebalance() {
    }

    static int run(PlanCommand.Rebalance cmd, List<Integer> targetIds, Target target, OptionalLong rate,
                   PrintWriter out) {
        if (cmd.source.bootstrapServer != null) {
            throw new IllegalArgumentException("--all plans offline from --assignment for now (with --log-dirs for "
                    + "sizes); --bootstrap-server goes with --topic");
        }
        List<PartitionReplicas> parts = PlanCommand.Rebalance.parse("--assignment", cmd.source.assignment,
                ReassignmentJson::parseAssignment);
        LogDirsJson logDirs = cmd.logDirs == null ? null
                : PlanCommand.Rebalance.parse("--log-dirs", cmd.logDirs, LogDirsJson::parse);
        var more = new TreeSet<>(targetIds);
        if (logDirs != null) more.addAll(logDirs.brokers());
        ClusterAssignment cluster = PlanCommand.Rebalance.offline(parts, more, cmd.brokerRacks);
        if (logDirs != null) cluster = cluster.withSizes(logDirs.sizes());
        ClusterPlan plan = ClusterBalancer.plan(cluster, target, rate, logDirs != null);
        out.print(ClusterPlanText.render(plan, cluster.topics().size()));
        if (logDirs != null) out.print(sizesNote(cluster, logDirs, cmd.logDirs));
        Path rollback = PlanCommand.Rebalance.rollbackPath(cmd.out);
        PlanCommand.Rebalance.write(cmd.out, ReassignmentJson.toMoveJson(plan.moves()), rollback,
                ReassignmentJson.rollbackJson(plan.moves()));
        int count = plan.moves().size();
        out.println("\nWrote " + cmd.out + " (" + Format.plural(count, "partition") + " of "
                + Format.plural(plan.topics().size(), "topic") + ") and "
                + rollback + " (their current assignment, to undo).");
        out.println(count == 0 ? "Nothing to execute: the cluster is balanced."
                : "Execute one topic at a time (the order above); all at once: kafka-reassign-partitions.sh "
                + "--bootstrap-server HOST:PORT --reassignment-json-file " + cmd.out + " --execute"
                + (rate.isPresent() ? " --throttle " + rate.getAsLong() : ""));
        out.flush();
        return 0;
    }

    private static String sizesNote(ClusterAssignment cluster, LogDirsJson logDirs, Path file) {
        List<TopicPartitionRef> missing = cluster.partitions().stream().map(PartitionInfo::tp)
                .filter(tp -> !logDirs.sizes().containsKey(tp)).toList();
        if (missing.isEmpty()) return "";
        return "\nNote: " + missing.size() + " partition" + (missing.size() == 1 ? " has" : "s have") + " no size in "
                + file + " (counted as 0 bytes), e.g. " + missing.get(0) + "\n";
    }
}
