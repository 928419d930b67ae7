package dev.kafkachatops.plan.reassign;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExpandPlannerTest {

    @Test
    void expandQueuesEveryTopicThatMovesAndLeavesEachBalanced() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3, 4, 5)
                .topic("a", Checks.roundRobin(6, 3, List.of(1, 2, 3)))
                .topic("b", Checks.roundRobin(10, 2, List.of(1, 2, 3)))
                .topic("c", Checks.roundRobin(5, 1, List.of(1, 2, 3, 4, 5)))
                .build();
        List<ReassignmentPlan> queue = ExpandPlanner.plan(c, Target.expand(List.of(4, 5)), OptionalLong.empty());
        assertThat(queue).extracting(ReassignmentPlan::topic).containsExactlyInAnyOrder("a", "b");
        ClusterAssignment done = c;
        for (ReassignmentPlan p : queue) {
            assertThat(p.replicaMoves()).isEqualTo(p.lowerBound());
            done = done.apply(p);
        }
        for (String t : List.of("a", "b", "c")) {
            assertThat(RebalancePlanner.plan(done, t, Target.allAlive(), OptionalLong.empty()).isEmpty()).isTrue();
        }
    }

    @Test
    void laterTopicsSeeWhereEarlierOnesWent() {
        // two topics of 2 single-replica partitions leave broker 1 for brokers 2, 3, 4: each topic puts its
        // replicas on 2 of the 3, and the second one picks the broker the first one left empty
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3, 4)
                .topic("a", List.of(List.of(1), List.of(1)))
                .topic("b", List.of(List.of(1), List.of(1))).build();
        List<ReassignmentPlan> queue = ExpandPlanner.plan(c, Target.exclude(List.of(1)), OptionalLong.empty());
        assertThat(queue).hasSize(2);
        ClusterAssignment done = c.apply(queue.get(0)).apply(queue.get(1));
        Map<Integer, Integer> counts = done.replicasPerBroker();
        assertThat(counts.get(1)).isZero();
        assertThat(List.of(counts.get(2), counts.get(3), counts.get(4))).containsExactlyInAnyOrder(1, 1, 2);
    }

    @Test
    void cheaperTopicsGoFirst() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2)
                .partition("big", 0, List.of(1), 5_000_000_000L).partition("big", 1, List.of(1), 5_000_000_000L)
                .partition("small", 0, List.of(1), 10_000_000L).partition("small", 1, List.of(1), 10_000_000L)
                .build();
        List<ReassignmentPlan> queue = ExpandPlanner.plan(c, Target.allAlive(), OptionalLong.of(100_000_000));
        assertThat(queue).extracting(ReassignmentPlan::topic).containsExactly("small", "big");
    }

    @Test
    void balancedClusterHasAnEmptyQueue() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3)
                .topic("a", Checks.roundRobin(3, 2, List.of(1, 2, 3))).build();
        assertThat(ExpandPlanner.plan(c, Target.allAlive(), OptionalLong.empty())).isEmpty();
    }

    @Test
    void newBrokersMustBeAlive() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2).deadBroker(3)
                .topic("a", Checks.roundRobin(3, 1, List.of(1, 2))).build();
        assertThatThrownBy(() -> ExpandPlanner.plan(c, Target.expand(List.of(3)), OptionalLong.empty()))
                .isInstanceOf(PlanningException.class).hasMessageStartingWith("Broker 3 is not alive");
    }
}
