package dev.kafkachatops.ops.upgrade;

import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.plan.upgrade.OldClients;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.run.upgrade.SnapshotGatherer;

import java.time.Clock;

/**
 * Applies {@link OldClients} to a plan with what each broker's metrics said when the cluster was gathered; an
 * override ({@code allow-old-clients} over clients seen) is audited (OVERRIDDEN) once the plan is stored.
 */
public final class OldClientsGate {
    private final OperationStore store;
    private final Clock clock;

    public OldClientsGate(OperationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public OldClients.Decision check(UpgradePlan plan, SnapshotGatherer.Gathered g, boolean allow) {
        return OldClients.decide(plan, g.snapshot(), g.clients(), allow);
    }

    /** Records who let which old clients through on which stored plan. */
    public void auditOverride(Operation op, String user, String what) {
        store.audit(AuditEntry.of(op.cluster(), op.id(), AuditEvent.OVERRIDDEN, user, "allow-old-clients: " + what,
                clock.instant()));
    }
}
