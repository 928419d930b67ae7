package dev.kafkachatops.run.reassign;

import dev.kafkachatops.plan.balance.BalanceSummary;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;

import java.util.List;
import java.util.Optional;

/**
 * What a stored rebalance/expand operation carries: the per-topic plans (one for {@code rebalance <topic>}, a
 * queue run one topic at a time for {@code expand} and {@code --all}), the queue's title, and the optional
 * {@code shrink-retention=} plan; {@code allowConcurrent}: the requester said to run beside another reassignment
 * ({@code --allow-concurrent}); {@code balance}: for a cluster-wide plan, the whole cluster before and after.
 */
public record ReassignmentPayload(List<ReassignmentPlan> plans, Optional<String> queueTitle,
                                  Optional<RetentionShrinker.Plan> shrink, boolean allowConcurrent,
                                  Optional<BalanceSummary> balance) {
    public ReassignmentPayload {
        plans = List.copyOf(plans);
        queueTitle = queueTitle == null ? Optional.empty() : queueTitle;
        shrink = shrink == null ? Optional.empty() : shrink;
        balance = balance == null ? Optional.empty() : balance;
    }

    public ReassignmentPayload(List<ReassignmentPlan> plans, Optional<String> queueTitle,
                               Optional<RetentionShrinker.Plan> shrink, boolean allowConcurrent) {
        this(plans, queueTitle, shrink, allowConcurrent, Optional.empty());
    }

    public ReassignmentPayload(List<ReassignmentPlan> plans, Optional<String> queueTitle,
                               Optional<RetentionShrinker.Plan> shrink) {
        this(plans, queueTitle, shrink, false);
    }

    public List<PartitionMove> allMoves() {
        return plans.stream().flatMap(p -> p.moves().stream()).toList();
    }
}
