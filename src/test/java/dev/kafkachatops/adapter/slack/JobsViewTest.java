package dev.kafkachatops.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.StateNote;
import dev.kafkachatops.ops.StateNotes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code show <id>} and {@code history [page]}: correct mrkdwn, no repeated actor, pages. */
class JobsViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T = Instant.parse("2026-11-24T01:00:00Z");

    private final InMemoryOperationStore store = new InMemoryOperationStore();

    private Operation cancelled(Optional<String> detail) {
        Operation op = store.insert(new NewOperation("prod", OpKind.REBALANCE, "rebalance orders", "U0ALICE", "C1",
                "{}", "h", "f", T, T.plusSeconds(86_400)));
        return store.update(op.id(), o -> Optional.of(o.withState(OpState.CANCELLED, detail.orElse(null))))
                .orElseThrow();
    }

    private static String text(JsonNode blocks, int i) {
        return blocks.get(i).path("text").path("text").asText();
    }

    private static JsonNode json(java.util.List<com.slack.api.model.block.LayoutBlock> blocks) throws Exception {
        return JSON.readTree(RunViews.json(blocks));
    }

    @Test
    void theStateIsBoldFollowedByASpaceForEveryKindOfNote() throws Exception {
        Operation now = cancelled(Optional.of(StateNotes.write(StateNote.by(StateNote.Reason.BY_OPERATOR, "U0BOB",
                T))));
        assertThat(text(json(JobsView.history(store, "prod", Optional.of(now.id()))), 1))
                .isEqualTo("`rebalance orders` requested by <@U0ALICE>, now *cancelled* by <@U0BOB> at Tue 2026-11-24 "
                        + "01:00 UTC.");
        // a note an earlier version stored as text, without a leading space
        Operation legacy = cancelled(Optional.of("by <@U0BOB> at Tue 2026-11-24 01:00 UTC."));
        assertThat(text(json(JobsView.history(store, "prod", Optional.of(legacy.id()))), 1))
                .contains("now *cancelled* by <@U0BOB>").doesNotContain("*by");
    }

    @Test
    void theActorIsNotRepeatedInTheDetail() throws Exception {
        Operation op = cancelled(Optional.empty());
        // written by an earlier version: the detail repeated who did it
        store.audit(AuditEntry.of("prod", op.id(), AuditEvent.CANCELLED, "U0BOB",
                "by <@U0BOB> at Tue 2026-11-24 01:00 UTC.", T));
        store.audit(AuditEntry.of("prod", op.id(), AuditEvent.REJECTED, "U0CAROL", "by <@U0CAROL>", T));
        store.audit(AuditEntry.of("prod", op.id(), AuditEvent.RESUMED, "U0BOB", "retry the halted step", T));
        String lines = text(json(JobsView.history(store, "prod", 1, "/kafka")), 1);
        assertThat(lines).contains("cancelled by <@U0BOB> at Tue 2026-11-24 01:00 UTC.\n")
                .contains("rejected by <@U0CAROL>\n").contains("resumed by <@U0BOB>: retry the halted step\n")
                .doesNotContain(": by <@");
    }

    @Test
    void historyPagesTheNewestFirstAndSaysHowToSeeOlderOnes() throws Exception {
        for (int i = 1; i <= 60; i++) {
            store.audit(AuditEntry.of("prod", "R" + i, AuditEvent.REQUESTED, "U0ALICE", "request " + i,
                    T.plusSeconds(i)));
        }
        JsonNode first = json(JobsView.history(store, "prod", 1, "/kafka"));
        assertThat(text(first, 0)).isEqualTo("History of prod");
        assertThat(text(first, 1)).startsWith("`11-24 01:01:00` *R60* requested").contains("request 36\n")
                .doesNotContain("request 35\n");
        assertThat(first.get(2).path("elements").get(0).path("text").asText())
                .isEqualTo("Times in UTC, newest first. Older ones: `/kafka history 2`.");
        JsonNode third = json(JobsView.history(store, "prod", 3, "/kafka"));
        assertThat(text(third, 0)).isEqualTo("History of prod, page 3");
        assertThat(text(third, 1)).contains("request 10\n").contains("request 1\n").doesNotContain("request 11\n");
        assertThat(third.get(2).path("elements").get(0).path("text").asText())
                .isEqualTo("Times in UTC, newest first.");
        JsonNode beyond = json(JobsView.history(store, "prod", 9, "/kafka"));
        assertThat(text(beyond, 1)).isEqualTo("No page 9: the history has 60 decisions. `/kafka history` shows the "
                + "newest.");
    }
}
