package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.reassign.ReassignmentReport;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.view.Format;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A rebalance or expand run in the channel: one progress message for the run, edited in place topic after topic
 * ({@link SlackRunReporter}: a cluster-wide plan of thousands of topics does not post thousands of messages), and
 * notes in the operation's thread, all through one {@link ProgressChannel}: a chat failure is logged and never reaches the run (a
 * side channel never changes an operation's state or skips a safety action), and a slow Slack never delays it.
 */
public final class SlackReassignmentReport implements ReassignmentReport {
    private final ProgressChannel out;
    private final ProgressChannel.Live message;
    private final Clock clock;

    private SlackReassignmentReport(ChatNotifier chat, Operation op, Clock clock) {
        this.out = new ProgressChannel(chat, op.channel(), op.messageTs().orElseThrow(), op.id());
        this.message = out.live(Optional.empty(), ts -> { });
        this.clock = clock;
    }

    public static Factory factory(ChatNotifier chat, Clock clock) {
        return op -> new SlackReassignmentReport(chat, op, clock);
    }

    @Override
    public Topic topic(String title) {
        return new SlackRunReporter(out, message, title, clock, Duration.ofSeconds(3));
    }

    @Override
    public void retentionLowered(String topic, Duration keep, Duration wait, long deletableBytes) {
        out.thread(":hourglass_flowing_sand: retention.ms of " + topic + " lowered to " + keep.toMillis() + " ("
                + Format.duration(keep) + "); waiting up to " + Format.duration(wait) + " for Kafka to delete the old "
                + "data (about " + Format.bytes(deletableBytes) + ") before moving.", null);
    }

    @Override
    public void retentionDeleted(String topic, long deletedBytes, Duration waited) {
        out.thread(":wastebasket: Kafka deleted " + Format.bytes(deletedBytes) + " (all replicas) of " + topic + " in "
                + Format.duration(waited) + ". Moving now.", null);
    }

    @Override
    public void retentionRestored(String topic, Optional<String> original, Optional<String> warning) {
        out.thread(warning.map(w -> ":warning: " + w).orElse(":leftwards_arrow_with_hook: retention.ms of " + topic
                + " restored (" + original.orElse("topic override removed, broker default") + ")."), null);
    }

    @Override
    public void paused(String message) {
        out.thread(":double_vertical_bar: " + message + ".", null);
    }

    /** Sends what is pending and waits for it. */
    @Override
    public void close() {
        out.close();
    }
}
