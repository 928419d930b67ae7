package dev.kafkachatops.plan.balance;

import dev.kafkachatops.plan.reassign.BrokerLoad;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.PlanningException;
import dev.kafkachatops.plan.reassign.Target;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import static dev.kafkachatops.plan.balance.Shapes.after;
import static dev.kafkachatops.plan.balance.Shapes.expansion;
import static dev.kafkachatops.plan.balance.Shapes.spread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The table: shapes where balancing each topic on its own leaves the new brokers short. */
class ClusterBalancerTest {
    private static final long MB = 1_000_000;

    private static ClusterPlan plan(ClusterAssignment c) {
        return ClusterBalancer.plan(c, Target.allAlive(), OptionalLong.empty());
    }

    @Test
    void aHundredOnePartitionTopicsGiveTheNewBrokerItsShare() {
        ClusterAssignment c = expansion(100, 1, 3, 3, 1, 0, 0, 1);
        ClusterPlan p = plan(c);
        assertThat(p.brokers().get(4)).isEqualTo(new BrokerLoad(0, 75, 0, 25, 0, 0));
        assertThat(p.brokers().values()).allSatisfy(l -> assertThat(l.replicasAfter()).isEqualTo(75));
        assertThat(p.brokers().values()).allSatisfy(l -> assertThat(l.leadersAfter()).isEqualTo(25));
        assertThat(p.replicaMoves()).isEqualTo(75).isEqualTo(p.lowerBound());
        assertThat(p.sizesKnown()).isFalse();
    }

    @Test
    void twoHundredOnePartitionTopicsFillThreeNewBrokers() {
        ClusterPlan p = plan(expansion(200, 1, 3, 6, 3, 0, 0, 2));
        assertThat(p.brokers().values()).allSatisfy(l -> assertThat(l.replicasAfter()).isBetween(66, 67));
        assertThat(p.replicaMoves()).isEqualTo(p.lowerBound());
    }

    @Test
    void thirtyTopicsOfFourPartitionsPutLeadersOnTheNewBrokers() {
        ClusterPlan p = plan(expansion(30, 4, 3, 6, 2, 0, 0, 3));
        assertThat(p.brokers().values()).allSatisfy(l -> {
            assertThat(l.replicasAfter()).isEqualTo(45);
            assertThat(l.leadersAfter()).isEqualTo(15);
        });
        assertThat(p.leadersBalanced()).isTrue();
        assertThat(p.replicaMoves()).isEqualTo(p.lowerBound());
    }

    @Test
    void fiftyTopicsOfThreePartitionsGiveTheNewBrokersTheirBytes() {
        ClusterAssignment c = expansion(50, 3, 3, 9, 3, MB, 1000 * MB, 4);
        ClusterPlan p = plan(c);
        assertThat(spread(Shapes.onTargets(p, after(c, p).replicasPerBroker()))).isLessThanOrEqualTo(1);
        assertThat(p.diskBalanced()).isTrue();
        assertThat(p.brokers().get(12).bytesAfter()).isLessThanOrEqualTo(p.diskLimit().getAsLong());
        assertThat(p.brokers().get(12).bytesAfter() * 12).isGreaterThan(c.bytesPerBroker().values().stream()
                .mapToLong(Long::longValue).sum() * 8 / 10);
    }

    @Test
    void skewedSizesEndWithinTheDiskLimit() {
        ClusterAssignment c = expansion(20, 12, 3, 3, 1, MB, 1000 * MB, 5);
        ClusterPlan p = plan(c);
        long total = c.bytesPerBroker().values().stream().mapToLong(Long::longValue).sum();
        long largest = c.partitions().stream().mapToLong(x -> x.sizeBytes()).max().orElseThrow();
        long limit = (long) Math.max(1.05 * total / 4, total / 4.0 + largest);
        assertThat(p.diskLimit()).hasValue(limit);
        assertThat(p.brokers().values()).allSatisfy(l -> {
            assertThat(l.replicasAfter()).isEqualTo(180);
            assertThat(l.bytesAfter()).isLessThanOrEqualTo(limit);
        });
        assertThat(p.bytesToCopy()).isGreaterThanOrEqualTo(p.bytesLowerBound());
        assertThat(plan(after(c, p)).isEmpty()).isTrue();
    }

    @Test
    void aBalancedClusterMovesNothing() {
        ClusterAssignment c = expansion(10, 4, 2, 4, 0, 0, 0, 6);
        ClusterPlan first = plan(c);
        assertThat(plan(after(c, first)).isEmpty()).isTrue();
        assertThat(plan(after(c, first)).replicaMoves()).isZero();
    }

    @Test
    void aDrainEmptiesTheBroker() {
        ClusterAssignment c = expansion(12, 2, 2, 4, 0, 0, 0, 7);
        ClusterPlan p = ClusterBalancer.plan(c, Target.exclude(List.of(4)), OptionalLong.empty());
        assertThat(p.brokers().get(4).replicasAfter()).isZero();
        assertThat(p.lowerBound()).isEqualTo(c.replicasPerBroker().get(4));
        assertThat(p.fewestForCounts()).isBetween((long) p.lowerBound(), (long) p.replicaMoves());
        assertThat(p.replicaMoves()).isBetween(p.lowerBound(), p.lowerBound() * 11 / 10);
    }

    @Test
    void racksOfThreeKeepEveryPartitionOnThreeRacks() {
        var b = ClusterAssignment.builder();
        for (int id = 1; id <= 6; id++) b.broker(id, "r" + (id % 3));
        for (int t = 0; t < 20; t++) b.partition("t" + t, 0, t % 2 == 0 ? List.of(1, 2, 3) : List.of(3, 1, 2));
        ClusterAssignment c = b.build();
        ClusterPlan p = plan(c);
        after(c, p).partitions().forEach(x -> assertThat(x.replicas().stream()
                .map(id -> c.broker(id).orElseThrow().rack().orElseThrow()).distinct().count()).isEqualTo(3));
        assertThat(spread(Shapes.onTargets(p, after(c, p).replicasPerBroker()))).isLessThanOrEqualTo(1);
    }

    @Test
    void aReplicationFactorTheRacksCannotHoldAndTooFewBrokersAreRefused() {
        var b = ClusterAssignment.builder().broker(1, "a").broker(2, "a").broker(3, "a").broker(4, "b");
        ClusterAssignment c = b.partition("t", 0, List.of(1, 2, 3, 4)).build();
        assertThatThrownBy(() -> plan(c)).isInstanceOf(PlanningException.class).hasMessage("Replication factor 4 "
                + "does not fit racks of unequal size ([a, b] hold [3, 1] target brokers) with at most ceil(rf / racks) "
                + "replicas per rack");
        ClusterAssignment few = ClusterAssignment.builder().brokers(1, 2, 3).partition("t", 0, List.of(1, 2, 3))
                .build();
        assertThatThrownBy(() -> ClusterBalancer.plan(few, Target.brokers(List.of(1, 2)), OptionalLong.empty()))
                .isInstanceOf(PlanningException.class).hasMessage("t-0 has replication factor 3 but only 2 target "
                        + "brokers");
    }

    @Test
    void sameInputSamePlan() {
        ClusterAssignment c = expansion(40, 3, 3, 5, 2, MB, 50 * MB, 8);
        assertThat(plan(c)).isEqualTo(plan(expansion(40, 3, 3, 5, 2, MB, 50 * MB, 8)));
        Map<Integer, BrokerLoad> loads = plan(c).brokers();
        assertThat(loads).containsKeys(1, 2, 3, 4, 5, 6, 7);
    }

    /**
     * jqwik's shrunk sample of {@code movesAboveTheLowerBoundsAndNearThem} (seed -27870): broker 4 drained, the
     * counts' minimum 8 moves. Two topics cannot be placed at their counts' price. t1 (4 replicas per broker) must
     * take 4: broker 1 gets nothing and keeps 4 of its 5, so the replicas of t1-3 [4, 2] and t1-5 [2, 4] leaving
     * broker 4 both need broker 3, which takes one. And the counts put t5's extra on broker 3, where t5-1 [4, 3]
     * cannot send the replica it must move off broker 4: one more move (10 in all, over 1.1 x 8 + 1). Priced higher
     * there, the extra goes to broker 1 and t5 moves once: 9, the fewest (t0 1, t1 4, t2 1, t4 2, t5 1).
     */
    @Test
    void aDrainedBrokersReplicasLandWhereTheirPartitionIsNot() {
        var b = ClusterAssignment.builder().brokers(1, 2, 3, 4);
        String[] now = {"t0:3,2", "t0:2,1", "t0:1,4", "t0:2,1", "t1:3,1", "t1:1,3", "t1:4,1", "t1:4,2", "t1:1,3",
                "t1:2,4", "t2:1", "t2:1", "t3:3", "t3:1", "t4:1,4,2", "t4:1,2,3", "t4:2,4,3", "t5:1,2", "t5:4,3"};
        Map<String, Integer> next = new TreeMap<>();
        for (String x : now) {
            String topic = x.substring(0, 2);
            List<Integer> replicas = Arrays.stream(x.substring(3).split(",")).map(Integer::valueOf).toList();
            b.partition(topic, next.merge(topic, 1, Integer::sum) - 1, replicas);
        }
        ClusterAssignment c = b.build();
        ClusterPlan p = ClusterBalancer.plan(c, Target.exclude(List.of(4)), OptionalLong.empty());
        assertThat(p.fewestForCounts()).isEqualTo(8);
        assertThat(p.replicaMoves()).isEqualTo(9);
        assertThat(p.brokers().get(4).replicasAfter()).isZero();
        assertThat(spread(Shapes.onTargets(p, after(c, p).replicasPerBroker()))).isLessThanOrEqualTo(1);
        assertThat(ClusterBalancer.plan(after(c, p), Target.exclude(List.of(4)), OptionalLong.empty()).isEmpty())
                .isTrue();
    }

    /**
     * jqwik's second shrunk sample of {@code movesAboveTheLowerBoundsAndNearThem} (once the first was fixed): 7 topics
     * on brokers 1-5, broker 5 drained, the counts' minimum 15. t2 and t6 need one move more than their counts
     * whatever the counts (a partition on broker 5 cannot land on the one broker short of the topic's share, which
     * already holds it), so 17 is the fewest. Priced higher, t0's extra leaves broker 4 (where none of t0's replicas
     * from broker 5 may land) for broker 1; that pushed t5's extra from broker 1 to broker 3, which holds t5-1 and
     * t5-2, two of the three t5 partitions leaving broker 5: still 18. So the next round judges the counts it tried
     * and prices t5's extra there too: 17.
     */
    @Test
    void theRepricingFollowsTheConflictToTheNextTopic() {
        var k = new ClusterBalancerPropertiesTest.Case(43, 4, 0, true, 7, false);
        ClusterAssignment c = k.cluster();
        ClusterPlan p = k.plan(c);
        assertThat(p.fewestForCounts()).isEqualTo(15);
        assertThat(p.replicaMoves()).isEqualTo(17);
        assertThat(p.brokers().get(5).replicasAfter()).isZero();
        assertThat(spread(Shapes.onTargets(p, after(c, p).replicasPerBroker()))).isLessThanOrEqualTo(1);
    }
}
