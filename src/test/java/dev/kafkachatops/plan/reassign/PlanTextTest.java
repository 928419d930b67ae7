package dev.kafkachatops.plan.reassign;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class PlanTextTest {

    @Test
    void rendersSummaryMovesBrokersAndRisks() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3)
                .partition("orders", 0, List.of(1, 2), 2_000_000_000L)
                .partition("orders", 1, List.of(1, 2), 1_000_000_000L)
                .partition("orders", 2, List.of(2, 1), 3_000_000_000L).build();
        ReassignmentPlan p = RebalancePlanner.plan(c, "orders", Target.allAlive(), OptionalLong.of(50_000_000));
        String text = PlanText.render(p);
        assertThat(text).startsWith("orders: 2 replica moves (the minimum), 2 partitions copying 3.0 GB, ");
        assertThat(text).contains("Replica moves:    2 (lower bound 2: no balanced plan needs fewer)")
                .contains("at the 50.0 MB/s throttle")
                .contains("PARTITION")
                .contains("BROKER  REPLICAS      LEADERS       BYTES")
                .contains("  3       0 -> 2")
                .contains("Risks:\n  none\n");
    }

    @Test
    void emptyPlan() {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2).topic("t", List.of(List.of(1), List.of(2)))
                .build();
        ReassignmentPlan p = RebalancePlanner.plan(c, "t", Target.allAlive(), OptionalLong.empty());
        assertThat(PlanText.summary(p)).isEqualTo("t: nothing to move, already balanced over brokers 1, 2");
        assertThat(PlanText.queue(List.of())).isEqualTo("Nothing to move: every topic is balanced.\n");
    }

    @Test
    void durations() {
        assertThat(PlanText.duration(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(PlanText.duration(Duration.ofSeconds(250))).isEqualTo("4m 10s");
        assertThat(PlanText.duration(Duration.ofMinutes(125))).isEqualTo("2h 5m");
        assertThat(PlanText.duration(Duration.ofHours(76))).isEqualTo("3d 4h");
        assertThat(Bytes.format(999)).isEqualTo("999 B");
        assertThat(Bytes.format(1_234_567)).isEqualTo("1.2 MB");
    }
}
