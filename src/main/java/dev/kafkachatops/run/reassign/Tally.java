package dev.kafkachatops.run.reassign;

import dev.kafkachatops.plan.reassign.PartitionMove;

import java.time.Instant;
import java.util.List;

/** Where a run stands: what it has to move, what its verified batches have moved so far, and since when. */
final class Tally {
    final int partitions;
    final long totalBytes;
    final Instant started;
    long doneBytes;
    int donePartitions;

    Tally(List<PartitionMove> moves, Instant started) {
        this.partitions = moves.size();
        this.totalBytes = moves.stream().mapToLong(PartitionMove::bytes).sum();
        this.started = started;
    }

    void add(List<PartitionMove> batch) {
        doneBytes += batch.stream().mapToLong(PartitionMove::bytes).sum();
        donePartitions += batch.size();
    }
}
