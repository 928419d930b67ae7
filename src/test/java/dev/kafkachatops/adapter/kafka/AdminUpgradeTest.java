package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeFeaturesResult;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumResult;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ElectLeadersResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The gates' behaviour a real cluster shows only now and then: a ZooKeeper cluster without a metadata quorum, and a
 * preferred leader election answered by a controller that has moved (NOT_CONTROLLER per partition) or not at all.
 */
class AdminUpgradeTest {
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final List<Node> BROKERS = List.of(new Node(1, "h1", 9092), new Node(2, "h2", 9092),
            new Node(3, "h3", 9092));

    private final Admin admin = mock(Admin.class);
    private final AdminUpgrade upgrade = new AdminUpgrade("legacy", admin, Duration.ofMillis(300), Clock.systemUTC());
    /** The leader of orders-0 that each describeTopics answers, the last one repeated. */
    private final Deque<Integer> leaders = new ArrayDeque<>();

    @BeforeEach
    void oneTopicWhosePreferredLeaderIsBroker1() {
        ListTopicsResult list = mock(ListTopicsResult.class);
        when(list.names()).thenReturn(KafkaFuture.completedFuture(Set.of("orders")));
        when(admin.listTopics(any(ListTopicsOptions.class))).thenReturn(list);
        when(admin.describeTopics(anyCollection())).thenAnswer(inv -> {
            int leader = leaders.size() > 1 ? leaders.poll() : leaders.getFirst();
            DescribeTopicsResult r = mock(DescribeTopicsResult.class);
            when(r.allTopicNames()).thenReturn(KafkaFuture.completedFuture(Map.of("orders", new TopicDescription(
                    "orders", false, List.of(new TopicPartitionInfo(0, BROKERS.get(leader - 1), BROKERS, BROKERS))))));
            return r;
        });
    }

    @Test
    void withoutAMetadataQuorumNoControllerIsAtRiskAndNoVoterIsWaitedFor() throws Exception {
        DescribeMetadataQuorumResult quorum = mock(DescribeMetadataQuorumResult.class);
        when(quorum.quorumInfo()).thenAnswer(inv -> failed(new UnsupportedVersionException(
                "The node does not support DESCRIBE_QUORUM")));
        when(admin.describeMetadataQuorum()).thenReturn(quorum);
        DescribeFeaturesResult features = mock(DescribeFeaturesResult.class);
        when(features.featureMetadata()).thenAnswer(inv -> failed(new UnsupportedVersionException("no features")));
        when(admin.describeFeatures()).thenReturn(features);

        assertThat(upgrade.quorumRisks(1)).isEmpty();
        assertThat(upgrade.voterCaughtUp(1)).isTrue();
        assertThat(upgrade.finalizedLevel("metadata.version")).isEqualTo(-1);
    }

    @Test
    void otherQuorumFailuresStillFail() {
        DescribeMetadataQuorumResult quorum = mock(DescribeMetadataQuorumResult.class);
        when(quorum.quorumInfo()).thenAnswer(inv -> failed(new ClusterAuthorizationException("denied")));
        when(admin.describeMetadataQuorum()).thenReturn(quorum);

        assertThatThrownBy(() -> upgrade.quorumRisks(1)).isInstanceOf(AdminException.class).hasMessageContaining("denied");
    }

    @Test
    void anElectionAnsweredByAControllerThatMovedIsRetriedUntilDone() throws Exception {
        leaders.addAll(List.of(2, 2, 1));
        electionAnswers(Optional.of(new NotControllerException("This is not the correct controller for this cluster.")),
                Optional.empty());

        upgrade.electPreferredLeaders(1);

        verify(admin, times(2)).electLeaders(ElectionType.PREFERRED, Set.of(TP));
    }

    @Test
    void anElectionWithoutAnAnswerIsNotRepeatedWhenItTookEffect() throws Exception {
        leaders.addAll(List.of(2, 1));
        ElectLeadersResult noAnswer = mock(ElectLeadersResult.class);
        when(noAnswer.partitions()).thenReturn(new KafkaFutureImpl<>());
        when(admin.electLeaders(eq(ElectionType.PREFERRED), anySet())).thenReturn(noAnswer);

        upgrade.electPreferredLeaders(1);

        verify(admin, times(1)).electLeaders(eq(ElectionType.PREFERRED), anySet());
    }

    @Test
    void anElectionFailureARetryCannotFixHaltsAtOnce() {
        leaders.add(2);
        electionAnswers(Optional.of(new ClusterAuthorizationException("not allowed to elect")));

        assertThatThrownBy(() -> upgrade.electPreferredLeaders(1)).isInstanceOf(AdminException.class)
                .hasMessageContaining("failed for 1 partition, e.g. orders-0: not allowed to elect");
        verify(admin, times(1)).electLeaders(eq(ElectionType.PREFERRED), anySet());
    }

    @Test
    void nothingToElectWhenTheNodeAlreadyLeadsItsPartitions() throws Exception {
        leaders.add(1);

        upgrade.electPreferredLeaders(1);

        verify(admin, never()).electLeaders(any(), anySet());
    }

    /** Each electLeaders call answers the next outcome for orders-0 (empty: elected). */
    @SafeVarargs
    private void electionAnswers(Optional<Throwable>... outcomes) {
        Deque<Optional<Throwable>> queue = new ArrayDeque<>(List.of(outcomes));
        when(admin.electLeaders(eq(ElectionType.PREFERRED), anySet())).thenAnswer(inv -> {
            ElectLeadersResult r = mock(ElectLeadersResult.class);
            Optional<Throwable> outcome = queue.size() > 1 ? queue.poll() : queue.getFirst();
            when(r.partitions()).thenReturn(KafkaFuture.completedFuture(Map.of(TP, outcome)));
            return r;
        });
    }

    private static <T> KafkaFuture<T> failed(Throwable t) {
        KafkaFutureImpl<T> f = new KafkaFutureImpl<>();
        f.completeExceptionally(t);
        return f;
    }
}
