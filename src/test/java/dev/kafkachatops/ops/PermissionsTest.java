package dev.kafkachatops.ops;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.ApproverDirectory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may plan, change and start now, with and without {@code operators}: without them, anyone may plan and only
 * the requester or an approver changes an operation (as before operators existed).
 */
class PermissionsTest {
    static final BotConfig.Approvals APPROVALS = new BotConfig.Approvals(List.of("U0BOB"), List.of(), 1, false,
            "white_check_mark", "x", Duration.ofHours(24));

    /** Approvers: U0BOB; operators: U0ALICE, and U0CAROL as a member of the group S0OPS. */
    static final ApproverDirectory DIRECTORY = new ApproverDirectory() {
        @Override
        public boolean isApprover(String cluster, String user) {
            return user.equals("U0BOB");
        }

        @Override
        public boolean isOperator(String cluster, String user) {
            return cluster.equals("with-operators") && List.of("U0ALICE", "U0CAROL").contains(user);
        }
    };

    static BotConfig.Cluster cluster(String name, Optional<BotConfig.Operators> operators) {
        return new BotConfig.Cluster(name, "k:9092", Map.of(), List.of("*"), APPROVALS, List.of(), List.of(),
                Map.of(), Optional.empty(), BotConfig.UpgradeGates.DEFAULTS, BotConfig.Rebalance.DEFAULTS, operators);
    }

    final Permissions permissions = new Permissions(DIRECTORY, name -> Optional.of(name.equals("with-operators")
            ? cluster(name, Optional.of(new BotConfig.Operators(List.of("U0ALICE"), List.of("S0OPS"))))
            : cluster(name, Optional.empty())));

    static Operation op(String cluster, String requester) {
        Instant t = Instant.parse("2026-11-23T12:00:00Z");
        return new Operation("R1", cluster, OpKind.REBALANCE, "rebalance orders", requester, "C1", Optional.empty(),
                "{}", "h", "fp", OpState.APPROVED, t, t.plusSeconds(3600), Optional.empty(), Optional.empty(),
                Optional.empty(), 1);
    }

    @Test
    void withOperatorsOnlyOperatorsAndApproversPlan() {
        assertThat(permissions.mayPlan("with-operators", "U0ALICE")).isTrue();
        assertThat(permissions.mayPlan("with-operators", "U0CAROL")).as("through the group").isTrue();
        assertThat(permissions.mayPlan("with-operators", "U0BOB")).as("an approver").isTrue();
        assertThat(permissions.mayPlan("with-operators", "U0DAVE")).isFalse();
    }

    @Test
    void withoutOperatorsAnyonePlansAsBefore() {
        assertThat(permissions.mayPlan("open", "U0DAVE")).isTrue();
        assertThat(permissions.mayChange(op("open", "U0ALICE"), "U0DAVE")).isFalse();
        assertThat(permissions.mayChange(op("open", "U0ALICE"), "U0ALICE")).isTrue();
        assertThat(permissions.mayChange(op("open", "U0ALICE"), "U0BOB")).isTrue();
    }

    @Test
    void requesterOperatorsAndApproversChangeOperationsOnlyApproversStartThemNow() {
        Operation op = op("with-operators", "U0ALICE");
        assertThat(permissions.mayChange(op, "U0ALICE")).as("the requester").isTrue();
        assertThat(permissions.mayChange(op, "U0CAROL")).as("an operator").isTrue();
        assertThat(permissions.mayChange(op, "U0BOB")).as("an approver").isTrue();
        assertThat(permissions.mayChange(op, "U0DAVE")).isFalse();
        assertThat(permissions.mayRunNow("with-operators", "U0BOB")).isTrue();
        assertThat(permissions.mayRunNow("with-operators", "U0ALICE")).isFalse();
        assertThat(permissions.mayRunNow("with-operators", "U0CAROL")).isFalse();
    }

    @Test
    void anUnknownClusterIsPlannedByNobody() {
        Permissions none = new Permissions(DIRECTORY, name -> Optional.empty());
        assertThat(none.mayPlan("gone", "U0BOB")).isFalse();
    }
}
