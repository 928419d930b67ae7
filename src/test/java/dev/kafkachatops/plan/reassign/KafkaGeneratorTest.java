package dev.kafkachatops.plan.reassign;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Against the examples in the Javadoc of Kafka's AdminUtils.assignReplicasToBrokers. */
class KafkaGeneratorTest {

    private static List<BrokerInfo> plain(int n) {
        return IntStream.range(0, n).mapToObj(BrokerInfo::of).toList();
    }

    @Test
    void rackUnawareRoundRobinWithShift() {
        Map<Integer, List<Integer>> a = KafkaGenerator.assign(plain(5), 10, 3, 0, 0);
        assertThat(a.get(0)).containsExactly(0, 1, 2);
        assertThat(a.get(4)).containsExactly(4, 0, 1);
        assertThat(a.get(5)).containsExactly(0, 2, 3);
        assertThat(a.get(9)).containsExactly(4, 1, 2);
    }

    @Test
    void rackAlternatedBrokerList() {
        Map<Integer, String> racks = Map.of(0, "rack1", 1, "rack3", 2, "rack3", 3, "rack2", 4, "rack2", 5, "rack1");
        assertThat(KafkaGenerator.rackAlternated(racks)).containsExactly(0, 3, 1, 5, 4, 2);
    }

    @Test
    void rackAwareAssignment() {
        List<BrokerInfo> brokers = List.of(BrokerInfo.of(0, "rack1"), BrokerInfo.of(1, "rack3"),
                BrokerInfo.of(2, "rack3"), BrokerInfo.of(3, "rack2"), BrokerInfo.of(4, "rack2"),
                BrokerInfo.of(5, "rack1"));
        Map<Integer, List<Integer>> a = KafkaGenerator.assign(brokers, 7, 3, 0, 0);
        assertThat(a).containsEntry(0, List.of(0, 3, 1)).containsEntry(1, List.of(3, 1, 5))
                .containsEntry(2, List.of(1, 5, 4)).containsEntry(3, List.of(5, 4, 2))
                .containsEntry(4, List.of(4, 2, 0)).containsEntry(5, List.of(2, 0, 3))
                .containsEntry(6, List.of(0, 4, 2));
    }

    @Test
    void seededRunsRepeat() {
        assertThat(KafkaGenerator.assign(plain(7), 30, 3, new Random(5)))
                .isEqualTo(KafkaGenerator.assign(plain(7), 30, 3, new Random(5)));
    }

    @Test
    void refusesWhatKafkaRefuses() {
        assertThatThrownBy(() -> KafkaGenerator.assign(plain(2), 3, 3, new Random(1)))
                .isInstanceOf(PlanningException.class).hasMessageContaining("larger than the 2 available brokers");
        assertThatThrownBy(() -> KafkaGenerator.assign(List.of(BrokerInfo.of(1, "a"), BrokerInfo.of(2)), 3, 1,
                new Random(1))).hasMessageContaining("Not all brokers have rack information");
    }

    @Test
    void generatorMovesMoreThanThePlannerForAnExpansion() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3, 4, 5, 6)
                .topic("t", Checks.roundRobin(30, 3, List.of(1, 2, 3, 4))).build();
        ReassignmentPlan ours = RebalancePlanner.plan(c, "t", Target.allAlive(), OptionalLong.empty());
        ReassignmentPlan kafka = KafkaGenerator.plan(c, "t", Target.allAlive(), OptionalLong.empty(), new Random(1));
        assertThat(kafka.lowerBound()).isEqualTo(ours.lowerBound());
        assertThat(kafka.replicaMoves()).isGreaterThan(ours.replicaMoves());
        assertThat(ours.replicaMoves()).isEqualTo(30);
    }
}
