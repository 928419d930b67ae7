package dev.kafkachatops.port;

import dev.kafkachatops.config.BotConfig;

/** Who approves for a cluster: its configured users and the members of its user groups (looked up, cached). */
public interface ApproverDirectory {
    boolean isApprover(BotConfig.Cluster cluster, String user);
}
