package dev.kafkachatops.port;

import java.util.List;
import java.util.OptionalInt;

/** What the upgrade runner's gates ask the cluster (Kafka Admin API). */
public interface UpgradeAdmin {

    /** Partitions that would fall below {@code min.insync.replicas} if {@code node} stopped now, e.g. "orders-3". */
    List<String> wouldFallBelowMinIsr(int node) throws ReassignmentAdmin.AdminException;

    /**
     * KRaft: why stopping controller {@code node} now is unsafe (the other voters not caught up with the leader,
     * or too few would remain for a majority); empty when it is safe, the node is not a voter, or the cluster has no
     * metadata quorum (ZooKeeper mode).
     */
    List<String> quorumRisks(int node) throws ReassignmentAdmin.AdminException;

    /** The active controller now (KRaft: the quorum leader; ZooKeeper: the controller broker), if known. */
    default OptionalInt activeController() throws ReassignmentAdmin.AdminException {
        return OptionalInt.empty();
    }

    /** The broker is registered and not fenced. */
    boolean brokerUp(int node) throws ReassignmentAdmin.AdminException;

    /** KRaft: the controller is back in the quorum and caught up with the leader; true without a quorum (ZooKeeper). */
    boolean voterCaughtUp(int node) throws ReassignmentAdmin.AdminException;

    /** Cluster-wide counts: under-replicated and offline partitions. */
    int underReplicated() throws ReassignmentAdmin.AdminException;

    int offline() throws ReassignmentAdmin.AdminException;

    /**
     * What the safety gate needs before {@code node} stops, in one call: the quorum risks (when it is a
     * controller) and the partitions that would fall below {@code min.insync.replicas} (when it is a broker).
     * Adapters may ask the cluster concurrently; the default asks one question after the other.
     */
    default StopCheck stopCheck(int node, boolean broker, boolean controller) throws ReassignmentAdmin.AdminException {
        return new StopCheck(controller ? quorumRisks(node) : List.of(), broker ? wouldFallBelowMinIsr(node)
                : List.of());
    }

    record StopCheck(List<String> quorumRisks, List<String> belowMinIsr) {
        public StopCheck {
            quorumRisks = List.copyOf(quorumRisks);
            belowMinIsr = List.copyOf(belowMinIsr);
        }
    }

    /**
     * What the health gate needs after {@code node} started, in one call: registered and unfenced (when it is a
     * broker), back in the quorum and caught up (when it is a controller), and the cluster-wide under-replicated
     * and offline counts. Adapters may ask the cluster concurrently; the default asks one question after the other.
     */
    default NodeHealth nodeHealth(int node, boolean broker, boolean controller)
            throws ReassignmentAdmin.AdminException {
        return new NodeHealth(!broker || brokerUp(node), !controller || voterCaughtUp(node), underReplicated(),
                offline());
    }

    /** {@code brokerUp} / {@code voterCaughtUp} are true for a role the node does not have. */
    record NodeHealth(boolean brokerUp, boolean voterCaughtUp, int underReplicated, int offline) {
        public boolean healthy() {
            return brokerUp && voterCaughtUp && underReplicated == 0 && offline == 0;
        }
    }

    /** One partition's replicas and in-sync replicas (broker ids) and its topic's {@code min.insync.replicas}. */
    record Placement(String partition, List<Integer> replicas, List<Integer> isr, int minIsr) {
        public Placement {
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
        }
    }

    /**
     * Every partition's placement now (internal topics included): what batches are planned from, and what the batch
     * safety gate checks before a batch of brokers stops.
     */
    List<Placement> placements() throws ReassignmentAdmin.AdminException;

    /** Preferred leader election for the partitions whose preferred leader is {@code node}. */
    void electPreferredLeaders(int node) throws ReassignmentAdmin.AdminException;

    /** The finalized level of a feature (e.g. {@code metadata.version}); -1 when not finalized or not supported. */
    int finalizedLevel(String feature) throws ReassignmentAdmin.AdminException;

    /** A topic's settings that make message loss possible during a roll. */
    record TopicSettings(String name, int replicationFactor, int minInsyncReplicas, boolean uncleanLeaderElection) {
    }

    /** Every topic's replication factor, {@code min.insync.replicas} and unclean leader election setting. */
    List<TopicSettings> topicSettings() throws ReassignmentAdmin.AdminException;

    /** Raises a feature to {@code level} explicitly (updateFeatures, upgrade). */
    void upgradeFeature(String feature, int level) throws ReassignmentAdmin.AdminException;
}
