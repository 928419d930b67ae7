package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.upgrade.Rehearsal;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.run.upgrade.UpgradePayload;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Applies {@link Rehearsal} to a plan with the finished upgrades of the cluster's rehearsal cluster, as the store
 * records them: DONE upgrade operations, their plan's route, the first STARTED and the FINISHED audit entries, and
 * the number of halts (FAILED entries). A skip is audited (OVERRIDDEN) once the plan is stored.
 */
public final class RehearsalGate {
    private static final int HISTORY = 1000;
    private final OperationStore store;
    private final Clock clock;

    public RehearsalGate(OperationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Rehearsal.Decision check(UpgradePlan plan, BotConfig.Cluster cluster, boolean skip) {
        BotConfig.Stage stage = cluster.stage();
        var policy = new Rehearsal.Policy(stage.production(), stage.rehearsal(), stage.rehearsalMaxAge(),
                cluster.approvals().required());
        if (!policy.production() || plan.isEmpty()) return Rehearsal.decide(plan, policy, List.of(), skip, now());
        List<Rehearsal.Run> runs = stage.rehearsal().map(this::finishedUpgrades).orElse(List.of());
        return Rehearsal.decide(plan, policy, runs, skip, now());
    }

    /** Records who skipped the rehearsal of which stored plan, and why it was not rehearsed. */
    public void auditSkip(Operation op, String user, String why) {
        store.audit(AuditEntry.of(op.cluster(), op.id(), AuditEvent.OVERRIDDEN, user, "skip-rehearsal: " + why,
                now()));
    }

    List<Rehearsal.Run> finishedUpgrades(String cluster) {
        List<Rehearsal.Run> out = new ArrayList<>();
        for (Operation op : store.list(Optional.of(cluster), EnumSet.of(OpState.DONE))) {
            if (op.kind() != OpKind.UPGRADE) continue;
            UpgradePlan p;
            try {
                p = PlanCodec.read(op.planJson(), UpgradePayload.class).plan();
            } catch (IllegalArgumentException e) {
                continue; // a plan this version cannot read proves nothing
            }
            Instant started = null;
            Instant finished = null;
            int halts = 0;
            for (AuditEntry e : store.history(Optional.of(cluster), Optional.of(op.id()), HISTORY)) {
                switch (e.event()) {
                    case STARTED -> started = e.at(); // newest first: the last one seen is the first start
                    case FINISHED -> finished = finished == null ? e.at() : finished;
                    case FAILED -> halts++;
                    default -> { }
                }
            }
            if (started == null || finished == null) continue;
            out.add(new Rehearsal.Run(op.id(), cluster, p.running().stream().map(Object::toString).toList(),
                    p.target().toString(), started, finished, halts));
        }
        return out;
    }

    private Instant now() {
        return clock.instant();
    }
}
