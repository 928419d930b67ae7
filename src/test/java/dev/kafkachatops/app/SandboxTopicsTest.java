package dev.kafkachatops.app;

import dev.kafkachatops.app.SandboxTopics.DemoTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox's demo topics as data: names, sizes and placement, without a cluster. */
class SandboxTopicsTest {

    @Test
    void thirtyDistinctSmallTopicsOfOneToThreePartitionsAndSkewedSizes() {
        List<DemoTopic> topics = SandboxTopics.small(30, 3);
        assertThat(topics).hasSize(30);
        assertThat(new HashSet<>(topics.stream().map(DemoTopic::name).toList())).hasSize(30).doesNotContain("orders");
        assertThat(topics).allSatisfy(t -> assertThat(t.partitions()).isBetween(1, 3));
        IntSummaryStatistics sizes = topics.stream().mapToInt(DemoTopic::bytesPerPartition).summaryStatistics();
        assertThat(sizes.getMin()).isEqualTo(20_000);
        assertThat(sizes.getMax()).isEqualTo(3_000_000);
        long small = topics.stream().filter(t -> t.bytesPerPartition() < 300_000).count();
        assertThat(small).as("most topics are small").isGreaterThan(20);
        long total = topics.stream().mapToLong(DemoTopic::bytes).sum();
        assertThat(total).as("a few tens of MB at most").isBetween(10_000_000L, 40_000_000L);
        assertThat(topics).allSatisfy(t -> assertThat(t.bytesPerPartition() % SandboxTopics.RECORD_BYTES).isZero());
    }

    @Test
    void theSameArgumentsGiveTheSameTopicsAndFewerAreAPrefix() {
        assertThat(SandboxTopics.small(30, 3)).isEqualTo(SandboxTopics.small(30, 3));
        assertThat(SandboxTopics.small(10, 3)).extracting(DemoTopic::name)
                .isEqualTo(SandboxTopics.SMALL_NAMES.subList(0, 10));
        assertThat(SandboxTopics.small(0, 3)).isEmpty();
        assertThatThrownBy(() -> SandboxTopics.small(31, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 9})
    void replicasAndLeadersAreSpreadEvenlyOverTheOldBrokersOnly(int oldBrokers) {
        Map<Integer, Integer> replicas = new TreeMap<>();
        Map<Integer, Integer> leaders = new TreeMap<>();
        for (int b = 1; b <= oldBrokers; b++) {
            replicas.put(b, 0);
            leaders.put(b, 0);
        }
        for (DemoTopic t : SandboxTopics.small(30, oldBrokers)) {
            for (List<Integer> r : t.assignment().values()) {
                assertThat(r).hasSize(Math.min(3, oldBrokers)).doesNotHaveDuplicates()
                        .allSatisfy(b -> assertThat(b).isBetween(1, oldBrokers));
                r.forEach(b -> replicas.merge(b, 1, Integer::sum));
                leaders.merge(r.get(0), 1, Integer::sum);
            }
        }
        assertThat(spread(replicas)).as("replicas per broker " + replicas).isLessThanOrEqualTo(1);
        assertThat(spread(leaders)).as("leaders per broker " + leaders).isLessThanOrEqualTo(1);
    }

    @Test
    void theSummaryLineSaysWhatWasCreated() {
        List<DemoTopic> topics = SandboxTopics.small(30, 3);
        long mb = Math.round(topics.stream().mapToLong(DemoTopic::bytes).sum() / 1e6);
        assertThat(SandboxTopics.describeSmall(topics, 3)).isEqualTo("Created 30 small topics (1-3 partitions, "
                + "20 KB-3 MB per partition, " + mb + " MB) on brokers 1-3");
        assertThat(SandboxTopics.describeOrders(SandboxTopics.orders(3), 3)).isEqualTo("Created topic orders: 12 "
                + "partitions, replication factor 3, on brokers 1-3, 12 MB per replica set");
        assertThat(SandboxTopics.size(450_000)).isEqualTo("450 KB");
        assertThat(SandboxTopics.size(1_540_000)).isEqualTo("1.5 MB");
    }

    private static int spread(Map<Integer, Integer> counts) {
        IntSummaryStatistics s = counts.values().stream().mapToInt(Integer::intValue).summaryStatistics();
        return s.getMax() - s.getMin();
    }
}
