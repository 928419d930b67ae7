package dev.kafkachatops.plan.balance;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.PlanningException;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.Target;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Criterion 6 and the order of the topics: no broker above maxDiskUse at any step, data off full brokers first. */
class ExecutionOrderTest {
    private static final long MB = 1_000_000;

    /** Brokers 1-3 hold everything, broker 4 is new; topic t{i} has one partition of (i+1) MB. */
    private static ClusterAssignment.Builder cluster(int topics) {
        ClusterAssignment.Builder b = ClusterAssignment.builder().brokers(1, 2, 3, 4);
        for (int i = 0; i < topics; i++) b.partition("t" + (char) ('a' + i), 0, List.of(1, 2, 3), (i + 1) * MB);
        return b;
    }

    @Test
    void withoutCapacitiesTheTopicsThatFreeTheFullestBrokerMostGoFirst() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3)
                .partition("small", 0, List.of(1, 2), MB).partition("big", 0, List.of(1, 3), 9 * MB)
                .partition("other", 0, List.of(2, 3), 5 * MB).build();
        ClusterPlan p = ClusterBalancer.plan(c, Target.exclude(List.of(1)), OptionalLong.empty());
        // broker 1 is drained: the 9 MB topic frees the most of it, so it goes first
        assertThat(p.topics()).extracting(ReassignmentPlan::topic).containsExactly("big", "small");
    }

    @Test
    void anEndStateAboveMaxDiskUseIsRefusedWithTheBrokerNamed() {
        // 4 brokers of 10 MB each hold 3 x 10 MB of replicas (one partition per topic): even at 7.5 MB each, 75% fits
        // an 80% limit but not a 70% one
        ClusterAssignment.Builder b = ClusterAssignment.builder().brokers(1, 2, 3, 4);
        for (int i = 0; i < 10; i++) b.partition("t" + i, 0, List.of(1 + i % 3, 1 + (i + 1) % 3), 1_500_000);
        for (int id = 1; id <= 4; id++) b.capacityBytes(id, 10 * MB);
        ClusterAssignment c = b.build();
        ClusterPlan ok = ClusterBalancer.plan(c, Target.expand(List.of(4)), OptionalLong.empty(), 0.9);
        assertThat(ok.brokers().values()).allSatisfy(l -> assertThat(l.bytesAfter()).isLessThanOrEqualTo(9 * MB));
        assertThatThrownBy(() -> ClusterBalancer.plan(c, Target.exclude(List.of(4, 3)), OptionalLong.empty(), 0.6))
                .isInstanceOf(PlanningException.class)
                .hasMessageContaining("of its log-dir capacity").hasMessageContaining("rebalance.maxDiskUse 60%")
                .hasMessageContaining("nothing was changed");
    }

    @Test
    void everyStepStaysUnderTheLimitCountingCopiesBeforeDeletes() {
        ClusterAssignment.Builder b = cluster(8);
        for (int id = 1; id <= 4; id++) b.capacityBytes(id, 60 * MB);
        ClusterAssignment c = b.build();
        ClusterPlan p = ClusterBalancer.plan(c, Target.expand(List.of(4)), OptionalLong.empty(), 0.85);
        long[] bytes = new long[5];
        c.bytesPerBroker().forEach((id, v) -> bytes[id] = v);
        var sizes = new HashMap<TopicPartitionRef, Long>();
        c.partitions().forEach(x -> sizes.put(x.tp(), x.sizeBytes()));
        assertThat(p.topics()).isNotEmpty();
        for (ReassignmentPlan t : p.topics()) {
            long[] during = bytes.clone();
            t.moves().forEach(m -> m.added().forEach(x -> during[x] += sizes.get(m.tp())));
            for (int id = 1; id <= 4; id++) assertThat(during[id]).isLessThanOrEqualTo((long) (0.85 * 60 * MB));
            t.moves().forEach(m -> {
                long size = sizes.get(m.tp());
                m.added().forEach(x -> bytes[x] += size);
                m.removed().forEach(x -> bytes[x] -= size);
            });
        }
    }

    @Test
    void aBrokerThatReceivesAndGivesGivesFirstWhenItIsNearItsLimit() {
        // topic a moves 1 -> 2, topic b moves 2 -> 3; broker 2 (25 MB, 15 MB used) cannot take a before b left
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3).partition("a", 0, List.of(1), 10 * MB)
                .partition("b", 0, List.of(2), 10 * MB).partition("c", 0, List.of(2), 5 * MB)
                .capacityBytes(1, 100 * MB).capacityBytes(2, 25 * MB).capacityBytes(3, 100 * MB).build();
        ReassignmentPlan a = RebalancePlanner.plan(c, "a", Target.brokers(List.of(2)), OptionalLong.empty());
        ReassignmentPlan b = RebalancePlanner.plan(c, "b", Target.brokers(List.of(3)), OptionalLong.empty());
        assertThat(ExecutionOrder.order(c, List.of(a, b), 0.85)).containsExactly(b, a);
        assertThatThrownBy(() -> ExecutionOrder.order(c, List.of(a), 0.85)).isInstanceOf(PlanningException.class)
                .hasMessageContaining("Broker 2").hasMessageContaining("100%");
    }

    @Test
    void whenNoOrderFitsThePlanIsRefused() {
        // broker 4 is nearly full of something else (no partition of ours): any copy onto it, even of the 1 MB
        // topic, passes the limit of 51 MB
        ClusterAssignment.Builder b = cluster(3).partition("filler", 0, List.of(4), 50 * MB + MB / 2);
        for (int id = 1; id <= 4; id++) b.capacityBytes(id, 60 * MB);
        assertThatThrownBy(() -> ClusterBalancer.plan(b.build(), Target.allAlive(), OptionalLong.empty(), 0.85))
                .isInstanceOf(PlanningException.class).hasMessageContaining("Broker 4")
                .hasMessageContaining("nothing was changed");
    }

    @Test
    void orderIsDeterministicAndKeepsEveryTopic() {
        ClusterAssignment c = cluster(12).build();
        List<ReassignmentPlan> a = ClusterBalancer.plan(c, Target.expand(List.of(4)), OptionalLong.empty()).topics();
        List<ReassignmentPlan> shuffled = new ArrayList<>(a);
        Collections.reverse(shuffled);
        assertThat(ExecutionOrder.order(c, shuffled, 0.85)).isEqualTo(a);
        assertThatThrownBy(() -> ExecutionOrder.order(c, a, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
