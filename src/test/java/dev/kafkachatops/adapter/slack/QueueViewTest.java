package dev.kafkachatops.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.balance.BalanceSummary;
import dev.kafkachatops.plan.balance.ClusterBalancer;
import dev.kafkachatops.plan.balance.ClusterPlan;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.Target;
import dev.kafkachatops.run.reassign.ReassignmentPayload;
import dev.kafkachatops.view.DiskChart;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cluster-wide plan message: whole cluster before -> after, within Block Kit's limits at 3 and 300 brokers; the
 * bars of its disk chart.
 */
class QueueViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code brokers - added} old brokers hold {@code topics} one-partition topics (RF 3) of varied sizes. */
    private static ClusterAssignment cluster(int brokers, int added, int topics, boolean capacity) {
        var b = ClusterAssignment.builder();
        for (int id = 1; id <= brokers; id++) b.brokers(id);
        int old = brokers - added;
        for (int t = 0; t < topics; t++) {
            int first = t % old;
            List<Integer> replicas = List.of(1 + first, 1 + (first + 1) % old, 1 + (first + 2) % old);
            b.partition(String.format("topic-%04d", t), 0, replicas, 100_000L * (1 + (t * 37) % 50));
        }
        if (capacity) for (int id = 1; id <= brokers; id++) b.capacityBytes(id, 1_000_000_000L);
        return b.build();
    }

    private static JsonNode render(ClusterPlan plan, List<Integer> drained) throws Exception {
        return JSON.readTree(RunViews.json(QueueView.render("E1", "expand brokers=4", "sandbox", plan.topics(),
                "U0ALICE", Optional.of("Waiting for approval"), true, Optional.of(BalanceSummary.of(plan, drained)))));
    }

    private static void withinLimits(JsonNode blocks) {
        assertThat(blocks.size()).isLessThanOrEqualTo(50);
        for (JsonNode block : blocks) {
            if (block.path("type").asText().equals("header")) {
                assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(150);
            }
            assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(3000);
            for (JsonNode f : block.path("fields")) assertThat(f.path("text").asText().length()).isLessThanOrEqualTo(2000);
        }
    }

    /**
     * The sandbox's shape: racks a (1, 4), b (2), c (3) and RF 3: brokers 2 and 3 keep a replica of every partition,
     * which the message says instead of leaving "0-77 -> 38-77" unexplained.
     */
    @Test
    void racksOfUnequalSizeAreNamedWithWhatTheyForce() throws Exception {
        var c = ClusterAssignment.builder().broker(1, "a").broker(2, "b").broker(3, "c").broker(4, "a");
        for (int t = 0; t < 12; t++) c.partition("t" + t, 0, List.of(1, 2, 3), 1_000_000L * (1 + t % 3));
        ClusterPlan plan = ClusterBalancer.plan(c.build(), Target.expand(List.of(4)), OptionalLong.empty());
        assertThat(plan.unequalRacks()).containsOnlyKeys("a", "b", "c");
        String spreads = render(plan, List.of()).toString();
        assertThat(spreads).contains("Racks of unequal size (a: 1, 4 · b: 2 · c: 3)")
                .contains("a broker alone in its rack keeps a replica of nearly every partition")
                .contains("the highest of the racks' limits");
        ClusterPlan even = ClusterBalancer.plan(cluster(4, 1, 30, true), Target.expand(List.of(4)), OptionalLong.empty());
        assertThat(render(even, List.of()).toString()).doesNotContain("Racks of unequal size")
                .contains("= max(1.05 × mean, mean + the largest partition)");
    }

    @Test
    void showsEveryBrokerBeforeAndAfterWithSpreadsAndTheMinimum() throws Exception {
        ClusterPlan plan = ClusterBalancer.plan(cluster(4, 1, 30, true), Target.expand(List.of(4)), OptionalLong.empty());
        JsonNode b = render(plan, List.of());
        withinLimits(b);
        String all = b.toString();
        assertThat(all).contains("(minimum possible: " + plan.fewestForCounts() + ")").contains("lower bound")
                .contains("Replicas per broker: 0-30 → 22-23")
                .contains("Whole cluster, over brokers 1, 2, 3, 4");
        String table = b.get(3).path("text").path("text").asText();
        assertThat(table).contains("BROKER").contains("% MEAN").contains("% CAPACITY");
        assertThat(table.lines().filter(l -> l.matches("^[1-4] .*"))).hasSize(4);
        assertThat(table).contains("4       0 → " + plan.brokers().get(4).replicasAfter());
        // no throttle: one line for every topic that has this risk, not one per topic
        String risks = b.get(5).path("text").path("text").asText();
        assertThat(risks).contains("*No replication throttle*: in " + plan.topics().size() + " topics, e.g. copying");
        assertThat(risks.lines().filter(l -> l.startsWith("•"))).hasSize(1);
    }

    @Test
    void onlyAThrottledQueueSaysThrottled() throws Exception {
        ClusterPlan free = ClusterBalancer.plan(cluster(4, 1, 30, true), Target.expand(List.of(4)),
                OptionalLong.empty());
        String context = render(free, List.of()).toString();
        assertThat(context).contains("(at most 5 moves per broker), not throttled: nothing limits the copy rate.")
                .doesNotContain("throttled;").doesNotContain("throttled at");
        ClusterPlan limited = ClusterBalancer.plan(cluster(4, 1, 30, true), Target.expand(List.of(4)),
                OptionalLong.of(200_000));
        assertThat(render(limited, List.of()).toString())
                .contains("(at most 5 moves per broker), throttled at 200 kB/s; throttles are removed after each "
                        + "topic.");
    }

    @Test
    void threeHundredBrokersStayWithinTheLimitsAndSayWhatIsLeftOut() throws Exception {
        ClusterPlan plan = ClusterBalancer.plan(cluster(300, 30, 2000, false), Target.allAlive(),
                OptionalLong.empty());
        JsonNode b = render(plan, List.of());
        withinLimits(b);
        String table = b.get(3).path("text").path("text").asText();
        assertThat(table.lines().filter(l -> l.matches("^\\d+ .*"))).hasSize(BalanceView.MAX_ROWS);
        assertThat(table).contains("... and " + (300 - BalanceView.MAX_ROWS) + " brokers that change less");
    }

    @Test
    void aDecommissionSaysTheBrokerMayBeStoppedOnceEmpty() throws Exception {
        ClusterPlan plan = ClusterBalancer.plan(cluster(4, 0, 12, false), Target.exclude(List.of(4)),
                OptionalLong.empty());
        String all = render(plan, List.of(4)).toString();
        assertThat(all).contains("Broker 4: " + plan.brokers().get(4).replicasBefore() + " replicas")
                .contains("→ 0. It may be stopped once the run is done");
    }

    @Test
    void theChartHasEveryBrokerBeforeAndAfterWithItsCapacity() {
        ClusterPlan plan = ClusterBalancer.plan(cluster(4, 1, 30, true), Target.expand(List.of(4)),
                OptionalLong.empty());
        var bars = BalanceView.bars(BalanceSummary.of(plan, List.of()));
        assertThat(bars).extracting(DiskChart.Bar::broker).containsExactly(1, 2, 3, 4);
        assertThat(bars).allSatisfy(bar -> {
            assertThat(bar.bytesBefore()).isEqualTo(plan.brokers().get(bar.broker()).bytesBefore());
            assertThat(bar.bytesAfter()).isEqualTo(plan.brokers().get(bar.broker()).bytesAfter());
            assertThat(bar.capacityBytes()).hasValue(1_000_000_000L);
        });
        assertThat(bars.get(3).bytesBefore()).isZero();
    }

    @Test
    void theSummaryTravelsWithTheStoredPlanAndOldPlansStillRead() {
        ClusterPlan plan = ClusterBalancer.plan(cluster(4, 1, 10, true), Target.expand(List.of(4)), OptionalLong.empty());
        var payload = new ReassignmentPayload(plan.topics(), Optional.of("expand onto brokers 4"), Optional.empty(),
                false, Optional.of(BalanceSummary.of(plan, List.of())));
        assertThat(PlanCodec.read(PlanCodec.write(payload), ReassignmentPayload.class)).isEqualTo(payload);
        var old = new ReassignmentPayload(plan.topics(), Optional.of("expand onto brokers 4"), Optional.empty(), false);
        String json = PlanCodec.write(old).replace(",\"balance\":null", "");
        assertThat(json).doesNotContain("balance");
        assertThat(PlanCodec.read(json, ReassignmentPayload.class).balance()).isEmpty();
    }
}
