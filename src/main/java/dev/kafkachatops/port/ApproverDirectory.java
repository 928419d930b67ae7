package dev.kafkachatops.port;

import java.util.List;

/**
 * Who approves and who operates a cluster: its configured users and the members of its user groups (looked up,
 * cached). Approvers come from {@code approvals}, operators from {@code operators}.
 */
public interface ApproverDirectory {
    boolean isApprover(String cluster, String user);

    /**
     * A configured operator of the cluster (one of its {@code operators.users} or a member of one of its
     * {@code operators.groups}). False when the cluster names no operators, and in directories that know none.
     */
    default boolean isOperator(String cluster, String user) {
        return false;
    }

    /**
     * The cluster's user groups the directory could not read at its last try, each with the chat's reason (e.g.
     * {@code S0OPS: no_such_subteam}): no member of such a group counts, which must be visible, not an empty group.
     */
    default List<String> unreadableGroups(String cluster) {
        return List.of();
    }
}
