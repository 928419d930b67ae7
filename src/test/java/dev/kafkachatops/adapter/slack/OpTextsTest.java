package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.OpEvent;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.ops.Reply;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The workflow's events and replies in words: every kind has words, and the ones operators act on say what to do. */
class OpTextsTest {
    static final Instant T = Instant.parse("2026-11-24T01:00:00Z");

    @Test
    void everyReplyKindHasItsOwnWords() {
        for (Reply.Kind k : Reply.Kind.values()) {
            String text = OpTexts.reply(new Reply(k, "R7", Optional.of("prod"), Optional.of("U2"),
                    Optional.of(OpState.DONE), Optional.of(T)));
            assertThat(text).as(k.name()).isNotBlank();
            if (k != Reply.Kind.CONFIRM_RUN_NOW) assertThat(text).as(k.name()).doesNotContain("?");
            assertThat(text).as(k.name()).satisfiesAnyOf(t -> assertThat(t).contains("R7"),
                    t -> assertThat(t).contains("U2"));
        }
        assertThat(OpTexts.reply(new Reply(Reply.Kind.CONTINUES_AT, "R7", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(T)))).isEqualTo(":arrow_forward: R7 continues at Tue 2026-11-24 01:00 UTC.");
        assertThat(OpTexts.reply(new Reply(Reply.Kind.HELD_BY, "R7", Optional.of("prod"), Optional.of("U2"),
                Optional.empty(), Optional.empty()))).startsWith("U2 holds cluster prod; one operation per cluster");
        assertThat(OpTexts.reply(new Reply(Reply.Kind.ENDED, "R7", Optional.empty(), Optional.empty(),
                Optional.of(OpState.HALTED), Optional.empty()))).isEqualTo("R7 has already ended (halted at a failed step).");
    }

    @Test
    void aPlanByANonOperatorIsRefusedInOneLineNamingWhomToAsk() {
        var approvals = new BotConfig.Approvals(List.of("U0BOB"), List.of("S0APPROVERS"), 1, false,
                "white_check_mark", "x", Duration.ofHours(24));
        var cluster = new BotConfig.Cluster("prod-eu", "k:9092", Map.of(), List.of("*"), approvals, List.of(),
                List.of(), Map.of(), Optional.empty(), BotConfig.UpgradeGates.DEFAULTS, BotConfig.Rebalance.DEFAULTS,
                Optional.of(new BotConfig.Operators(List.of("U0ALICE", "U0BOB"), List.of("S0OPS"))));
        assertThat(OpTexts.notOperator(cluster)).isEqualTo("Only operators of prod-eu may plan (ask one of "
                + "<@U0ALICE>, <@U0BOB>, <!subteam^S0OPS>, <!subteam^S0APPROVERS>).");
        assertThat(OpTexts.reply(new Reply(Reply.Kind.CONFIRM_RUN_NOW, "R7", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()))).isEqualTo("Start R7 now?");
    }

    @Test
    void eventsSayWhatHappenedAndWhatComesNext() {
        assertThat(OpTexts.event("R7", new OpEvent.Stale(List.of("a", "b", "c", "d", "e", "f", "g"), "rebalance orders")))
                .startsWith(":warning: Not started: the cluster changed since this plan was made (a; b; c; d; e; and 2 "
                        + "more). Nothing was changed.").contains("`rebalance orders`");
        assertThat(OpTexts.event("R7", new OpEvent.NotStarted("missed start", Optional.empty())))
                .isEqualTo(":calendar: Not started now: missed start. Next window start: none in the coming year.");
        assertThat(OpTexts.event("R7", new OpEvent.Resumed(T, false, Optional.of(T.plusSeconds(3600)))))
                .isEqualTo(":arrow_forward: Resumed at Tue 2026-11-24 01:00 UTC; the window is open until "
                        + "Tue 2026-11-24 02:00 UTC.");
        assertThat(OpTexts.event("U3", new OpEvent.Halted("node 2 did not come back")))
                .startsWith(":rotating_light: *U3 halted*: node 2 did not come back")
                .contains("*Retry*", "*Roll back*", "*Abort*");
        assertThat(OpTexts.event("R7", new OpEvent.StartedNow("U0BOB"))).contains("<@U0BOB> started R7 now")
                .endsWith("(break-glass, outside the window).");
        assertThat(OpTexts.event("R7", new OpEvent.StartedNow("U0BOB", true))).doesNotContain("outside the window")
                .endsWith("(break-glass; the window is open).");
        assertThat(OpTexts.event("R7", new OpEvent.Recovered())).contains("resuming from its checkpoints");
        assertThat(OpTexts.event("R7", new OpEvent.ReadFailed("timeout"))).contains("(timeout)");
    }
}
