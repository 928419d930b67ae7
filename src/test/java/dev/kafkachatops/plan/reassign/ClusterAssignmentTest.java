package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterAssignmentTest {

    @Test
    void builderRejectsInconsistentSnapshots() {
        assertThatThrownBy(() -> ClusterAssignment.builder().brokers(1, 2).partition("t", 0, List.of(1, 3)))
                .hasMessage("t-0: broker 3 is not declared (brokers: 1, 2)");
        assertThatThrownBy(() -> ClusterAssignment.builder().brokers(1, 2).partition("t", 0, List.of(1, 1)))
                .hasMessage("t-0 lists a broker twice in its replicas [1, 1]");
        assertThatThrownBy(() -> ClusterAssignment.builder().brokers(1, 2, 3)
                .partition("t", 0, List.of(1, 2), Optional.of(1), List.of(1, 3), 0))
                .hasMessage("t-0 has ISR [1, 3] that is not a subset of its replicas [1, 2]");
        assertThatThrownBy(() -> ClusterAssignment.builder().brokers(1, 2, 3)
                .partition("t", 0, List.of(1, 2), Optional.of(3), List.of(1), 0))
                .hasMessage("t-0 has leader 3 outside its replicas [1, 2]");
        assertThatThrownBy(() -> ClusterAssignment.builder().brokers(1, 1)).hasMessage("broker 1 is declared twice");
        assertThatThrownBy(() -> ClusterAssignment.builder().brokers(1).partition("t", 0, List.of(1))
                .partition("t", 0, List.of(1)).build()).hasMessage("partition t-0 is listed twice");
        assertThatThrownBy(() -> ClusterAssignment.builder().freeBytes(4, 1))
                .hasMessage("freeBytes: broker 4 is not declared (brokers: )");
        assertThatThrownBy(() -> new ClusterAssignment(List.of(BrokerInfo.of(1)), List.of(PartitionInfo.healthy(
                new TopicPartitionRef("t", 0), List.of(2), 0)), Map.of()))
                .hasMessage("t-0 has a replica on broker 2, which is not in the broker list 1");
    }

    @Test
    void helpersAndApplyingMoves() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3).freeBytes(3, 1_000)
                .partition("a", 0, List.of(1, 2), 100).partition("a", 1, List.of(2, 1), 50)
                .partition("b", 0, List.of(2), 10).topicConfig("a", Map.of("retention.ms", "1000")).build();
        assertThat(c.topics()).containsExactly("a", "b");
        assertThat(c.replicasPerBroker()).isEqualTo(Map.of(1, 2, 2, 3, 3, 0));
        assertThat(c.replicasPerBroker("a")).isEqualTo(Map.of(1, 2, 2, 2, 3, 0));
        assertThat(c.bytesPerBroker()).isEqualTo(Map.of(1, 150L, 2, 160L, 3, 0L));
        assertThat(c.preferredLeadersPerBroker()).isEqualTo(Map.of(1, 1, 2, 2, 3, 0));
        ClusterAssignment moved = c.withReplicas(Map.of(new TopicPartitionRef("a", 0), List.of(3, 2)));
        assertThat(moved.partitions("a").get(0).replicas()).containsExactly(3, 2);
        assertThat(moved.partitions("a").get(0).leader()).contains(3);
        assertThat(moved.broker(3).orElseThrow().freeBytes()).isEqualTo(OptionalLong.of(900));
        assertThat(moved.topicConfigs().get("a")).containsEntry("retention.ms", "1000");
    }

    @Test
    void offlineSnapshotFromJson() {
        ClusterAssignment c = ClusterAssignment.offline(List.of(new PartitionReplicas(new TopicPartitionRef("t", 0),
                List.of(1, 2))), List.of(3), Map.of(1, "a", 2, "b", 3, "c"));
        assertThat(c.brokerIds()).containsExactly(1, 2, 3);
        assertThat(c.aliveBrokerIds()).containsExactly(1, 2, 3);
        assertThat(c.broker(3).orElseThrow().rack()).contains("c");
    }

    @Test
    void targets() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3, 4).deadBroker(5).build();
        assertThat(Target.allAlive().resolve(c)).containsExactly(1, 2, 3, 4);
        assertThat(Target.exclude(List.of(4, 5)).resolve(c)).containsExactly(1, 2, 3);
        assertThat(Target.brokers(List.of(3, 1)).excluding(List.of(3)).resolve(c)).containsExactly(1);
        assertThat(Target.expand(List.of(4)).resolve(c)).containsExactly(1, 2, 3, 4);
        assertThat(Target.allAlive().excluding(List.of(4)).describe()).isEqualTo("all alive brokers except 4");
        assertThatThrownBy(() -> Target.exclude(List.of(1, 2, 3, 4)).resolve(c))
                .hasMessage("No target brokers are left (alive: 1, 2, 3, 4, excluded: 1, 2, 3, 4)");
        assertThatThrownBy(() -> Target.expand(List.of(4)).excluding(List.of(4)).resolve(c))
                .hasMessage("Broker 4 is both added and excluded");
    }
}
