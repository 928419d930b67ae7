package dev.kafkachatops.port;

/** Who approves for a cluster: its configured users and the members of its user groups (looked up, cached). */
public interface ApproverDirectory {
    boolean isApprover(String cluster, String user);
}
