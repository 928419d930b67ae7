package dev.kafkachatops.run.reassign;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a reassignment stands: bytes copied of the total, partitions done, the observed rate and an ETA.
 * {@code batch} counts from 1.
 */
public record Progress(long bytesCopied, long bytesTotal, int partitionsDone, int partitionsTotal, int batch,
                       int batches, double bytesPerSecond, Optional<Duration> eta, Duration elapsed) {

    public double percent() {
        if (bytesTotal > 0) return 100.0 * bytesCopied / bytesTotal;
        return partitionsTotal == 0 ? 100.0 : 100.0 * partitionsDone / partitionsTotal;
    }
}
