package dev.kafkachatops.run.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.PartitionMove;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Where a run stands: what it has to move, what its verified batches have moved so far, and since when. */
final class Tally {
    final int partitions;
    final long totalBytes;
    final Instant started;
    /** Moved by an earlier attempt of the same run (before a pause, a window's end or a restart). */
    final long earlierBytes;
    final int earlierPartitions;
    long doneBytes;
    int donePartitions;
    /** The partitions of the batches this attempt completed. */
    final List<TopicPartitionRef> completed = new ArrayList<>();

    /** {@code planned}: every move of the run; {@code remaining}: those this attempt still has to make. */
    Tally(List<PartitionMove> planned, List<PartitionMove> remaining, Instant started) {
        Set<TopicPartitionRef> left = remaining.stream().map(PartitionMove::tp).collect(Collectors.toSet());
        List<PartitionMove> all = new ArrayList<>(remaining);
        long before = 0;
        int count = 0;
        for (PartitionMove m : planned) {
            if (left.contains(m.tp())) continue;
            all.add(m);
            before += m.bytes();
            count++;
        }
        this.partitions = all.size();
        this.totalBytes = all.stream().mapToLong(PartitionMove::bytes).sum();
        this.started = started;
        this.earlierBytes = before;
        this.earlierPartitions = count;
        this.doneBytes = before;
        this.donePartitions = count;
    }

    void add(List<PartitionMove> batch) {
        doneBytes += batch.stream().mapToLong(PartitionMove::bytes).sum();
        donePartitions += batch.size();
        batch.forEach(m -> completed.add(m.tp()));
    }
}
