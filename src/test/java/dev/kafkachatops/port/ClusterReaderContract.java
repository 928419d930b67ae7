package dev.kafkachatops.port;

import dev.kafkachatops.domain.BrokerState;
import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.domain.QuorumState;
import dev.kafkachatops.port.ClusterReader.ClusterUnavailableException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ClusterReader} must report, run against the in-memory fake and the Kafka Admin adapter on an
 * in-process KRaft cluster, so that the fake stays honest. The cluster has brokers 0-2, one of them also the single
 * controller (the only voter), and is shared by the tests of a class; a new topic may take a few reads to show, with
 * {@link #pause()} between reads.
 */
public abstract class ClusterReaderContract {
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final List<Integer> BROKERS = List.of(0, 1, 2);

    protected abstract ClusterReader reader();

    /** A reader of a cluster that does not answer (nothing listens at its address), with a short timeout. */
    protected abstract ClusterReader unreachable();

    /** Creates {@code name} with partition i on {@code assignment.get(i)} and returns once it has leaders. */
    protected abstract void createTopic(String name, List<List<Integer>> assignment) throws Exception;

    protected abstract void pause() throws InterruptedException;

    private ClusterStatus awaitStatus(String what, StatusCheck check) throws Throwable {
        ClusterStatus[] last = {null};
        Reads.until(what, this::pause, () -> check.test(last[0] = reader().status()));
        return last[0];
    }

    private interface StatusCheck {
        boolean test(ClusterStatus s);
    }

    @Test
    void aHealthyClusterShowsEveryBrokerAlive() throws Exception {
        ClusterStatus s = reader().status();
        assertThat(s.mode()).isEqualTo(ClusterMode.KRAFT);
        assertThat(s.brokers()).extracting(BrokerState::id).containsExactlyElementsOf(BROKERS);
        assertThat(s.brokers()).allMatch(BrokerState::alive);
        assertThat(s.healthy()).isTrue();
        assertThat(s.problems()).isEmpty();
        assertThat(s.clusterId()).isNotBlank();
        assertThat(s.metadataVersion()).hasValueSatisfying(v -> assertThat(v).contains("(level "));
    }

    @Test
    void theActiveControllerLeadsTheQuorumOfOneVoter() throws Exception {
        ClusterStatus s = reader().status();
        int active = s.activeController().orElseThrow();
        QuorumState q = s.quorum().orElseThrow();
        assertThat(q.leaderId()).isEqualTo(active);
        assertThat(q.voters()).extracting(QuorumState.Replica::id).containsExactly(active);
        assertThat(q.observers()).extracting(QuorumState.Replica::id)
                .containsExactlyInAnyOrderElementsOf(BROKERS.stream().filter(b -> b != active).toList());
        assertThat(q.votersCaughtUp(0)).isEqualTo(1);
        assertThat(s.brokers()).filteredOn(BrokerState::controller).extracting(BrokerState::id).containsExactly(active);
    }

    @Test
    void aNewTopicShowsInTheTopicAndPartitionCounts() throws Throwable {
        ClusterStatus before = reader().status();
        createTopic("status-contract-" + TOPICS.incrementAndGet(), List.of(List.of(0, 1), List.of(1, 2),
                List.of(2, 0)));
        ClusterStatus after = awaitStatus("one topic more", s -> s.topics() == before.topics() + 1);
        assertThat(after.partitions()).isEqualTo(before.partitions() + 3);
        assertThat(after.internalTopics()).isEqualTo(before.internalTopics());
        assertThat(after.underReplicated()).isEmpty();
        assertThat(after.underMinIsr()).isEmpty();
        assertThat(after.offline()).isEmpty();
        assertThat(after.reassigning()).isEmpty();
    }

    @Test
    void anUnreachableClusterIsUnavailableInOneLine() {
        assertThatThrownBy(() -> unreachable().status()).isInstanceOf(ClusterUnavailableException.class)
                .message().isNotBlank().doesNotContain("\n");
    }
}
