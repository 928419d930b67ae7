package dev.kafkachatops.plan.balance;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.BrokerInfo;
import dev.kafkachatops.plan.reassign.BrokerLoad;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.PartitionInfo;
import dev.kafkachatops.plan.reassign.PlanningException;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.Target;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Criterion 6 over random clusters with random log-dir capacities and limits: a cluster plan either keeps every
 * broker that receives data under {@code maxDiskUse x capacity} at every step (new replicas counted before the old
 * ones are deleted) and at the end, or it is refused with the limit named; never a plan that passes it.
 */
class ExecutionOrderPropertiesTest {
    private static ClusterAssignment cluster(long seed, int brokers, int topics) {
        Random rnd = new Random(seed);
        var b = ClusterAssignment.builder();
        for (int id = 1; id <= brokers; id++) b.brokers(id);
        int old = Math.max(2, brokers - 1 - rnd.nextInt(2));
        for (int t = 0; t < topics; t++) {
            int rf = 1 + rnd.nextInt(Math.min(3, old));
            int parts = 1 + rnd.nextInt(3);
            for (int p = 0; p < parts; p++) {
                List<Integer> ids = new ArrayList<>();
                for (int id = 1; id <= old; id++) ids.add(id);
                Collections.shuffle(ids, rnd);
                b.partition("t" + t, p, ids.subList(0, rf), 1 + rnd.nextInt(1_000_000));
            }
        }
        ClusterAssignment c = b.build();
        long most = c.bytesPerBroker().values().stream().mapToLong(Long::longValue).max().orElse(1);
        for (int id = 1; id <= brokers; id++) b.capacityBytes(id, (long) (most * (0.9 + rnd.nextDouble() * 1.6)) + 1);
        return b.build();
    }

    @Property(tries = 200)
    void everyStepStaysUnderTheLimitOrThePlanIsRefused(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                       @ForAll @IntRange(min = 3, max = 7) int brokers,
                                                       @ForAll @IntRange(min = 1, max = 25) int topics,
                                                       @ForAll @IntRange(min = 50, max = 100) int percent) {
        ClusterAssignment c = cluster(seed, brokers, topics);
        double maxDiskUse = percent / 100.0;
        ClusterPlan plan;
        try {
            plan = ClusterBalancer.plan(c, Target.allAlive(), OptionalLong.empty(), maxDiskUse);
        } catch (PlanningException e) {
            assertThat(e.getMessage()).contains("rebalance.maxDiskUse " + percent + "%").contains("nothing was changed");
            return;
        }
        Map<Integer, Long> limit = new HashMap<>();
        for (BrokerInfo b : c.brokers()) limit.put(b.id(), (long) (maxDiskUse * b.capacityBytes().getAsLong()));
        Map<TopicPartitionRef, Long> sizes = new HashMap<>();
        for (PartitionInfo p : c.partitions()) sizes.put(p.tp(), p.sizeBytes());
        Map<Integer, Long> bytes = new HashMap<>(c.bytesPerBroker());
        for (ReassignmentPlan topic : plan.topics()) {
            Map<Integer, Long> during = new HashMap<>(bytes);
            topic.moves().forEach(m -> m.added().forEach(x -> during.merge(x, sizes.get(m.tp()), Long::sum)));
            topic.moves().forEach(m -> m.added().forEach(x -> assertThat(during.get(x)).as("broker %d during %s", x,
                    topic.topic()).isLessThanOrEqualTo(limit.get(x))));
            topic.moves().forEach(m -> {
                m.added().forEach(x -> bytes.merge(x, sizes.get(m.tp()), Long::sum));
                m.removed().forEach(x -> bytes.merge(x, -sizes.get(m.tp()), Long::sum));
            });
        }
        assertThat(bytes).isEqualTo(withZeros(plan.brokers()));
    }

    private static Map<Integer, Long> withZeros(Map<Integer, BrokerLoad> loads) {
        Map<Integer, Long> out = new HashMap<>();
        loads.forEach((id, l) -> out.put(id, l.bytesAfter()));
        return out;
    }
}
