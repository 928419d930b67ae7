package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.command.Command;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.upgrade.NodeRole;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeFixtures;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;
import dev.kafkachatops.run.upgrade.UpgradePayload;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One upgrade of a cluster at a time: a new upgrade plan is refused, before the cluster is read, while another
 * upgrade of the cluster is approved, running, paused or halted; the refusal names it and says what to do first.
 */
class UpgradeRequestsTest {
    static final Instant T = Instant.parse("2026-11-24T01:00:00Z");
    static final BotConfig.Cluster PROD = new BotConfig.Cluster("prod-eu", "k:9092", Map.of(), List.of("*"),
            new BotConfig.Approvals(List.of("U0BOB"), List.of(), 1, false, "white_check_mark", "x",
                    Duration.ofHours(24)), List.of(), List.of(), Map.of());

    final InMemoryOperationStore store = new InMemoryOperationStore();
    /** Any read of the cluster fails the test: a refusal must come before it. */
    final Function<String, SnapshotGatherer> noRead = name -> {
        throw new AssertionError("the cluster was read");
    };
    final UpgradeRequests requests = new UpgradeRequests(noRead, UpgradeFixtures.planner(), null, null, store);

    /** A 4-node KRaft cluster on 3.9.1 planned to 4.1.2, stored and moved to {@code states} in turn. */
    Operation upgrade(String cluster, OpState... states) {
        UpgradePlan plan = UpgradeFixtures.planner().plan(UpgradeFixtures.combined(4, "3.9.1", 2, 21, "3.9.1",
                "4.1.2").build(), "4.1.2");
        var roles = new TreeMap<Integer, NodeRole>();
        var versions = new TreeMap<Integer, String>();
        for (int i = 1; i <= 4; i++) {
            roles.put(i, NodeRole.COMBINED);
            versions.put(i, "3.9.1");
        }
        String json = PlanCodec.write(new UpgradePayload(plan, roles, versions));
        Operation op = store.insert(new NewOperation(cluster, OpKind.UPGRADE, "upgrade 4.1.2", "U0ALICE", "C1", json,
                PlanCodec.hash(json), "fp", T, T.plus(Duration.ofHours(24))));
        for (OpState s : states) store.update(op.id(), o -> Optional.of(o.withState(s, null)));
        return store.find(op.id()).orElseThrow();
    }

    /** Checkpoints every step up to and including the link switch of the {@code nodes}-th node rolled. */
    void rolled(Operation op, int nodes) {
        UpgradePlan plan = PlanCodec.readVerified(op, UpgradePayload.class).plan();
        int relinked = 0;
        for (UpgradeStep s : plan.steps()) {
            if (relinked == nodes && s.kind() == StepKind.SAFETY_GATE) break;
            store.checkpoint(new Checkpoint(op.id(), s.key(), Checkpoint.Status.DONE, "", T));
            if (s.kind() == StepKind.RELINK) relinked++;
        }
    }

    String refusal() {
        var r = requests.plan(new Command.Upgrade("4.1.2"), PROD, "U0CAROL", "C1");
        assertThat(r).isInstanceOf(UpgradeRequests.Result.Refused.class);
        return ((UpgradeRequests.Result.Refused) r).message();
    }

    @Test
    void anUpgradePausedMidRollIsNamedWithItsProgressAndWhatToDoFirst() {
        Operation u = upgrade("prod-eu", OpState.APPROVED, OpState.RUNNING, OpState.PAUSED);
        rolled(u, 2);
        Operation before = store.find(u.id()).orElseThrow();
        assertThat(refusal()).isEqualTo("Upgrade " + u.id() + " of prod-eu is paused mid-roll (2 of 4 nodes on "
                + "4.1.2): `resume " + u.id() + "` or `cancel " + u.id() + "` first; nothing was changed.");
        assertThat(store.find(u.id())).contains(before);
        assertThat(store.list(Optional.empty(), OpState.OPEN)).hasSize(1);
    }

    @Test
    void runningHaltedAndApprovedUpgradesAreRefusedToo() {
        Operation running = upgrade("prod-eu", OpState.APPROVED, OpState.RUNNING);
        rolled(running, 1);
        assertThat(refusal()).isEqualTo("Upgrade " + running.id() + " of prod-eu is running (1 of 4 nodes on "
                + "4.1.2): let it finish or `cancel " + running.id() + "` first; nothing was changed.");
        store.update(running.id(), o -> Optional.of(o.withState(OpState.HALTED, null)));
        assertThat(refusal()).startsWith("Upgrade " + running.id() + " of prod-eu is halted at a failed step (1 of 4 "
                + "nodes on 4.1.2): choose Retry, Roll back or Abort in its thread");
        store.update(running.id(), o -> Optional.of(o.withState(OpState.CANCELLED, null)));
        Operation approved = upgrade("prod-eu", OpState.APPROVED);
        assertThat(refusal()).isEqualTo("Upgrade " + approved.id() + " of prod-eu is approved and waits for its "
                + "window: let it run or `cancel " + approved.id() + "` first; nothing was changed.");
    }

    @Test
    void aPausedUpgradeBeforeItsFirstNodeGivesNoNumbers() {
        Operation u = upgrade("prod-eu", OpState.APPROVED, OpState.PAUSED);
        assertThat(refusal()).isEqualTo("Upgrade " + u.id() + " of prod-eu is paused before its start: `resume "
                + u.id() + "` or `cancel " + u.id() + "` first; nothing was changed.");
    }

    @Test
    void finishedWaitingAndOtherClustersUpgradesDoNotBlock() {
        upgrade("prod-eu", OpState.APPROVED, OpState.RUNNING, OpState.DONE);
        upgrade("prod-eu");
        upgrade("prod-us", OpState.APPROVED, OpState.RUNNING, OpState.PAUSED);
        // not refused for another upgrade: the request goes on to read the cluster
        assertThatThrownBy(() -> requests.plan(new Command.Upgrade("4.1.2"), PROD,
                "U0CAROL", "C1")).isInstanceOf(AssertionError.class).hasMessage("the cluster was read");
    }
}
