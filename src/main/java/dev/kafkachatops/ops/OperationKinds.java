package dev.kafkachatops.ops;

import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.run.RunControl;

import java.util.EnumMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The registered kinds: decodes an operation's stored plan once and hands it to its kind. */
public final class OperationKinds {
    private final Map<OpKind, OperationKind<?>> kinds = new EnumMap<>(OpKind.class);

    public OperationKinds register(OperationKind<?> kind) {
        if (kinds.putIfAbsent(kind.kind(), kind) != null) throw new IllegalArgumentException(kind.kind() + " twice");
        return this;
    }

    public List<String> changes(Operation op) throws Exception {
        return changes(get(op), op);
    }

    public RunResult run(Operation op, RunControl control) {
        return run(get(op), op, control);
    }

    /**
     * How much window a run of {@code op} needs left to start or go on: its longest step by the estimate, plus a
     * quarter of it and at least a second (estimates are rough).
     */
    public Duration room(Operation op) {
        Duration step = longestStep(get(op), op);
        return step.plus(step.dividedBy(4)).plus(Duration.ofSeconds(1));
    }

    /**
     * Approvals {@code op} needs beyond its cluster's {@code required}; 0 for a kind not registered here or a plan
     * that no longer matches its hash (which never runs anyway).
     */
    public int extraApprovals(Operation op) {
        OperationKind<?> k = kinds.get(op.kind());
        if (k == null) return 0;
        try {
            return extraApprovals(k, op);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return 0;
        }
    }

    private static <P> int extraApprovals(OperationKind<P> kind, Operation op) {
        return kind.extraApprovals(PlanCodec.readVerified(op, kind.payloadType()));
    }

    private static <P> Duration longestStep(OperationKind<P> kind, Operation op) {
        return kind.longestStep(PlanCodec.readVerified(op, kind.payloadType()));
    }

    private static <P> List<String> changes(OperationKind<P> kind, Operation op) throws Exception {
        return kind.changes(op, PlanCodec.readVerified(op, kind.payloadType()));
    }

    private static <P> RunResult run(OperationKind<P> kind, Operation op, RunControl control) {
        return kind.run(op, PlanCodec.readVerified(op, kind.payloadType()), control);
    }

    private OperationKind<?> get(Operation op) {
        OperationKind<?> k = kinds.get(op.kind());
        if (k == null) throw new IllegalStateException("no operation kind registered for " + op.kind());
        return k;
    }
}
