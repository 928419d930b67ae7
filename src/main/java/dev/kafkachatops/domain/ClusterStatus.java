package dev.kafkachatops.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.ArrayList;

/**
 * What {@code /kafka status} shows: an immutable reading of the cluster at one instant.
 * Problem lists are sorted; counts of the whole cluster are kept separately so views can truncate lists.
 */
public record ClusterStatus(String clusterName, String clusterId, ClusterMode mode, List<BrokerState> brokers,
                            Optional<Integer> activeController, Optional<QuorumState> quorum,
                            Optional<String> metadataVersion, int topics, int internalTopics, int partitions,
                            List<TopicPartitionRef> underReplicated, List<TopicPartitionRef> underMinIsr,
                            List<TopicPartitionRef> offline, List<TopicPartitionRef> reassigning,
                            Instant readAt, Duration readTook) {
    public ClusterStatus {
        brokers = List.copyOf(brokers);
        underReplicated = List.copyOf(underReplicated);
        underMinIsr = List.copyOf(underMinIsr);
        offline = List.copyOf(offline);
        reassigning = List.copyOf(reassigning);
    }

    public long aliveBrokers() {
        return brokers.stream().filter(BrokerState::alive).count();
    }

    /** Healthy means: every known broker alive, and no partition offline, under-replicated or under min ISR. */
    public boolean healthy() {
        return aliveBrokers() == brokers.size() && underReplicated.isEmpty() && underMinIsr.isEmpty()
                && offline.isEmpty();
    }

    /** One line per problem, most severe first; empty when healthy. */
    public List<String> problems() {
        var out = new ArrayList<String>();
        if (!offline.isEmpty()) out.add(offline.size() + " offline partition" + plural(offline.size()));
        if (!underMinIsr.isEmpty()) out.add(underMinIsr.size() + " partition" + plural(underMinIsr.size())
                + " under min.insync.replicas");
        if (!underReplicated.isEmpty()) out.add(underReplicated.size() + " under-replicated partition"
                + plural(underReplicated.size()));
        long dead = brokers.size() - aliveBrokers();
        if (dead > 0) out.add(dead + " broker" + plural((int) dead) + " down");
        return out;
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
