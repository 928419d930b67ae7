package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchesTest {
    private static PartitionMove move(int p, List<Integer> from, List<Integer> to) {
        return new PartitionMove(new TopicPartitionRef("t", p), from, to, 100);
    }

    @Test
    void noBrokerTakesPartInMoreThanTheCapPerBatch() {
        List<PartitionMove> moves = new ArrayList<>();
        for (int p = 0; p < 12; p++) moves.add(move(p, List.of(1, 2), List.of(4, 2)));
        var batches = Batches.of(moves, 5);
        assertThat(batches).extracting(List::size).containsExactly(5, 5, 2);
        for (var batch : batches) {
            Map<Integer, Integer> load = new HashMap<>();
            batch.forEach(m -> {
                m.added().forEach(b -> load.merge(b, 1, Integer::sum));
                m.removed().forEach(b -> load.merge(b, 1, Integer::sum));
            });
            assertThat(load.values()).allMatch(n -> n <= 5);
        }
        assertThat(batches.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(moves);
    }

    @Test
    void disjointMovesShareABatchAndAWideMoveStillRuns() {
        var a = move(0, List.of(1, 2), List.of(3, 2));
        var b = move(1, List.of(4, 5), List.of(6, 5));
        assertThat(Batches.of(List.of(a, b), 1)).containsExactly(List.of(a, b));
        var wide = move(2, List.of(1, 2, 3), List.of(4, 5, 6));
        assertThat(Batches.of(List.of(wide), 1)).containsExactly(List.of(wide));
        assertThatThrownBy(() -> Batches.of(List.of(a), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
