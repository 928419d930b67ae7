package dev.kafkachatops.plan.reassign;

/**
 * Reads the snapshot the planner needs from a live cluster (the Admin API adapter implements it): every broker
 * (with rack, liveness and free disk space) and the partitions of {@code topic} with their sizes.
 */
public interface AssignmentSource {
    ClusterAssignment read(String topic);
}
