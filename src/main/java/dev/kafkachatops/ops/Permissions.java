package dev.kafkachatops.ops;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.ApproverDirectory;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Who may do what with a cluster's operations, in one place (the README's table). Roles: the <em>requester</em> of
 * an operation, the cluster's <em>operators</em> ({@code operators.users} and members of {@code operators.groups}),
 * its <em>approvers</em> ({@code approvals}), and anyone else.
 * <pre>
 *                         requester   operator   approver   anyone else
 *   plan                     -           yes        yes      only when the cluster names no operators
 *   cancel, pause, resume,  yes          yes        yes      no
 *   retry, roll back
 *   run now                  no          no         yes      no
 * </pre>
 * Approving and rejecting by reaction are {@link ApprovalPolicy}'s (approvers; the requester may reject, and
 * approve only with {@code allowSelfApproval}). Without {@code operators}, the behaviour of before operators existed
 * holds: anyone in an allowed channel may plan, and only the requester or an approver changes an operation.
 */
final class Permissions {
    private final ApproverDirectory directory;
    private final Function<String, Optional<BotConfig.Cluster>> clusters;

    Permissions(ApproverDirectory directory, Function<String, Optional<BotConfig.Cluster>> clusters) {
        this.directory = directory;
        this.clusters = clusters;
    }

    /** May {@code user} plan (rebalance, expand, decommission, upgrade) on {@code cluster}? */
    boolean mayPlan(String cluster, String user) {
        Optional<BotConfig.Cluster> c = clusters.apply(cluster);
        if (c.isEmpty()) return false;
        if (c.get().operators().isEmpty()) return true;
        return directory.isOperator(cluster, user) || directory.isApprover(cluster, user);
    }

    /** The cluster's user groups the chat would not list at the last try, with its reason ({@link ApproverDirectory}). */
    List<String> unreadableGroups(String cluster) {
        return directory.unreadableGroups(cluster);
    }

    /** May {@code user} cancel, pause, resume, retry or roll back {@code op}? */
    boolean mayChange(Operation op, String user) {
        if (user.equals(op.requester()) || directory.isApprover(op.cluster(), user)) return true;
        return clusters.apply(op.cluster()).flatMap(BotConfig.Cluster::operators).isPresent()
                && directory.isOperator(op.cluster(), user);
    }

    /** May {@code user} start an operation of {@code cluster} outside its window (break-glass)? */
    boolean mayRunNow(String cluster, String user) {
        return directory.isApprover(cluster, user);
    }
}
