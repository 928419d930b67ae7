package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.domain.ops.Approval;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.PlanStatus;
import dev.kafkachatops.domain.ops.StateNote;
import dev.kafkachatops.ops.StateNotes;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The state note under a plan message: stored as data by the workflow, worded here, old text notes still shown. */
class StatusLineTest {
    static final Instant T = Instant.parse("2026-11-24T01:00:00Z");

    static Operation op(OpState state, Optional<String> detail) {
        return new Operation("R7", "prod", OpKind.REBALANCE, "rebalance orders", "U0ALICE", "C1", Optional.of("1.2"),
                "{}", "h", "f", state, T, T.plusSeconds(86_400), Optional.empty(), Optional.empty(), detail, 1);
    }

    static String words(OpState state, StateNote note, ZoneId zone) {
        return StatusLine.detail(op(state, Optional.of(StateNotes.write(note))), zone);
    }

    @Test
    void everyReasonIsWordedFromItsData() {
        assertThat(words(OpState.CANCELLED, StateNote.by(StateNote.Reason.BY_OPERATOR, "U0BOB", T), ZoneOffset.UTC))
                .isEqualTo(" by <@U0BOB> at Tue 2026-11-24 01:00 UTC.");
        assertThat(words(OpState.RUNNING, new StateNote(StateNote.Reason.RUNNING_IN_WINDOW, Optional.empty(),
                Optional.empty(), Optional.of(T), ""), ZoneId.of("Europe/Berlin")))
                .isEqualTo(" until the window closes at Tue 2026-11-24 01:00 UTC (Tue 02:00 Europe/Berlin); it pauses "
                        + "at a safe point then. Progress is in the thread.");
        assertThat(words(OpState.PAUSED, StateNote.of(StateNote.Reason.PAUSED_BY_OPERATOR, T, "paused at batch 2."),
                ZoneOffset.UTC)).isEqualTo(" at Tue 2026-11-24 01:00 UTC: paused at batch 2. Resume with `resume R7`.");
        assertThat(words(OpState.PAUSED, StateNote.by(StateNote.Reason.PAUSED_BEFORE_START, "U0BOB", T),
                ZoneOffset.UTC)).isEqualTo(" by <@U0BOB> before it started. Resume with `resume R7`.");
        assertThat(words(OpState.STALE, StateNote.of(StateNote.Reason.STALE, T, "orders-3 replicas are now [1, 2, 4]"),
                ZoneOffset.UTC)).startsWith(" — checked at Tue 2026-11-24 01:00 UTC: orders-3 replicas are now");
        assertThat(words(OpState.HALTED, StateNote.of(StateNote.Reason.ENDED, T, "node 2 did not come back"),
                ZoneOffset.UTC)).isEqualTo(" at Tue 2026-11-24 01:00 UTC: node 2 did not come back");
        for (StateNote.Reason r : StateNote.Reason.values()) {
            assertThat(words(OpState.DONE, new StateNote(r, Optional.of("U1"), Optional.of(T), Optional.of(T), "x"),
                    ZoneOffset.UTC)).as(r.name()).isNotBlank().doesNotContain("{");
        }
    }

    static PlanStatus status(int approvals, int required) {
        List<Approval> in = List.of(new Approval("R7", "U0BOB", T), new Approval("R7", "U0CAROL", T))
                .subList(0, approvals);
        return new PlanStatus(in, required, "white_check_mark", "x", false, ZoneOffset.UTC);
    }

    @Test
    void approvalsAreNeverMoreOfFewer() {
        assertThat(StatusLine.of(op(OpState.APPROVED, Optional.empty()), status(2, 1)))
                .startsWith(":white_check_mark: *Approved* by <@U0BOB>, <@U0CAROL> (2 approvals, 1 needed). ")
                .doesNotContain("2 of 1");
        assertThat(StatusLine.of(op(OpState.APPROVED, Optional.empty()), status(1, 1)))
                .startsWith(":white_check_mark: *Approved* by <@U0BOB> (1 of 1). ");
        assertThat(StatusLine.of(op(OpState.AWAITING_APPROVAL, Optional.empty()), status(1, 2)))
                .startsWith(":hourglass_flowing_sand: *Waiting for approval*: 1 of 2 (<@U0BOB>). ");
    }

    @Test
    void aPlanItsRequesterWithdrewSaysSo() {
        StateNote note = new StateNote(StateNote.Reason.WITHDRAWN, Optional.of("U0ALICE"), Optional.of(T),
                Optional.empty(), "the plan, by its requester");
        assertThat(StatusLine.of(op(OpState.CANCELLED, Optional.of(StateNotes.write(note))), status(0, 1)))
                .isEqualTo(":no_entry_sign: *Withdrawn* by <@U0ALICE>, who requested it, at Tue 2026-11-24 01:00 UTC.");
        assertThat(StatusLine.of(op(OpState.CANCELLED, Optional.of(StateNotes.write(StateNote.by(
                StateNote.Reason.BY_OPERATOR, "U0BOB", T)))), status(0, 1)))
                .isEqualTo(":no_entry_sign: *Cancelled* by <@U0BOB> at Tue 2026-11-24 01:00 UTC.");
    }

    @Test
    void aNoteAnEarlierVersionStoredAsTextIsShownAsItWas() {
        assertThat(StatusLine.detail(op(OpState.DONE, Optional.of(" at Mon 2026-11-23 12:00 UTC: 3 partitions moved.")),
                ZoneOffset.UTC)).isEqualTo(" at Mon 2026-11-23 12:00 UTC: 3 partitions moved.");
        assertThat(StatusLine.detail(op(OpState.APPROVED, Optional.empty()), ZoneOffset.UTC)).isEmpty();
    }
}
