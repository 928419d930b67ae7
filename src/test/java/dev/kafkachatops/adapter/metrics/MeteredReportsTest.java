package dev.kafkachatops.adapter.metrics;

import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.ops.reassign.ReassignmentReport;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.run.reassign.Progress;
import dev.kafkachatops.run.reassign.RunOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.kafkachatops.adapter.metrics.BotMetersTest.value;
import static org.assertj.core.api.Assertions.assertThat;

/** The metered reassignment report: hands every call on to the chat report, and counts batches and bytes. */
class MeteredReportsTest {
    private final BotMeters meters = new BotMeters();
    private final List<String> calls = new ArrayList<>();

    @AfterEach
    void close() {
        meters.close();
    }

    @Test
    void batchesAndBytesAreCountedAndEveryCallReachesTheChatReport() {
        var factory = MeteredReports.reassignments(op -> new Recording(), meters);
        try (ReassignmentReport report = factory.open(BotMetersTest.op("R1", OpKind.EXPAND, OpState.RUNNING))) {
            ReassignmentReport.Topic topic = report.topic("orders");
            topic.batchStarted(1, 2, List.of());
            topic.progress(progress(400, 100));
            topic.progress(progress(1000, 200));
            topic.batchDone(1, 2, Duration.ofSeconds(5));
            topic.progress(progress(1500, 300));
            topic.batchDone(2, 2, Duration.ofSeconds(7));
            assertThat(value(meters.scrape(), "kafka_chatops_reassignment_bytes_per_second")).isEqualTo(300.0);
            topic.finished(null);
            report.paused("window ended");
        }
        String text = meters.scrape();
        assertThat(value(text, "kafka_chatops_reassignment_bytes_total{kind=\"expand\"}")).isEqualTo(1500.0);
        assertThat(value(text, "kafka_chatops_step_duration_seconds_count{kind=\"expand\",step=\"batch\"}")).isEqualTo(2);
        assertThat(value(text, "kafka_chatops_step_duration_seconds_sum{kind=\"expand\",step=\"batch\"}")).isEqualTo(12);
        assertThat(value(text, "kafka_chatops_reassignment_bytes_per_second")).isEqualTo(0.0);
        assertThat(calls).containsExactly("topic orders", "batchStarted 1/2", "progress 400", "progress 1000",
                "batchDone 1/2", "progress 1500", "batchDone 2/2", "finished", "paused window ended", "close");
    }

    private static Progress progress(long copied, double rate) {
        return new Progress(copied, 2000, 0, 4, 1, 2, rate, Optional.empty(), Duration.ofSeconds(1));
    }

    private final class Recording implements ReassignmentReport {
        @Override
        public Topic topic(String title) {
            calls.add("topic " + title);
            return new Topic() {
                @Override
                public void batchStarted(int batch, int batches, List<PartitionMove> moves) {
                    calls.add("batchStarted " + batch + "/" + batches);
                }

                @Override
                public void progress(Progress p) {
                    calls.add("progress " + p.bytesCopied());
                }

                @Override
                public void batchDone(int batch, int batches, Duration took) {
                    calls.add("batchDone " + batch + "/" + batches);
                }

                @Override
                public void finished(RunOutcome outcome) {
                    calls.add("finished");
                }
            };
        }

        @Override
        public void retentionLowered(String topic, Duration keep, Duration wait, long deletableBytes) {
            calls.add("retentionLowered");
        }

        @Override
        public void retentionDeleted(String topic, long deletedBytes, Duration waited) {
            calls.add("retentionDeleted");
        }

        @Override
        public void retentionRestored(String topic, Optional<String> original, Optional<String> warning) {
            calls.add("retentionRestored");
        }

        @Override
        public void paused(String message) {
            calls.add("paused " + message);
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }
}
