package dev.kafkachatops.adapter.metrics;

import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.ops.reassign.ReassignmentReport;
import dev.kafkachatops.ops.upgrade.RestartReport;
import dev.kafkachatops.ops.upgrade.RollReport;
import dev.kafkachatops.ops.upgrade.UpgradeReport;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.plan.upgrade.StepKind;
import dev.kafkachatops.plan.upgrade.UpgradeStep;
import dev.kafkachatops.port.ConfigChange;
import dev.kafkachatops.run.reassign.Progress;
import dev.kafkachatops.run.reassign.RunOutcome;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Run reports that also record meters: each wraps the chat report of a run and hands every call on unchanged, and
 * times steps and gates, counts the bytes a reassignment copied. The composition root wraps the report factories
 * with these, so the runners and the chat adapter know nothing of metrics.
 */
public final class MeteredReports {
    private MeteredReports() {
    }

    public static UpgradeReport.Factory upgrades(UpgradeReport.Factory reports, BotMeters meters) {
        return (op, plan, done, ts, posted) -> new Upgrade(reports.open(op, plan, done, ts, posted), meters,
                op.kind());
    }

    public static RestartReport.Factory restarts(RestartReport.Factory reports, BotMeters meters) {
        return (op, plan, done, ts, posted) -> new Restart(reports.open(op, plan, done, ts, posted), meters,
                op.kind());
    }

    public static ReassignmentReport.Factory reassignments(ReassignmentReport.Factory reports, BotMeters meters) {
        return op -> new Reassignment(reports.open(op), meters, op.kind());
    }

    /** What an upgrade's and a restart's metered report share: the step timers. */
    private abstract static class Roll<R extends RollReport> implements RollReport {
        final R chat;
        private final BotMeters meters;
        private final OpKind kind;

        Roll(R chat, BotMeters meters, OpKind kind) {
            this.chat = chat;
            this.meters = meters;
            this.kind = kind;
        }

        @Override
        public void stepStarted(UpgradeStep step) {
            chat.stepStarted(step);
        }

        @Override
        public void stepDone(UpgradeStep step, Duration took) {
            chat.stepDone(step, took);
            boolean gate = step.kind() == StepKind.SAFETY_GATE || step.kind() == StepKind.HEALTH_GATE
                    || step.kind() == StepKind.PREFLIGHT;
            meters.step(kind, step.kind().name().toLowerCase(Locale.ROOT), gate, took);
        }

        @Override
        public void waiting(UpgradeStep step, String why) {
            chat.waiting(step, why);
        }

        @Override
        public void configWritten(UpgradeStep step, ConfigChange change) {
            chat.configWritten(step, change);
        }

        @Override
        public void stopped(String how) {
            chat.stopped(how);
        }

        @Override
        public void paused(String message) {
            chat.paused(message);
        }

        @Override
        public void close() {
            chat.close();
        }
    }

    private static final class Upgrade extends Roll<UpgradeReport> implements UpgradeReport {
        Upgrade(UpgradeReport chat, BotMeters meters, OpKind kind) {
            super(chat, meters, kind);
        }

        @Override
        public void rollingBack(int node, String version) {
            chat.rollingBack(node, version);
        }
    }

    private static final class Restart extends Roll<RestartReport> implements RestartReport {
        Restart(RestartReport chat, BotMeters meters, OpKind kind) {
            super(chat, meters, kind);
        }
    }

    private static final class Reassignment implements ReassignmentReport {
        private final ReassignmentReport chat;
        private final BotMeters meters;
        private final OpKind kind;

        Reassignment(ReassignmentReport chat, BotMeters meters, OpKind kind) {
            this.chat = chat;
            this.meters = meters;
            this.kind = kind;
        }

        @Override
        public Topic topic(String title) {
            return new MeteredTopic(chat.topic(title), meters, kind);
        }

        @Override
        public void retentionLowered(String topic, Duration keep, Duration wait, long deletableBytes) {
            chat.retentionLowered(topic, keep, wait, deletableBytes);
        }

        @Override
        public void retentionDeleted(String topic, long deletedBytes, Duration waited) {
            chat.retentionDeleted(topic, deletedBytes, waited);
        }

        @Override
        public void retentionRestored(String topic, Optional<String> original, Optional<String> warning) {
            chat.retentionRestored(topic, original, warning);
        }

        @Override
        public void paused(String message) {
            chat.paused(message);
        }

        @Override
        public void close() {
            meters.reassignmentStopped();
            chat.close();
        }
    }

    /** One topic's moves: batch timers and the bytes copied since the last progress report. */
    private static final class MeteredTopic implements ReassignmentReport.Topic {
        private final ReassignmentReport.Topic chat;
        private final BotMeters meters;
        private final OpKind kind;
        private long copied;

        MeteredTopic(ReassignmentReport.Topic chat, BotMeters meters, OpKind kind) {
            this.chat = chat;
            this.meters = meters;
            this.kind = kind;
        }

        @Override
        public void batchStarted(int batch, int batches, List<PartitionMove> moves) {
            chat.batchStarted(batch, batches, moves);
        }

        @Override
        public void progress(Progress p) {
            chat.progress(p);
            long delta = p.bytesCopied() - copied;
            copied = Math.max(copied, p.bytesCopied());
            meters.reassigned(kind, delta, p.bytesPerSecond());
        }

        @Override
        public void batchDone(int batch, int batches, Duration took) {
            chat.batchDone(batch, batches, took);
            meters.step(kind, "batch", false, took);
        }

        @Override
        public void finished(RunOutcome outcome) {
            chat.finished(outcome);
            meters.reassignmentStopped();
        }
    }
}
