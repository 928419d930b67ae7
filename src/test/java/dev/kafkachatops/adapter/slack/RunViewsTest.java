package dev.kafkachatops.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkachatops.run.reassign.RunOutcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The final summary of a reassignment run: one partition is one partition. */
class RunViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String summary(int partitions) throws Exception {
        RunOutcome o = new RunOutcome(RunOutcome.Status.DONE, "Moved " + partitions, 2_000_000, partitions,
                Duration.ofSeconds(4), List.of());
        JsonNode b = JSON.readTree(RunViews.json(RunViews.finished("Rebalance of orders (R1)", o)));
        return b.get(1).path("text").path("text").asText();
    }

    @Test
    void partitionsAreCountedInTheRightNumber() throws Exception {
        assertThat(summary(1)).contains("\n1 partition, 2.0 MB moved in 4 s");
        assertThat(summary(3)).contains("\n3 partitions, 2.0 MB moved in 4 s");
    }
}
