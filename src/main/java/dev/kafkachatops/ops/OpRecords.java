package dev.kafkachatops.ops;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.domain.ops.PlanStatus;
import dev.kafkachatops.domain.ops.StateNote;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.port.OperationChat;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.view.Format;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * What every part of the workflow does the same way: state transitions with their audit entry and the plan
 * message re-rendered, the cluster's configuration, and the clock.
 */
final class OpRecords {
    final OperationStore store;
    final OperationChat chat;
    final JobScheduler scheduler;
    final Clock clock;
    private final Function<String, Optional<BotConfig.Cluster>> clusters;
    private final ToIntFunction<Operation> extraApprovals;

    OpRecords(OperationStore store, OperationChat chat, JobScheduler scheduler,
              Function<String, Optional<BotConfig.Cluster>> clusters, Clock clock,
              ToIntFunction<Operation> extraApprovals) {
        this.store = store;
        this.extraApprovals = extraApprovals;
        this.chat = chat;
        this.scheduler = scheduler;
        this.clusters = clusters;
        this.clock = clock;
    }

    Optional<BotConfig.Cluster> cluster(String name) {
        return clusters.apply(name);
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Moves {@code id} from one of {@code from} to a terminal {@code to} with its note; false when it was elsewhere
     * meanwhile. The audit entry gets the note's plain text.
     */
    boolean end(String id, Set<OpState> from, OpState to, StateNote note, AuditEvent event, String actor) {
        Optional<Operation> done = store.update(id, o -> from.contains(o.state())
                ? Optional.of(o.withState(to, StateNotes.write(note))) : Optional.empty());
        if (done.isEmpty()) return false;
        scheduler.unschedule(id);
        audit(done.get(), event, actor, note.text());
        refresh(id);
        return true;
    }

    /** The approvals {@code op} needs: its cluster's {@code required}, plus what its plan adds (a skipped gate). */
    int required(Operation op, BotConfig.Cluster c) {
        return c.approvals().required() + extraApprovals.applyAsInt(op);
    }

    PlanStatus status(Operation op) {
        BotConfig.Cluster c = clusters.apply(op.cluster()).orElseThrow();
        BotConfig.Approvals a = c.approvals();
        return new PlanStatus(store.approvals(op.id()), required(op, c), a.approveReaction(), a.rejectReaction(),
                a.allowSelfApproval(), zone(c));
    }

    void refresh(String id) {
        store.find(id).ifPresent(op -> {
            if (op.messageTs().isPresent()) chat.refresh(op, status(op));
        });
    }

    void audit(Operation op, AuditEvent event, String actor, String detail) {
        store.audit(AuditEntry.of(op.cluster(), op.id(), event, actor, detail == null ? "" : detail.strip(),
                clock.instant()));
    }

    private static ZoneId zone(BotConfig.Cluster c) {
        return c.windows().isEmpty() ? ZoneOffset.UTC : ZoneId.of(c.windows().get(0).timeZone());
    }

    /** An instant for the audit log: {@code Wed 2026-11-25 02:00 UTC}. */
    static String when(Instant t) {
        return Format.when(t, ZoneOffset.UTC);
    }
}
