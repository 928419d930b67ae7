package dev.kafkachatops.plan.upgrade;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.combined;
import static dev.kafkachatops.plan.upgrade.UpgradeFixtures.planner;
import static org.assertj.core.api.Assertions.assertThat;

/** The rehearsal gate's decision from the finished upgrades the store holds. */
class RehearsalTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final UpgradePlan PLAN = planner().plan(combined(3, "3.9.1", 1, 21, "4.1.1").build(), "4.1.1");
    private static final Rehearsal.Policy PROD = new Rehearsal.Policy(true, Optional.of("staging-eu"),
            Duration.ofDays(30), 1);

    private static Rehearsal.Run run(String id, String cluster, String from, String to, String finished, long minutes,
                                     int halts) {
        Instant end = Instant.parse(finished);
        return new Rehearsal.Run(id, cluster, List.of(from), to, end.minus(Duration.ofMinutes(minutes)), end, halts);
    }

    private static final Rehearsal.Run U12 = run("U12", "staging-eu", "3.9.1", "4.1.1", "2026-12-01T03:14:00Z", 14, 0);

    @Test
    void aClusterThatIsNotProductionIsNotGated() {
        var d = Rehearsal.decide(PLAN, new Rehearsal.Policy(false, Optional.empty(), Duration.ofDays(30), 1),
                List.of(), false, NOW);
        assertThat(d.finding()).isEmpty();
        assertThat(d.skipped()).isFalse();
    }

    @Test
    void theSameHopFinishedOnTheRehearsalClusterWithinTheMaxAgePasses() {
        Rehearsal.Run older = run("U9", "staging-eu", "3.9.1", "4.1.1", "2026-11-20T03:00:00Z", 30, 2);
        var d = Rehearsal.decide(PLAN, PROD, List.of(older, U12), false, NOW);
        assertThat(d.finding()).get().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
            assertThat(f.detail()).isEqualTo("Rehearsed on staging-eu on 2026-12-01 (U12, 14 min, 0 halts)");
        });
        assertThat(PLAN.withFindings(List.of(d.finding().get())).blocked()).isFalse();
    }

    @Test
    void aShortRunIsInSecondsAndOneHaltIsSingular() {
        Rehearsal.Run quick = new Rehearsal.Run("U3", "staging-eu", List.of("3.9.1"), "4.1.1",
                Instant.parse("2026-12-06T10:00:00Z"), Instant.parse("2026-12-06T10:00:42Z"), 1);
        assertThat(quick.describe()).isEqualTo("staging-eu on 2026-12-06 (U3, 42 s, 1 halt)");
    }

    @Test
    void noRunOfThatHopBlocksAndSaysWhatTheRehearsalClusterDidLast() {
        Rehearsal.Run other = run("U5", "staging-eu", "3.8.1", "3.9.1", "2026-11-02T03:00:00Z", 20, 0);
        Rehearsal.Run elsewhere = run("U6", "dev-us", "3.9.1", "4.1.1", "2026-12-05T03:00:00Z", 20, 0);
        var d = Rehearsal.decide(PLAN, PROD, List.of(other, elsewhere), false, NOW);
        assertThat(d.finding()).get().satisfies(f -> {
            assertThat(f.blocks()).isTrue();
            assertThat(f.text()).isEqualTo("Not rehearsed: the hop 3.9.1 → 4.1.1 has not finished on staging-eu (its "
                    + "newest finished upgrade: U5, 3.8.1 → 3.9.1 on 2026-11-02): upgrade staging-eu to 4.1.1 first, "
                    + "or ask with `upgrade 4.1.1 skip-rehearsal` (needs 2 approvals)");
        });
        assertThat(PLAN.withFindings(List.of(d.finding().get())).blocked()).isTrue();
    }

    @Test
    void aRunOlderThanTheMaxAgeBlocks() {
        Rehearsal.Run old = run("U2", "staging-eu", "3.9.1", "4.1.1", "2026-10-01T03:00:00Z", 14, 0);
        var d = Rehearsal.decide(PLAN, PROD, List.of(old), false, NOW);
        assertThat(d.finding()).get().extracting(Finding::text).isEqualTo("Not rehearsed: the hop 3.9.1 → 4.1.1 "
                + "last finished on staging-eu on 2026-10-01 (U2, 14 min, 0 halts), 67 days ago: more than the 30 "
                + "days allowed (rehearsalMaxAge): upgrade staging-eu to 4.1.1 first, or ask with `upgrade 4.1.1 "
                + "skip-rehearsal` (needs 2 approvals)");
    }

    @Test
    void exactlyTheMaxAgeStillCounts() {
        Rehearsal.Run edge = run("U4", "staging-eu", "3.9.1", "4.1.1", "2026-11-07T10:00:00Z", 14, 0);
        assertThat(Rehearsal.decide(PLAN, PROD, List.of(edge), false, NOW).finding()).get()
                .extracting(Finding::severity).isEqualTo(Finding.Severity.INFO);
        assertThat(Rehearsal.decide(PLAN, PROD, List.of(edge), false, NOW.plusSeconds(1)).finding()).get()
                .extracting(Finding::severity).isEqualTo(Finding.Severity.BLOCKER);
    }

    @Test
    void anotherTargetOrStartingVersionIsNotTheSameHop() {
        Rehearsal.Run otherTarget = run("U7", "staging-eu", "3.9.1", "4.1.0", "2026-12-05T03:00:00Z", 14, 0);
        Rehearsal.Run otherStart = run("U8", "staging-eu", "3.9.0", "4.1.1", "2026-12-05T03:00:00Z", 14, 0);
        assertThat(Rehearsal.decide(PLAN, PROD, List.of(otherTarget, otherStart), false, NOW).finding()).get()
                .extracting(Finding::reason).isEqualTo(Finding.Reason.NOT_REHEARSED);
    }

    @Test
    void aProductionClusterWithoutARehearsalClusterIsBlocked() {
        var d = Rehearsal.decide(PLAN, new Rehearsal.Policy(true, Optional.empty(), Duration.ofDays(30), 2),
                List.of(U12), false, NOW);
        assertThat(d.finding()).get().extracting(Finding::text).isEqualTo("Not rehearsed: sandbox is a production "
                + "cluster that names no rehearsal cluster (set `rehearsal:` in its config): ask with `upgrade 4.1.1 "
                + "skip-rehearsal` (needs 3 approvals)");
    }

    @Test
    void skipRehearsalTurnsTheBlockerIntoAWarningAndOneMoreApproval() {
        var d = Rehearsal.decide(PLAN, PROD, List.of(), true, NOW);
        assertThat(d.skipped()).isTrue();
        assertThat(d.finding()).get().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
            assertThat(f.text()).isEqualTo("Rehearsal skipped: not rehearsed: the hop 3.9.1 → 4.1.1 has not finished "
                    + "on staging-eu. Asked with skip-rehearsal, so the plan needs 2 approvals (one more than usual)");
        });
    }

    @Test
    void skipRehearsalOnARehearsedHopChangesNothing() {
        var d = Rehearsal.decide(PLAN, PROD, List.of(U12), true, NOW);
        assertThat(d.skipped()).isFalse();
        assertThat(d.finding()).get().extracting(Finding::reason).isEqualTo(Finding.Reason.REHEARSED);
    }

    @Test
    void anEmptyPlanIsNotGated() {
        UpgradePlan done = planner().plan(combined(3, "4.1.1", 1, 27).build(), "4.1.1");
        assertThat(done.isEmpty()).isTrue();
        assertThat(Rehearsal.decide(done, PROD, List.of(), false, NOW).finding()).isEmpty();
    }
}
