package dev.kafkachatops.run.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.RetentionAdmin.Offsets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RetentionEstimateTest {
    private static final TopicPartitionRef P0 = new TopicPartitionRef("orders", 0);
    private static final TopicPartitionRef P1 = new TopicPartitionRef("orders", 1);
    private static final TopicPartitionRef P2 = new TopicPartitionRef("orders", 2);

    @Test
    void fractionIsTheShareOfOffsetsBeforeTheCutoff() {
        assertThat(RetentionEstimate.fraction(100, 200, OptionalLong.of(150))).isEqualTo(0.5);
        assertThat(RetentionEstimate.fraction(0, 1000, OptionalLong.of(0))).isEqualTo(0.0);
        assertThat(RetentionEstimate.fraction(0, 1000, OptionalLong.of(1000))).isEqualTo(1.0);
    }

    @Test
    void noOffsetAtTheCutoffMeansEverythingIsOlder() {
        assertThat(RetentionEstimate.fraction(10, 20, OptionalLong.empty())).isEqualTo(1.0);
        assertThat(RetentionEstimate.fraction(10, 20, OptionalLong.of(-1))).isEqualTo(1.0);
    }

    @Test
    void emptyPartitionsDeleteNothingAndOffsetsOutsideTheRangeAreClamped() {
        assertThat(RetentionEstimate.fraction(50, 50, OptionalLong.empty())).isEqualTo(0.0);
        assertThat(RetentionEstimate.fraction(100, 200, OptionalLong.of(20))).isEqualTo(0.0);
        assertThat(RetentionEstimate.fraction(100, 200, OptionalLong.of(500))).isEqualTo(1.0);
    }

    @Test
    void bytesAreTheFractionTimesTheLargestReplica() {
        var e = RetentionEstimate.of(Map.of(
                        P0, new Offsets(0, 100, OptionalLong.of(25)),      // a quarter of 4 MB
                        P1, new Offsets(0, 100, OptionalLong.empty()),     // all of 2 MB
                        P2, new Offsets(0, 100, OptionalLong.of(0))),      // none of 8 MB
                Map.of(P0, 4_000_000L, P1, 2_000_000L, P2, 8_000_000L));
        assertThat(e.deletedBytes()).isEqualTo(3_000_000L);
        assertThat(e.totalBytes()).isEqualTo(14_000_000L);
        assertThat(e.fractions().get(P0)).isCloseTo(0.25, within(1e-9));
        // a move of P0 planned at 4 MB copies about 3 MB once the old quarter is gone; P1 copies nothing
        assertThat(e.remaining(P0, 4_000_000L)).isEqualTo(3_000_000L);
        assertThat(e.remaining(P1, 2_000_000L)).isZero();
        assertThat(e.remaining(new TopicPartitionRef("other", 0), 7L)).isEqualTo(7L);
    }

    @Test
    void partitionsWithoutASizeCountAsEmpty() {
        var e = RetentionEstimate.of(Map.of(P0, new Offsets(0, 10, OptionalLong.empty())), Map.of());
        assertThat(e.deletedBytes()).isZero();
    }

    @Test
    void oldDataIsGoneWhenEveryEarliestOffsetReachedTheCutoff() {
        assertThat(RetentionShrinker.allOldGone(List.of(new Offsets(150, 200, OptionalLong.of(150)),
                new Offsets(7, 7, OptionalLong.empty())))).isTrue();
        assertThat(RetentionShrinker.allOldGone(List.of(new Offsets(100, 200, OptionalLong.of(150))))).isFalse();
        assertThat(RetentionShrinker.allOldGone(List.of(new Offsets(100, 200, OptionalLong.empty())))).isFalse();
    }
}
