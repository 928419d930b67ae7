package dev.kafkachatops.ops;

import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.run.RunControl;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** A test kind whose plan is {@link #PLAN} ({@code {}}) and whose changes and run are the test's own. */
@SuppressWarnings("rawtypes")
public final class ScriptedKind implements OperationKind<Map> {
    public static final String PLAN = "{}";
    public static final String HASH = PlanCodec.hash(PLAN);

    private final OpKind kind;
    private final Supplier<List<String>> changes;
    private final BiFunction<Operation, RunControl, RunResult> run;
    /** What {@link #longestStep} answers (the room a run needs in its window). */
    public Duration longestStep = Duration.ZERO;
    /** What {@link #extraApprovals} answers (approvals beyond the cluster's required). */
    public int extraApprovals;

    public ScriptedKind(OpKind kind, Supplier<List<String>> changes, BiFunction<Operation, RunControl, RunResult> run) {
        this.kind = kind;
        this.changes = changes;
        this.run = run;
    }

    @Override
    public OpKind kind() {
        return kind;
    }

    @Override
    public Class<Map> payloadType() {
        return Map.class;
    }

    @Override
    public String fingerprint(Map payload) {
        return "fp";
    }

    @Override
    public List<String> changes(Operation op, Map payload) {
        return changes.get();
    }

    @Override
    public Duration longestStep(Map payload) {
        return longestStep;
    }

    @Override
    public int extraApprovals(Map payload) {
        return extraApprovals;
    }

    @Override
    public RunResult run(Operation op, Map payload, RunControl control) {
        return run.apply(op, control);
    }
}
