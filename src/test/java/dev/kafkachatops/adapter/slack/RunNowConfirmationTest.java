package dev.kafkachatops.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The break-glass confirmation says "outside the window" only when the window is closed. */
class RunNowConfirmationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T = Instant.parse("2026-11-24T01:00:00Z");
    static final Operation OP = new Operation("R7", "prod", OpKind.REBALANCE, "rebalance orders", "U0ALICE", "C1",
            Optional.of("1.2"), "{}", "h", "fp", OpState.APPROVED, T, T.plusSeconds(3600), Optional.of(T),
            Optional.empty(), Optional.empty(), 3);

    static JsonNode blocks(Optional<Instant> openUntil) throws Exception {
        return JSON.readTree(RunViews.json(JobsView.runNowConfirmation(OP, openUntil)));
    }

    @Test
    void aClosedWindowIsNamedOutsideTheWindow() throws Exception {
        JsonNode b = blocks(Optional.empty());
        assertThat(b.get(0).path("text").path("text").asText()).isEqualTo(":rotating_light: *Start R7 now?* "
                + "`rebalance orders`: It would start outside the maintenance window (break-glass; recorded in the "
                + "audit log).");
        JsonNode button = b.get(1).path("elements").get(0);
        assertThat(button.path("action_id").asText()).isEqualTo(PlanView.RUN_ACTION);
        assertThat(button.path("confirm").path("text").path("text").asText())
                .isEqualTo("R7 starts immediately, outside the window.");
    }

    @Test
    void anOpenWindowIsNotCalledOutsideTheWindow() throws Exception {
        JsonNode b = blocks(Optional.of(T.plusSeconds(7200)));
        assertThat(b.toString()).doesNotContain("outside");
        assertThat(b.get(0).path("text").path("text").asText()).contains("The window is open now (until Tue "
                + "2026-11-24 03:00 UTC); it starts at once");
        assertThat(b.get(1).path("elements").get(0).path("confirm").path("text").path("text").asText())
                .isEqualTo("R7 starts immediately.");
    }
}
