package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.run.reassign.Progress;
import dev.kafkachatops.run.reassign.ReassignmentRunner;
import dev.kafkachatops.run.reassign.RunOutcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Streams a run to the channel: one message in the channel edited in place (at most once per {@code minInterval}, so
 * {@code chat.update}'s Tier 3 limit is never near) and one thread entry per batch; the final summary replaces
 * the progress message and is also posted in the thread.
 */
public final class SlackRunReporter implements ReassignmentRunner.Listener {
    private final ChatNotifier chat;
    private final String channel;
    private final String threadTs;
    private final String title;
    private final Clock clock;
    private final Duration minInterval;
    private String progressTs;
    private Instant lastUpdate;
    private Progress last;

    public SlackRunReporter(ChatNotifier chat, String channel, String threadTs, String title, Clock clock,
                            Duration minInterval) {
        this.chat = chat;
        this.channel = channel;
        this.threadTs = threadTs;
        this.title = title;
        this.clock = clock;
        this.minInterval = minInterval;
    }

    @Override
    public void batchStarted(int batch, int batches, List<PartitionMove> moves) {
        if (progressTs == null) {
            Progress zero = new Progress(0, moves.stream().mapToLong(PartitionMove::bytes).sum(), 0, moves.size(),
                    batch, batches, 0, Optional.empty(), Duration.ZERO);
            progressTs = chat.post(channel, Optional.empty(), RunViews.progressText(title, zero),
                    RunViews.json(RunViews.progress(title, zero)));
        }
        chat.post(channel, Optional.of(threadTs), RunViews.batchStarted(batch, batches, moves), null);
    }

    @Override
    public void progress(Progress p) {
        last = p;
        Instant now = clock.instant();
        if (lastUpdate != null && Duration.between(lastUpdate, now).compareTo(minInterval) < 0 && p.percent() < 100) {
            return;
        }
        lastUpdate = now;
        if (progressTs != null) {
            chat.update(channel, progressTs, RunViews.progressText(title, p), RunViews.json(RunViews.progress(title, p)));
        }
    }

    @Override
    public void batchDone(int batch, int batches, Duration took) {
        chat.post(channel, Optional.of(threadTs), RunViews.batchDone(batch, batches, took), null);
    }

    public void finished(RunOutcome o) {
        String json = RunViews.json(RunViews.finished(title, o));
        String text = title + ": " + o.status() + ". " + o.message();
        if (progressTs != null) chat.update(channel, progressTs, text, json);
        chat.post(channel, Optional.of(threadTs), text, json);
    }

    public Optional<Progress> lastProgress() {
        return Optional.ofNullable(last);
    }
}
