package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.kafkachatops.plan.reassign.Checks.leaders;
import static dev.kafkachatops.plan.reassign.Checks.perRack;
import static dev.kafkachatops.plan.reassign.Checks.replicas;
import static dev.kafkachatops.plan.reassign.Checks.roundRobin;
import static dev.kafkachatops.plan.reassign.Checks.spread;
import static dev.kafkachatops.plan.reassign.Checks.wellFormed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RebalancePlannerTest {
    private static final OptionalLong NO_THROTTLE = OptionalLong.empty();

    private static ReassignmentPlan plan(ClusterAssignment c, Target t) {
        ReassignmentPlan p = RebalancePlanner.plan(c, "orders", t, NO_THROTTLE);
        wellFormed(c, p);
        return p;
    }

    @Test
    void expandThreeToFourMovesOneReplicaInFour() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3, 4)
                .topic("orders", roundRobin(12, 3, List.of(1, 2, 3))).build();
        ReassignmentPlan p = plan(c, Target.allAlive());
        assertThat(p.replicaMoves()).isEqualTo(9).isEqualTo(p.lowerBound());
        assertThat(replicas(c, p)).isEqualTo(Map.of(1, 9, 2, 9, 3, 9, 4, 9));
        assertThat(leaders(c, p)).isEqualTo(Map.of(1, 3, 2, 3, 3, 3, 4, 3));
        assertThat(p.moves()).allSatisfy(m -> assertThat(m.added()).hasSizeLessThanOrEqualTo(1));
        assertThat(p.brokers().get(4)).isEqualTo(new BrokerLoad(0, 9, 0, 3, 0, 0));
    }

    @Test
    void expandThreeToSixHalvesEveryBroker() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3, 4, 5, 6)
                .topic("orders", roundRobin(12, 3, List.of(1, 2, 3))).build();
        ReassignmentPlan p = plan(c, Target.allAlive());
        assertThat(p.replicaMoves()).isEqualTo(18);
        assertThat(replicas(c, p).values()).containsOnly(6);
        assertThat(leaders(c, p).values()).containsOnly(2);
    }

    @Test
    void drainMovesExactlyTheReplicasOnTheDrainedBroker() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3, 4)
                .topic("orders", roundRobin(12, 2, List.of(1, 2, 3, 4))).build();
        ReassignmentPlan p = plan(c, Target.exclude(List.of(4)));
        assertThat(p.replicaMoves()).isEqualTo(6);
        assertThat(p.targetBrokers()).containsExactly(1, 2, 3);
        assertThat(p.brokers().get(4).replicasAfter()).isZero();
        assertThat(replicas(c, p).values()).containsOnly(8);
        assertThat(p.moves()).allSatisfy(m -> assertThat(m.removed()).containsExactly(4));
    }

    @Test
    void explicitBrokerListIsTheTarget() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3, 4, 5)
                .topic("orders", roundRobin(6, 2, List.of(1, 2, 3))).build();
        ReassignmentPlan p = plan(c, Target.brokers(List.of(2, 3, 4)));
        assertThat(replicas(c, p)).isEqualTo(Map.of(2, 4, 3, 4, 4, 4));
        assertThat(p.brokers().get(1).replicasAfter()).isZero();
        assertThat(p.brokers()).doesNotContainKey(5);
    }

    @Test
    void equalRacksGetOneReplicaOfEachPartitionAndEvenCounts() {
        var b = ClusterAssignment.builder().broker(1, "a").broker(2, "a").broker(3, "b").broker(4, "b")
                .broker(5, "c").broker(6, "c");
        // created without rack awareness: many partitions have two replicas in one rack
        ClusterAssignment c = b.topic("orders", roundRobin(12, 3, List.of(1, 2, 3, 4, 5, 6))).build();
        ReassignmentPlan p = plan(c, Target.allAlive());
        Checks.after(c, p).values().forEach(r -> assertThat(perRack(c, r)).containsOnly(
                Map.entry("a", 1), Map.entry("b", 1), Map.entry("c", 1)));
        assertThat(spread(replicas(c, p))).isLessThanOrEqualTo(1);
        assertThat(spread(leaders(c, p))).isLessThanOrEqualTo(1);
    }

    @Test
    void unequalRacksLoadTheSmallRackAsTheRuleForces() {
        // rack a has one broker: with RF 3 over 3 racks it must hold every partition
        ClusterAssignment c = ClusterAssignment.builder().broker(1, "a").broker(2, "b").broker(3, "b")
                .broker(4, "c").broker(5, "c").broker(6, "c")
                .topic("orders", roundRobin(12, 3, List.of(2, 3, 4, 5, 6))).build();
        ReassignmentPlan p = plan(c, Target.allAlive());
        Checks.after(c, p).values().forEach(r -> assertThat(perRack(c, r)).containsOnly(
                Map.entry("a", 1), Map.entry("b", 1), Map.entry("c", 1)));
        assertThat(replicas(c, p)).isEqualTo(Map.of(1, 12, 2, 6, 3, 6, 4, 4, 5, 4, 6, 4));
        assertThat(spread(leaders(c, p))).isLessThanOrEqualTo(1);
    }

    @Test
    void fewerRacksThanReplicasUsesEveryRack() {
        // RF 3 over 2 racks: 2 + 1 replicas per partition
        ClusterAssignment c = ClusterAssignment.builder().broker(1, "a").broker(2, "a").broker(3, "a")
                .broker(4, "b").broker(5, "b").broker(6, "b")
                .topic("orders", roundRobin(8, 3, List.of(1, 2, 3))).build();
        ReassignmentPlan p = plan(c, Target.allAlive());
        Checks.after(c, p).values().forEach(r -> assertThat(perRack(c, r).values()).containsExactlyInAnyOrder(1, 2));
        assertThat(spread(replicas(c, p))).isLessThanOrEqualTo(1);
    }

    @Test
    void replicationFactorOneAndTwo() {
        ClusterAssignment c1 = ClusterAssignment.builder().brokers(1, 2, 3, 4, 5)
                .topic("orders", roundRobin(8, 1, List.of(1, 2, 3, 4))).build();
        ReassignmentPlan p1 = plan(c1, Target.allAlive());
        assertThat(p1.replicaMoves()).isEqualTo(1);
        assertThat(p1.risks()).extracting(Risk::reason).contains(Risk.Reason.REPLICATION_FACTOR_ONE);
        ClusterAssignment c2 = ClusterAssignment.builder().brokers(1, 2, 3, 4, 5)
                .topic("orders", roundRobin(10, 2, List.of(1, 2, 3, 4))).build();
        ReassignmentPlan p2 = plan(c2, Target.allAlive());
        assertThat(p2.replicaMoves()).isEqualTo(4);
        assertThat(replicas(c2, p2).values()).containsOnly(4);
        assertThat(leaders(c2, p2).values()).containsOnly(2);
    }

    @Test
    void balancedTopicHasNothingToDo() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3)
                .topic("orders", roundRobin(6, 2, List.of(1, 2, 3))).build();
        ReassignmentPlan p = plan(c, Target.allAlive());
        assertThat(p.isEmpty()).isTrue();
        assertThat(p.lowerBound()).isZero();
        assertThat(p.estimated()).isEqualTo(Duration.ZERO);
    }

    @Test
    void leaderImbalanceIsFixedByReorderingOnly() {
        // every replica set is balanced, but broker 1 is the preferred leader of everything it holds
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3)
                .topic("orders", List.of(List.of(1, 2), List.of(1, 3), List.of(1, 2), List.of(1, 3), List.of(2, 3),
                        List.of(3, 2))).build();
        ReassignmentPlan p = plan(c, Target.allAlive());
        assertThat(p.replicaMoves()).isZero();
        assertThat(p.bytesToCopy()).isZero();
        assertThat(p.leaderChanges()).isEqualTo(2);
        assertThat(p.moves()).allSatisfy(m -> assertThat(m.reorderOnly()).isTrue());
        assertThat(leaders(c, p).values()).containsOnly(2);
    }

    @Test
    void keptReplicasKeepTheirSlotAndTheNewOneTakesTheFreedSlot() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3, 4)
                .topic("orders", List.of(List.of(3, 1, 2), List.of(1, 2, 3), List.of(2, 3, 1), List.of(4, 2, 1)))
                .build();
        // broker 4 is drained: orders-3 gets broker 3 in 4's slot, and stays led by... whichever balances leaders
        ReassignmentPlan p = plan(c, Target.exclude(List.of(4)));
        PartitionMove m = p.moves().stream().filter(x -> x.tp().partition() == 3).findFirst().orElseThrow();
        assertThat(m.added()).containsExactly(3);
        assertThat(m.to()).containsExactlyInAnyOrder(3, 2, 1);
        assertThat(p.replicaMoves()).isEqualTo(1);
    }

    @Test
    void smallerPartitionsMoveFirst() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3)
                .partition("orders", 0, List.of(1), 100_000)
                .partition("orders", 1, List.of(1), 5_000)
                .partition("orders", 2, List.of(2), 50_000).build();
        ReassignmentPlan p = plan(c, Target.allAlive());
        assertThat(p.moves()).singleElement().satisfies(m -> {
            assertThat(m.tp()).isEqualTo(new TopicPartitionRef("orders", 1));
            assertThat(m.to()).containsExactly(3);
            assertThat(m.bytes()).isEqualTo(5_000);
        });
    }

    @Test
    void newReplicasPreferBrokersWithLessDataInTheCluster() {
        // 2 replicas over 3 brokers: broker 1 keeps one, the other goes to the broker with less data (3, not 2)
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3)
                .partition("orders", 0, List.of(1), 10)
                .partition("orders", 1, List.of(1), 10)
                .partition("other", 0, List.of(2), 1_000_000).build();
        ReassignmentPlan p = plan(c, Target.allAlive());
        assertThat(p.moves()).singleElement().satisfies(m -> assertThat(m.to()).containsExactly(3));
    }

    @Test
    void estimateIsTheBusiestBrokerAtTheThrottlePlusBookkeeping() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2)
                .partition("orders", 0, List.of(1), 100_000_000)
                .partition("orders", 1, List.of(1), 100_000_000).build();
        ReassignmentPlan p = RebalancePlanner.plan(c, "orders", Target.allAlive(), OptionalLong.of(50_000_000));
        // one batch: 100 MB to broker 2 at 50 MB/s = 2 s, 50 ms for the one partition, 1 s for the batch
        assertThat(p.estimated()).isEqualTo(Duration.ofMillis(3050));
        assertThat(p.bytesToCopy()).isEqualTo(100_000_000);
        assertThat(p.risks()).extracting(Risk::reason).doesNotContain(Risk.Reason.NO_THROTTLE);
        ReassignmentPlan unthrottled = RebalancePlanner.plan(c, "orders", Target.allAlive(), NO_THROTTLE);
        // 1 s at 100 MB/s, 50 ms, 1 s for the batch
        assertThat(unthrottled.estimated()).isEqualTo(Duration.ofMillis(2050));
        assertThat(unthrottled.risks()).extracting(Risk::reason).contains(Risk.Reason.NO_THROTTLE);
    }

    /**
     * Many small partitions (issue 14, defect 10: "estimated 1 min 7 s, took 6 s"): the time is the runner's batches
     * of at most 5 moves per broker, one after another, each its busiest broker's data at the rate plus bookkeeping;
     * not a second per partition.
     */
    @Test
    void manySmallPartitionsAreEstimatedByTheRunnersBatches() {
        var b = ClusterAssignment.builder().brokers(1, 2, 3, 4);
        for (int i = 0; i < 60; i++) b.partition("clicks", i, List.of(1 + i % 3), 100_000);
        ReassignmentPlan p = RebalancePlanner.plan(b.build(), "clicks", Target.allAlive(), OptionalLong.of(10_000_000));
        assertThat(p.moves()).hasSize(15).allSatisfy(m -> assertThat(m.to()).containsExactly(4));
        assertThat(Batches.of(p.moves(), Batches.MAX_PER_BROKER)).hasSize(3);
        // per batch: 500 KB into broker 4 at 10 MB/s = 50 ms, 5 x 50 ms, 1 s: 1.3 s; three batches 3.9 s
        assertThat(p.estimated()).isEqualTo(Duration.ofMillis(3900));
    }

    /**
     * The room a run needs left of its window is its longest batch, not the average one: a large partition in one
     * batch and small ones in others.
     */
    @Test
    void longestBatchIsTheLargestBatchNotTheAverage() {
        var b = ClusterAssignment.builder().brokers(1, 2, 3, 4);
        b.partition("clicks", 0, List.of(1), 50_000_000);
        for (int i = 1; i < 15; i++) b.partition("clicks", i, List.of(1 + i % 3), 100_000);
        Map<TopicPartitionRef, List<Integer>> everyOneTo4 = new java.util.HashMap<>();
        for (int i = 0; i < 15; i++) everyOneTo4.put(new TopicPartitionRef("clicks", i), List.of(4));
        ReassignmentPlan p = PlanAssembler.assemble(b.build(), "clicks", List.of(1, 2, 3, 4), everyOneTo4, 15,
                OptionalLong.of(10_000_000), true, Map.of());
        List<List<PartitionMove>> batches = Batches.of(p.moves(), Batches.MAX_PER_BROKER);
        assertThat(batches).hasSize(3);
        Duration longest = PlanAssembler.longestBatch(p);
        // the batch holding the 50 MB partition: at least 5 s at 10 MB/s plus a second of bookkeeping
        assertThat(longest).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
        assertThat(longest).isGreaterThan(p.estimated().dividedBy(batches.size()));
        assertThat(longest).isLessThanOrEqualTo(p.estimated());
        ReassignmentPlan single = RebalancePlanner.plan(ClusterAssignment.builder().brokers(1, 2)
                .partition("orders", 0, List.of(1), 100_000_000)
                .partition("orders", 1, List.of(1), 100_000_000).build(), "orders", Target.allAlive(),
                OptionalLong.of(50_000_000));
        assertThat(PlanAssembler.longestBatch(single)).isEqualTo(single.estimated());
    }

    @Test
    void risksOfferedBeforeApproval() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3, 4).freeBytes(4, 1_100)
                .partition("orders", 0, List.of(1, 2), 1_000)
                .partition("orders", 1, List.of(2, 3), Optional.of(2), List.of(2), 1_000)
                .partition("orders", 2, List.of(3, 1), Optional.empty(), List.of(), 1_000)
                .partition("orders", 3, List.of(1, 2), 1_000).build();
        ReassignmentPlan p = RebalancePlanner.plan(c, "orders", Target.allAlive(), OptionalLong.of(1_000_000));
        assertThat(p.risks()).extracting(Risk::reason).contains(Risk.Reason.PARTITIONS_OFFLINE,
                Risk.Reason.UNDER_REPLICATED, Risk.Reason.LOW_DISK);
        assertThat(p.risks()).filteredOn(r -> r.reason() == Risk.Reason.LOW_DISK).singleElement()
                .satisfies(r -> assertThat(r.text()).isEqualTo("Destination broker low on disk: broker 4 receives "
                        + "2.0 KB and has 1.1 KB free"));
        assertThat(p.risks()).filteredOn(r -> r.reason() == Risk.Reason.PARTITIONS_OFFLINE).singleElement()
                .satisfies(r -> assertThat(r.detail()).startsWith("orders-2"));
    }

    @Test
    void requestsThatCannotBePlannedSayWhy() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3, 4).deadBroker(5)
                .topic("orders", roundRobin(4, 3, List.of(1, 2, 3))).build();
        assertThatThrownBy(() -> RebalancePlanner.plan(c, "orders", Target.brokers(List.of(1, 2, 7)), NO_THROTTLE))
                .isInstanceOf(PlanningException.class)
                .hasMessage("Broker 7 is not in the cluster (brokers: 1, 2, 3, 4, 5)");
        assertThatThrownBy(() -> RebalancePlanner.plan(c, "orders", Target.brokers(List.of(1, 2, 5)), NO_THROTTLE))
                .hasMessage("Broker 5 is not alive, so it cannot receive replicas (alive brokers: 1, 2, 3, 4)");
        assertThatThrownBy(() -> RebalancePlanner.plan(c, "orders", Target.brokers(List.of(1, 2)), NO_THROTTLE))
                .hasMessage("Topic orders has replication factor 3 but only 2 target brokers");
        assertThatThrownBy(() -> RebalancePlanner.plan(c, "orders", Target.exclude(List.of(9)), NO_THROTTLE))
                .hasMessage("Broker 9 is not in the cluster (brokers: 1, 2, 3, 4, 5)");
        assertThatThrownBy(() -> RebalancePlanner.plan(c, "nope", Target.allAlive(), NO_THROTTLE))
                .hasMessage("Topic nope is not in the cluster snapshot");
        assertThatThrownBy(() -> RebalancePlanner.plan(c, "orders", Target.expand(List.of(5)), NO_THROTTLE))
                .hasMessageStartingWith("Broker 5 is not alive");
        ClusterAssignment mixed = ClusterAssignment.builder().broker(1, "a").broker(2, "b").brokers(3)
                .topic("orders", roundRobin(3, 2, List.of(1, 2))).build();
        assertThatThrownBy(() -> RebalancePlanner.plan(mixed, "orders", Target.allAlive(), NO_THROTTLE))
                .hasMessage("Brokers 3 have no broker.rack but brokers 1, 2 do: set broker.rack on every target "
                        + "broker or on none");
    }

    @Test
    void replicasOnDeadBrokersMoveToLiveOnes() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3).deadBroker(4)
                .partition("orders", 0, List.of(4, 1), Optional.of(1), List.of(1), 0)
                .partition("orders", 1, List.of(2, 3), 0)
                .partition("orders", 2, List.of(3, 4), Optional.of(3), List.of(3), 0).build();
        ReassignmentPlan p = plan(c, Target.allAlive());
        assertThat(p.targetBrokers()).containsExactly(1, 2, 3);
        assertThat(p.brokers().get(4).replicasAfter()).isZero();
        assertThat(p.replicaMoves()).isEqualTo(2);
    }

    @Test
    void samePlanForTheSameInputAndNothingLeftAfterApplyingIt() {
        ClusterAssignment c = Clusters.random(new java.util.Random(3), 7, 3, 1, 3, 40, true);
        Target t = Clusters.target(1, 7);
        ReassignmentPlan p = RebalancePlanner.plan(c, "t", t, NO_THROTTLE);
        assertThat(RebalancePlanner.plan(c, "t", t, NO_THROTTLE)).isEqualTo(p);
        assertThat(RebalancePlanner.plan(c.apply(p), "t", t, NO_THROTTLE).isEmpty()).isTrue();
    }
}
