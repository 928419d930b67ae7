package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.domain.BrokerState;
import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.domain.MetadataVersions;
import dev.kafkachatops.domain.QuorumState;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.ClusterReader;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link ClusterReader} over the in-memory cluster of a {@link FakeUpgradeAdmin}, so that a status and the gates
 * see the same cluster (held to the adapter by {@code ClusterReaderContract}). Brokers are alive unless stopped;
 * the quorum's observers are the brokers that are not voters, and a stopped voter lags by {@link #STOPPED_LAG}.
 * {@link #unreachable} reads nothing and fails as a cluster that does not answer.
 */
public final class FakeClusterReader implements ClusterReader {
    static final long HIGH_WATERMARK = 1000;
    static final long STOPPED_LAG = 500;

    private final String name;
    private final Optional<FakeUpgradeAdmin> cluster;

    public FakeClusterReader(String name, FakeUpgradeAdmin cluster) {
        this.name = name;
        this.cluster = Optional.of(cluster);
    }

    private FakeClusterReader(String name) {
        this.name = name;
        this.cluster = Optional.empty();
    }

    public static FakeClusterReader unreachable(String name) {
        return new FakeClusterReader(name);
    }

    @Override
    public ClusterStatus status() throws ClusterUnavailableException {
        FakeUpgradeAdmin c = cluster.orElseThrow(() -> new ClusterUnavailableException("Cannot reach cluster " + name
                + ": no answer. Check that the brokers are up and bootstrapServers is right.", null));
        int active = c.activeController().orElseThrow();
        List<BrokerState> brokers = c.brokers().stream().map(id -> new BrokerState(id, Optional.of("localhost"),
                Optional.of(9092 + id), Optional.empty(), !c.isDown(id), id == active)).toList();
        var quorum = new QuorumState(active, 1, HIGH_WATERMARK, replicas(c, c.voters().stream().toList()),
                replicas(c, c.brokers().stream().filter(b -> !c.voters().contains(b)).toList()));
        var underReplicated = new ArrayList<TopicPartitionRef>();
        var underMinIsr = new ArrayList<TopicPartitionRef>();
        var offline = new ArrayList<TopicPartitionRef>();
        var isrs = c.readIsrs();
        isrs.forEach((tp, isr) -> {
            if (isr.size() < c.replicas(tp).size()) underReplicated.add(tp);
            if (isr.size() < c.topics().get(tp.topic()).minIsr()) underMinIsr.add(tp);
            if (c.leader(tp) == null) offline.add(tp);
        });
        int level = c.finalizedLevel(FakeUpgradeAdmin.METADATA_VERSION);
        return new ClusterStatus(name, "fake-" + name, ClusterMode.KRAFT, brokers, Optional.of(active),
                Optional.of(quorum), level < 0 ? Optional.empty() : Optional.of(MetadataVersions.describe(level)),
                c.topics().size(), 0, isrs.size(), underReplicated, underMinIsr, offline, List.of(), Instant.EPOCH,
                Duration.ZERO);
    }

    private static List<QuorumState.Replica> replicas(FakeUpgradeAdmin c, List<Integer> ids) {
        return ids.stream().map(id -> {
            long lag = c.isDown(id) ? STOPPED_LAG : 0;
            return new QuorumState.Replica(id, HIGH_WATERMARK - lag, lag, Optional.of(0L));
        }).toList();
    }
}
