package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.upgrade.Finding;
import dev.kafkachatops.plan.upgrade.Rehearsal;
import dev.kafkachatops.plan.upgrade.UpgradeFixtures;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.run.upgrade.UpgradePayload;
import dev.kafkachatops.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate reads what the store records: DONE upgrades of the rehearsal cluster, their audit entries, their halts. */
class RehearsalGateTest {
    static final Instant T = Instant.parse("2026-12-01T03:00:00Z");
    final InMemoryOperationStore store = new InMemoryOperationStore();
    final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    final RehearsalGate gate = new RehearsalGate(store, clock);

    static BotConfig.Cluster cluster(String name, BotConfig.Stage stage) {
        var c = new BotConfig.Cluster(name, "k:9092", Map.of(), List.of("*"), new BotConfig.Approvals(
                List.of("U0BOB"), List.of(), 1, false, "white_check_mark", "x", Duration.ofHours(24)), List.of(),
                List.of(), Map.of());
        return new BotConfig.Cluster(c.name(), c.bootstrapServers(), c.clientProperties(), c.channels(),
                c.approvals(), c.windows(), c.freezes(), c.hosts(), c.installMirror(), c.upgrade(), c.rebalance(),
                c.operators(), stage);
    }

    static final BotConfig.Cluster PROD = cluster("prod-eu", new BotConfig.Stage(BotConfig.Environment.PRODUCTION,
            Optional.of("staging-eu"), Duration.ofDays(30), false));

    static UpgradePlan plan(String cluster, String from, String to) {
        return UpgradeFixtures.planner().plan(UpgradeFixtures.combined(3, from, 1, 21, from, to).build(), to);
    }

    /** An upgrade of {@code cluster} stored and taken through the states and audit entries a real run leaves. */
    Operation finished(String cluster, String from, String to, Instant started, Duration took, int halts,
                       OpState end) {
        String json = PlanCodec.write(new UpgradePayload(plan(cluster, from, to), Map.of(), Map.of()));
        Operation op = store.insert(new NewOperation(cluster, OpKind.UPGRADE, "upgrade " + to, "U0ALICE", "C1", json,
                PlanCodec.hash(json), "fp", started.minusSeconds(600), started.plus(Duration.ofDays(1))));
        store.update(op.id(), o -> Optional.of(o.withState(OpState.APPROVED, null)));
        store.update(op.id(), o -> Optional.of(o.withState(OpState.RUNNING, null)));
        store.audit(AuditEntry.of(cluster, op.id(), AuditEvent.STARTED, "bot", "", started));
        Instant t = started;
        for (int i = 0; i < halts; i++) {
            t = t.plusSeconds(60);
            store.audit(AuditEntry.of(cluster, op.id(), AuditEvent.FAILED, "bot", "halted: x", t));
            store.audit(AuditEntry.of(cluster, op.id(), AuditEvent.RESUMED, "U0BOB", "", t.plusSeconds(1)));
        }
        if (end == OpState.DONE) {
            store.audit(AuditEntry.of(cluster, op.id(), AuditEvent.FINISHED, "bot", "", started.plus(took)));
        }
        store.update(op.id(), o -> Optional.of(o.withState(end, null)));
        return store.find(op.id()).orElseThrow();
    }

    @Test
    void aFinishedUpgradeOfTheRehearsalClusterIsReadFromTheStoreWithItsTimeAndHalts() {
        Operation u = finished("staging-eu", "3.9.1", "4.1.1", T, Duration.ofMinutes(14), 2, OpState.DONE);
        finished("staging-eu", "3.9.1", "4.1.1", T.plusSeconds(3600), Duration.ofMinutes(5), 0, OpState.CANCELLED);
        finished("prod-eu", "3.9.1", "4.1.1", T, Duration.ofMinutes(5), 0, OpState.DONE);
        assertThat(gate.finishedUpgrades("staging-eu")).containsExactly(new Rehearsal.Run(u.id(), "staging-eu",
                List.of("3.9.1"), "4.1.1", T, T.plus(Duration.ofMinutes(14)), 2));

        Rehearsal.Decision d = gate.check(plan("prod-eu", "3.9.1", "4.1.1"), PROD, false);
        assertThat(d.finding()).get().extracting(Finding::detail).isEqualTo("Rehearsed on staging-eu on 2026-12-01 ("
                + u.id() + ", 14 min, 2 halts)");
    }

    @Test
    void aCancelledOrFailedRehearsalDoesNotCount() {
        finished("staging-eu", "3.9.1", "4.1.1", T, Duration.ofMinutes(14), 0, OpState.CANCELLED);
        Rehearsal.Decision d = gate.check(plan("prod-eu", "3.9.1", "4.1.1"), PROD, false);
        assertThat(d.finding()).get().extracting(Finding::reason).isEqualTo(Finding.Reason.NOT_REHEARSED);
    }

    @Test
    void aClusterOutsideProductionIsNotGatedAndTheSkipIsAudited() {
        assertThat(gate.check(plan("dev", "3.9.1", "4.1.1"), cluster("dev", BotConfig.Stage.NONE), true).finding())
                .isEmpty();
        Operation op = finished("prod-eu", "3.9.1", "4.1.1", T, Duration.ofMinutes(1), 0, OpState.DONE);
        gate.auditSkip(op, "U0ALICE", "not rehearsed: why");
        assertThat(store.history(Optional.of("prod-eu"), Optional.of(op.id()), 1)).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(AuditEvent.OVERRIDDEN);
            assertThat(e.actor()).isEqualTo("U0ALICE");
            assertThat(e.detail()).isEqualTo("skip-rehearsal: not rehearsed: why");
        });
    }
}
