package dev.kafkachatops.ops;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may approve or reject what: the policy as a table. */
class ApprovalPolicyTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    static Operation op(OpState state) {
        return new Operation("R1", "prod", OpKind.REBALANCE, "rebalance orders", "U0ALICE", "C1",
                Optional.of("1.1"), "{}", "h", "f", state, T0, T0.plus(Duration.ofHours(24)), Optional.empty(),
                Optional.empty(), Optional.empty(), 0);
    }

    static BotConfig.Approvals cfg(boolean self) {
        return new BotConfig.Approvals(List.of("U0BOB"), List.of("S0APPROVERS"), 1, self, "white_check_mark", "x",
                Duration.ofHours(24));
    }

    @ParameterizedTest(name = "{0} reacts :{1}: on a {2} plan (approver={3}, self-approval={4}) -> {5}")
    @CsvSource({
            // user,   reaction,                        state,             approver, self,  verdict,  note?
            "U0BOB,   white_check_mark,                AWAITING_APPROVAL, true,  false, APPROVE, false",
            "U0BOB,   white_check_mark::skin-tone-3,   AWAITING_APPROVAL, true,  false, APPROVE, false",
            "U0BOB,   x,                               AWAITING_APPROVAL, true,  false, REJECT,  false",
            "U0BOB,   white_check_mark,                APPROVED,          true,  false, APPROVE, false",
            "U0BOB,   x,                               APPROVED,          true,  false, REJECT,  false",
            "U0BOB,   tada,                            AWAITING_APPROVAL, true,  false, IGNORE,  false",
            "U0DAVE,  white_check_mark,                AWAITING_APPROVAL, false, false, IGNORE,  true",
            "U0DAVE,  x,                               AWAITING_APPROVAL, false, false, IGNORE,  true",
            "U0DAVE,  thumbsup,                        AWAITING_APPROVAL, false, false, IGNORE,  false",
            "U0ALICE, white_check_mark,                AWAITING_APPROVAL, true,  false, IGNORE,  true",
            "U0ALICE, white_check_mark,                AWAITING_APPROVAL, true,  true,  APPROVE, false",
            "U0ALICE, white_check_mark,                AWAITING_APPROVAL, false, true,  IGNORE,  true",
            "U0ALICE, x,                               AWAITING_APPROVAL, false, false, WITHDRAW, false",
            "U0ALICE, x,                               APPROVED,          true,  false, WITHDRAW, false",
            "U0BOB,   white_check_mark,                RUNNING,           true,  false, IGNORE,  true",
            "U0BOB,   x,                               DONE,              true,  false, IGNORE,  true",
            "U0BOB,   white_check_mark,                REJECTED,          true,  false, IGNORE,  true",
            "U0BOB,   white_check_mark,                PAUSED,            true,  false, IGNORE,  true",
    })
    void table(String user, String reaction, OpState state, boolean approver, boolean self,
               ApprovalPolicy.Kind expected, boolean note) {
        var v = ApprovalPolicy.onReaction(op(state), cfg(self), user, reaction, approver, T0.plusSeconds(60));
        assertThat(v.kind()).isEqualTo(expected);
        assertThat(v.note().isPresent()).isEqualTo(note);
    }

    @ParameterizedTest
    @CsvSource({"white_check_mark, EXPIRE", "x, EXPIRE", "tada, IGNORE"})
    void aWaitingPlanPastItsExpiryMustBePlannedAgain(String reaction, ApprovalPolicy.Kind expected) {
        var v = ApprovalPolicy.onReaction(op(OpState.AWAITING_APPROVAL), cfg(false), "U0BOB", reaction, true,
                T0.plus(Duration.ofHours(24)));
        assertThat(v.kind()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"white_check_mark", ":white_check_mark:"})
    void configuredReactionMayBeWrittenWithColons(String configured) {
        var c = new BotConfig.Approvals(List.of("U0BOB"), List.of(), 1, false, configured, "x", Duration.ofHours(1));
        assertThat(ApprovalPolicy.onReaction(op(OpState.AWAITING_APPROVAL), c, "U0BOB", "white_check_mark", true, T0)
                .kind()).isEqualTo(ApprovalPolicy.Kind.APPROVE);
    }
}
