package dev.kafkachatops.run.upgrade;

import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.RestartPlan;
import dev.kafkachatops.plan.upgrade.RestartPlanner;
import dev.kafkachatops.plan.upgrade.UpgradeFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rolling restart on the upgrade runner, over the same fake hosts and fake cluster as {@link UpgradeRunnerTest}
 * (its fixture, used as is): the per-node procedure without the version change, the order, halting and retrying,
 * and a resumed run that repeats no completed step.
 */
class RestartRunnerTest {
    /** Three combined nodes on 3.9.1, 2 the active controller; a topic on all three that one stop keeps at min ISR. */
    private final UpgradeRunnerTest fx = new UpgradeRunnerTest();

    private RestartPayload everyNode() {
        RestartPlan plan = new RestartPlanner().plan(UpgradeFixtures.combined(3, "3.9.1", 2, 21).build(), List.of(),
                false, Optional.of("rotate certs"));
        for (int i = 1; i <= 3; i++) fx.hosts.put(i, fx.new FakeHost(i, "3.9.1"));
        return new RestartPayload(plan, Map.of(1, NodeRole.COMBINED, 2, NodeRole.COMBINED, 3, NodeRole.COMBINED));
    }

    @Test
    void restartsEachNodeOnceTheActiveControllerLastWithNoVersionChange() {
        var outcome = fx.runner().run(everyNode(), fx.control(), new UpgradeRunner.Listener() {
        });
        assertThat(outcome.status()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        assertThat(outcome.message()).isEqualTo("Every node of the restart (every node) was restarted and is healthy");
        assertThat(fx.calls).containsExactly(
                "gate-minisr 1", "stop 1", "start 1", "up 1", "elect 1",
                "gate-minisr 3", "stop 3", "start 3", "up 3", "elect 3",
                "gate-minisr 2", "stop 2", "start 2", "up 2", "elect 2");
        assertThat(fx.hosts.values()).allSatisfy(h -> assertThat(h.linked).isEqualTo("3.9.1"));
        assertThat(fx.admin.finalizedLevel(FakeUpgradeAdmin.METADATA_VERSION)).isEqualTo(21);
        assertThat(fx.log.all()).allSatisfy(c -> assertThat(c.status()).isEqualTo(Checkpoint.Status.DONE));
    }

    @Test
    void theCurrentActiveControllerGoesLastEvenWhenLeadershipMovedSincePlanning() {
        RestartPayload p = everyNode();
        fx.admin.leadership(3);
        fx.runner().run(p, fx.control(), new UpgradeRunner.Listener() {
        });
        assertThat(fx.calls.stream().filter(c -> c.startsWith("stop ")).toList())
                .containsExactly("stop 1", "stop 2", "stop 3");
    }

    @Test
    void aNodeThatDoesNotComeBackHaltsAndARetryStartsItAgainAndGoesOn() {
        RestartPayload p = everyNode();
        fx.hosts.get(3).startFails = true;
        var halted = fx.runner().run(p, fx.control(), new UpgradeRunner.Listener() {
        });
        assertThat(halted.status()).isEqualTo(UpgradeRunner.Outcome.Status.HALTED);
        assertThat(halted.haltedAt().orElseThrow().key()).isEqualTo("hop1/phase1/combined-3/health-gate");
        assertThat(fx.calls).doesNotContain("stop 2");
        int before = fx.calls.size();
        fx.hosts.get(3).startFails = false;
        var retried = fx.runner().run(p, fx.control(), new UpgradeRunner.Listener() {
        });
        assertThat(retried.status()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        assertThat(fx.calls.subList(before, fx.calls.size())).containsExactly("start 3", "up 3", "elect 3",
                "gate-minisr 2", "stop 2", "start 2", "up 2", "elect 2");
    }

    @Test
    void anInterruptedRestartContinuesWithTheNextNodeAndRestartsNoNodeTwice() {
        RestartPayload p = everyNode();
        // the window ends while node 1 restarts: the run goes on to node 1's last step, then pauses
        var paused = fx.runner().run(p, fx.control(() -> false, () -> fx.calls.contains("start 1")),
                new UpgradeRunner.Listener() {
                });
        assertThat(paused.status()).isEqualTo(UpgradeRunner.Outcome.Status.PAUSED);
        assertThat(fx.calls).endsWith("up 1", "elect 1");
        // a new runner (the bot restarted) over the same checkpoints
        var resumed = fx.runner().run(p, fx.control(), new UpgradeRunner.Listener() {
        });
        assertThat(resumed.status()).isEqualTo(UpgradeRunner.Outcome.Status.DONE);
        for (int n = 1; n <= 3; n++) {
            int node = n;
            assertThat(fx.calls.stream().filter(c -> c.equals("stop " + node))).as("stops of node " + n).hasSize(1);
            assertThat(fx.calls.stream().filter(c -> c.equals("start " + node))).as("starts of node " + n).hasSize(1);
        }
    }

    @Test
    void theStoredPlanSurvivesItsJsonRoundTrip() {
        RestartPayload p = everyNode();
        String json = PlanCodec.write(p);
        assertThat(PlanCodec.read(json, RestartPayload.class)).isEqualTo(p);
    }
}
