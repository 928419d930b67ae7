package dev.kafkachatops.domain.ops;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * What the plan message shows beside the operation's own state: its approvals so far against the cluster's approval
 * rules, and the time zone of the cluster's windows (local times are shown beside UTC).
 */
public record PlanStatus(List<Approval> approvals, int required, String approveReaction, String rejectReaction,
                         boolean allowSelfApproval, ZoneId zone) {
    public PlanStatus {
        approvals = List.copyOf(approvals);
        Objects.requireNonNull(approveReaction, "approveReaction");
        Objects.requireNonNull(rejectReaction, "rejectReaction");
        Objects.requireNonNull(zone, "zone");
    }
}
