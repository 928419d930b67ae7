package dev.kafkachatops.ops.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.run.RunControl;
import dev.kafkachatops.run.reassign.ReassignmentRunner;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Maps the reassignment runner's batch hooks onto checkpoints {@code topic-<i>/batch-<k>}. */
final class BatchSteps implements ReassignmentRunner.Control {
    private final RunControl control;
    private final String prefix;
    private String current;
    private String currentDetail;

    BatchSteps(RunControl control, String topicStep) {
        this.control = control;
        this.prefix = topicStep + "/batch-";
    }

    private List<Checkpoint> batches() {
        return control.steps().all().stream().filter(c -> c.step().startsWith(prefix)).toList();
    }

    @Override
    public boolean cancelRequested() {
        return control.cancelRequested();
    }

    @Override
    public boolean pauseRequested() {
        return control.pauseRequested();
    }

    @Override
    public Set<TopicPartitionRef> adoptable() {
        Set<TopicPartitionRef> out = new HashSet<>();
        for (Checkpoint c : batches()) {
            if (c.status() == Checkpoint.Status.STARTED) out.addAll(parse(c.detail()));
        }
        return out;
    }

    @Override
    public void submitting(List<PartitionMove> batch, boolean adopted) {
        String detail = batch.stream().map(m -> m.tp().toString()).collect(Collectors.joining(","));
        if (adopted) {
            var first = batches().stream().filter(c -> c.status() == Checkpoint.Status.STARTED).findFirst();
            if (first.isPresent()) {
                current = first.get().step();
                currentDetail = first.get().detail();
                return; // already recorded as STARTED by the attempt that submitted it
            }
        }
        current = prefix + (batches().size() + 1);
        currentDetail = detail;
        control.steps().started(current, detail);
    }

    @Override
    public void completed(List<PartitionMove> batch) {
        // A batch an interrupted attempt recorded but never submitted: its moves went into fresh batches.
        for (Checkpoint c : batches()) {
            if (c.status() == Checkpoint.Status.STARTED && !c.step().equals(current)) {
                control.steps().skipped(c.step(), c.detail());
            }
        }
        control.steps().done(current, currentDetail);
    }

    static List<TopicPartitionRef> parse(String detail) {
        if (detail == null || detail.isBlank()) return List.of();
        return Arrays.stream(detail.split(",")).map(s -> {
            int dash = s.lastIndexOf('-');
            return new TopicPartitionRef(s.substring(0, dash), Integer.parseInt(s.substring(dash + 1)));
        }).toList();
    }
}
