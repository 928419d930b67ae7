package dev.kafkachatops.port;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.OptionalLong;

/** What the reassignment runner needs from a cluster. Implemented over the Kafka Admin API. */
public interface ReassignmentAdmin {

    /** Brokers registered and unfenced now. */
    Set<Integer> liveBrokers() throws AdminException;

    /** Partitions with a reassignment in progress anywhere in the cluster. */
    Set<TopicPartitionRef> inProgress() throws AdminException;

    /** Target replica sets of the reassignments in progress (replicas minus those being removed). */
    default Map<TopicPartitionRef, List<Integer>> inProgressTargets() throws AdminException {
        return Map.of();
    }

    /** Current replica lists of the given partitions. */
    Map<TopicPartitionRef, List<Integer>> replicas(Collection<TopicPartitionRef> partitions) throws AdminException;

    /** Size in bytes of each replica of the given partitions, per broker that hosts one (log dirs summed). */
    Map<TopicPartitionRef, Map<Integer, Long>> replicaSizes(Collection<TopicPartitionRef> partitions)
            throws AdminException;

    /** Sets (or, with {@code rate} empty, removes) the replication throttle rate on brokers. */
    void setBrokerThrottle(Set<Integer> brokers, OptionalLong rate) throws AdminException;

    /**
     * Sets the topic's {@code leader/follower.replication.throttled.replicas} ({@code partition:broker} lists);
     * empty lists remove them.
     */
    void setTopicThrottledReplicas(String topic, List<String> leaderReplicas, List<String> followerReplicas)
            throws AdminException;

    /** Current values of the throttle settings the bot uses (for verification and sweeping). */
    Map<String, String> brokerThrottle(int broker) throws AdminException;

    Map<String, String> topicThrottle(String topic) throws AdminException;

    /** Starts moves ({@code alterPartitionReassignments}). */
    void startMoves(Map<TopicPartitionRef, List<Integer>> targets) throws AdminException;

    /** Cancels in-flight moves, reverting them (empty target). */
    void cancelMoves(Collection<TopicPartitionRef> partitions) throws AdminException;

    /** Preferred leader election; partitions already led by their preferred leader are fine. */
    void electPreferredLeaders(Collection<TopicPartitionRef> partitions) throws AdminException;

    /** A failure talking to the cluster; the message is one line for a person. */
    final class AdminException extends Exception {
        public AdminException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
