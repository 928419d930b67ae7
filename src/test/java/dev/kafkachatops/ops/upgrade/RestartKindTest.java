package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.RunResult;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.RestartPlan;
import dev.kafkachatops.plan.upgrade.RestartPlanner;
import dev.kafkachatops.plan.upgrade.UpgradeFixtures;
import dev.kafkachatops.run.MemoryRunControl;
import dev.kafkachatops.run.RunControl;
import dev.kafkachatops.run.upgrade.RestartPayload;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The restart kind as the workflow sees it: fingerprint, the room a window needs, and no roll back. */
class RestartKindTest {
    private final RestartKind kind = new RestartKind(name -> {
        throw new AssertionError("the cluster was read");
    }, name -> {
        throw new AssertionError("a runner was made");
    }, (op, plan, done, ts, posted) -> {
        throw new AssertionError("a report was opened");
    });
    private final RestartPlan plan = new RestartPlanner().plan(UpgradeFixtures.split(3, 2, "3.9.1", 2, 21).build(),
            List.of(), false, Optional.empty());
    private final RestartPayload payload = new RestartPayload(plan, Map.of(1, NodeRole.CONTROLLER,
            2, NodeRole.CONTROLLER, 3, NodeRole.CONTROLLER, 101, NodeRole.BROKER, 102, NodeRole.BROKER));

    @Test
    void aRollBackRequestIsAnsweredWithoutTouchingTheCluster() {
        MemoryRunControl log = new MemoryRunControl("R1", Clock.systemUTC());
        RunControl control = new RunControl() {
            public boolean cancelRequested() {
                return false;
            }

            public boolean pauseRequested() {
                return false;
            }

            public boolean rollbackRequested() {
                return true;
            }

            public Optional<Instant> deadline() {
                return Optional.empty();
            }

            public Steps steps() {
                return log;
            }
        };
        RunResult r = kind.run((Operation) null, payload, control);
        assertThat(r.status()).isEqualTo(RunResult.Status.HALTED);
        assertThat(r.summary()).isEqualTo("a restart has nothing to roll back (no version and no config were "
                + "changed): choose Retry or Abort");
        assertThat(log.all()).isEmpty();
    }

    @Test
    void theFingerprintIsTheNodesAndTheWindowMustHoldOneWholeNode() {
        assertThat(kind.fingerprint(payload)).isEqualTo(kind.fingerprint(new RestartPayload(plan, payload.roles())));
        assertThat(kind.fingerprint(payload)).isNotEqualTo(kind.fingerprint(new RestartPayload(plan,
                Map.of(1, NodeRole.CONTROLLER))));
        // a broker: start 11 s + health gate 1 s + leader election 1 s, back to back
        assertThat(kind.longestStep(payload)).isEqualTo(Duration.ofSeconds(13));
    }
}
