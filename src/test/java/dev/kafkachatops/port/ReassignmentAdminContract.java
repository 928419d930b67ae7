package dev.kafkachatops.port;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ReassignmentAdmin} must do, run against the in-memory fake the runner tests use and the Kafka
 * Admin adapter on an in-process KRaft cluster, so that the fake stays honest. The cluster has brokers 0-3 and is
 * shared by the tests of a class: each test works on its own topic and leaves no throttle behind. What the real
 * cluster does in its own time (a move completing, metadata catching up) is read again until it shows, with
 * {@link #pause()} between reads.
 */
public abstract class ReassignmentAdminContract {
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static final int IN_FLIGHT_BYTES = 3 * 1024 * 1024;

    protected abstract ReassignmentAdmin admin();

    /**
     * Creates {@code name} with partition i on {@code assignment.get(i)}, each holding about {@code bytes}, and
     * returns once the topic can be described.
     */
    protected abstract void createTopic(String name, List<List<Integer>> assignment, int bytes) throws Exception;

    /** Between two reads of something the cluster does in its own time. */
    protected abstract void pause() throws InterruptedException;

    private final String topic = "contract-" + TOPICS.incrementAndGet();
    private final TopicPartitionRef p0 = new TopicPartitionRef(topic, 0);

    private void await(String what, ThrowingSupplier<Boolean> done) throws Throwable {
        Reads.until(what, this::pause, done);
    }

    @Test
    void liveBrokersAreTheRegisteredUnfencedOnes() throws Exception {
        assertThat(admin().liveBrokers()).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void replicasOfExistingPartitionsInTheirOrder() throws Exception {
        createTopic(topic, List.of(List.of(0, 1), List.of(2, 0)), 0);
        var p1 = new TopicPartitionRef(topic, 1);
        assertThat(admin().replicas(List.of(p0, p1))).isEqualTo(Map.of(p0, List.of(0, 1), p1, List.of(2, 0)));
    }

    @Test
    void anUnknownPartitionOfAKnownTopicIsLeftOut() throws Exception {
        createTopic(topic, List.of(List.of(0, 1)), 0);
        assertThat(admin().replicas(List.of(p0, new TopicPartitionRef(topic, 5)))).containsOnlyKeys(p0);
    }

    @Test
    void replicaSizesNameTheBrokerOfEachReplica() throws Exception {
        createTopic(topic, List.of(List.of(0, 1)), 64 * 1024);
        Map<Integer, Long> sizes = admin().replicaSizes(List.of(p0)).get(p0);
        assertThat(sizes).containsOnlyKeys(0, 1);
        assertThat(sizes.values()).allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(64 * 1024));
    }

    @Test
    void aSubmittedMoveCompletesWithTheTargetReplicas() throws Throwable {
        createTopic(topic, List.of(List.of(0, 1)), 0);
        admin().startMoves(Map.of(p0, List.of(2, 1)));
        await("move done", () -> !admin().inProgress().contains(p0));
        await("replicas [2, 1]", () -> admin().replicas(List.of(p0)).get(p0).equals(List.of(2, 1)));
        assertThat(admin().inProgressTargets()).doesNotContainKey(p0);
    }

    @Test
    void aMoveThatOnlyReordersIsDoneAtOnce() throws Throwable {
        createTopic(topic, List.of(List.of(0, 1)), 0);
        admin().startMoves(Map.of(p0, List.of(1, 0)));
        assertThat(admin().inProgress()).doesNotContain(p0);
        await("replicas [1, 0]", () -> admin().replicas(List.of(p0)).get(p0).equals(List.of(1, 0)));
    }

    /** As KRaft does it: in flight, target then removed replicas; reverted, that list minus the added ones. */
    @Test
    void anInFlightMoveShowsItsTargetAndCancelRevertsIt() throws Throwable {
        createTopic(topic, List.of(List.of(0, 1)), IN_FLIGHT_BYTES);
        try {
            admin().setBrokerThrottle(Set.of(0, 1, 2), OptionalLong.of(100_000));
            admin().setTopicThrottledReplicas(topic, List.of("0:0", "0:1"), List.of("0:2"));
            admin().startMoves(Map.of(p0, List.of(2, 1)));

            assertThat(admin().inProgress()).contains(p0);
            assertThat(admin().inProgressTargets()).containsEntry(p0, List.of(2, 1));
            await("replicas [2, 1, 0]", () -> admin().replicas(List.of(p0)).get(p0).equals(List.of(2, 1, 0)));

            admin().cancelMoves(List.of(p0));
            await("cancelled", () -> !admin().inProgress().contains(p0));
            await("replicas [1, 0]", () -> admin().replicas(List.of(p0)).get(p0).equals(List.of(1, 0)));
            assertThatCode(() -> admin().cancelMoves(List.of(p0))).as("nothing in flight").doesNotThrowAnyException();
        } finally {
            admin().setTopicThrottledReplicas(topic, List.of(), List.of());
            admin().setBrokerThrottle(Set.of(0, 1, 2), OptionalLong.empty());
        }
    }

    /** Brokers apply a dynamic config when the metadata that carries it reaches them: read until it shows. */
    @Test
    void brokerThrottlesAreSetOnTheNamedBrokersAndCleared() throws Throwable {
        admin().setBrokerThrottle(Set.of(0, 1), OptionalLong.of(1000));
        Map<String, String> set = Map.of("leader.replication.throttled.rate", "1000",
                "follower.replication.throttled.rate", "1000");
        await("broker 0 throttled", () -> admin().brokerThrottle(0).equals(set));
        await("broker 1 throttled", () -> admin().brokerThrottle(1).equals(set));
        assertThat(admin().brokerThrottle(2)).isEmpty();

        admin().setBrokerThrottle(Set.of(0, 1), OptionalLong.empty());
        await("broker 0 not throttled", () -> admin().brokerThrottle(0).isEmpty());
        await("broker 1 not throttled", () -> admin().brokerThrottle(1).isEmpty());
    }

    @Test
    void topicThrottledReplicasAreSetPerListAndCleared() throws Throwable {
        createTopic(topic, List.of(List.of(0, 1)), 0);
        admin().setTopicThrottledReplicas(topic, List.of("0:0", "0:1"), List.of("0:2"));
        await("both lists", () -> admin().topicThrottle(topic).equals(Map.of(
                "leader.replication.throttled.replicas", "0:0,0:1", "follower.replication.throttled.replicas", "0:2")));

        admin().setTopicThrottledReplicas(topic, List.of("0:0"), List.of());
        await("the leader list only", () -> admin().topicThrottle(topic).equals(Map.of(
                "leader.replication.throttled.replicas", "0:0")));

        admin().setTopicThrottledReplicas(topic, List.of(), List.of());
        await("none", () -> admin().topicThrottle(topic).isEmpty());
    }

    @Test
    void electingLeadersThatAreAlreadyPreferredIsFine() throws Exception {
        createTopic(topic, List.of(List.of(0, 1)), 0);
        assertThatCode(() -> admin().electPreferredLeaders(List.of(p0))).doesNotThrowAnyException();
    }

    @Test
    void callsOnAnUnknownTopicFail() {
        var unknown = new TopicPartitionRef(topic + "-unknown", 0);
        assertThatThrownBy(() -> admin().replicas(List.of(unknown))).isInstanceOf(AdminException.class);
        assertThatThrownBy(() -> admin().startMoves(Map.of(unknown, List.of(0, 1)))).isInstanceOf(AdminException.class);
        assertThatThrownBy(() -> admin().cancelMoves(List.of(unknown))).isInstanceOf(AdminException.class);
        assertThatThrownBy(() -> admin().topicThrottle(unknown.topic())).isInstanceOf(AdminException.class);
        assertThatThrownBy(() -> admin().setTopicThrottledReplicas(unknown.topic(), List.of("0:0"), List.of()))
                .isInstanceOf(AdminException.class);
        assertThatThrownBy(() -> admin().electPreferredLeaders(List.of(unknown))).isInstanceOf(AdminException.class);
    }

    @Test
    void sizesOfAnUnknownTopicAreEmpty() throws Exception {
        assertThat(admin().replicaSizes(List.of(new TopicPartitionRef(topic + "-unknown", 0)))).isEmpty();
    }

    @Test
    void aMoveOntoABrokerThatDoesNotExistFailsAndChangesNothing() throws Exception {
        createTopic(topic, List.of(List.of(0, 1)), 0);
        assertThatThrownBy(() -> admin().startMoves(Map.of(p0, List.of(9, 1)))).isInstanceOf(AdminException.class);
        assertThat(admin().inProgress()).doesNotContain(p0);
        assertThat(admin().replicas(List.of(p0))).containsEntry(p0, List.of(0, 1));
    }
}
