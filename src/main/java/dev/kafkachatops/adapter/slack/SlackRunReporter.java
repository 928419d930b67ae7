package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.ops.reassign.ReassignmentReport;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.run.reassign.Progress;
import dev.kafkachatops.run.reassign.RunOutcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One topic's moves in the channel: the run's progress message edited in place (at most once per {@code minInterval} and
 * coalesced by the {@link ProgressChannel}, so {@code chat.update}'s Tier 3 limit is never near) and one thread entry
 * per batch; the final summary replaces the progress message and is also posted in the thread.
 */
final class SlackRunReporter implements ReassignmentReport.Topic {
    private final ProgressChannel out;
    private final ProgressChannel.Live message;
    private final String title;
    private final Clock clock;
    private final Duration minInterval;
    private boolean started;
    private Instant lastUpdate;

    SlackRunReporter(ProgressChannel out, ProgressChannel.Live message, String title, Clock clock,
                     Duration minInterval) {
        this.out = out;
        this.message = message;
        this.title = title;
        this.clock = clock;
        this.minInterval = minInterval;
    }

    @Override
    public void batchStarted(int batch, int batches, List<PartitionMove> moves) {
        if (!started) {
            started = true;
            Progress zero = new Progress(0, moves.stream().mapToLong(PartitionMove::bytes).sum(), 0, moves.size(),
                    batch, batches, 0, Optional.empty(), Duration.ZERO);
            message.show(RunViews.progressText(title, zero), RunViews.json(RunViews.progress(title, zero)));
        }
        out.thread(RunViews.batchStarted(batch, batches, moves), null);
    }

    @Override
    public void progress(Progress p) {
        Instant now = clock.instant();
        if (lastUpdate != null && Duration.between(lastUpdate, now).compareTo(minInterval) < 0 && p.percent() < 100) {
            return;
        }
        lastUpdate = now;
        if (started) message.show(RunViews.progressText(title, p), RunViews.json(RunViews.progress(title, p)));
    }

    @Override
    public void batchDone(int batch, int batches, Duration took) {
        out.thread(RunViews.batchDone(batch, batches, took), null);
    }

    @Override
    public void finished(RunOutcome o) {
        String json = RunViews.json(RunViews.finished(title, o));
        String text = title + ": " + o.status() + ". " + o.message();
        if (started) message.show(text, json);
        out.thread(text, json);
    }
}
