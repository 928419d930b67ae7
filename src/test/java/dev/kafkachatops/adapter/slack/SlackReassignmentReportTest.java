package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.run.reassign.Progress;
import dev.kafkachatops.run.reassign.RunOutcome;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run of many topics (a cluster-wide expand) shows one progress message in the channel, edited topic after topic,
 * with each topic's batches and summary in the thread: 30 topics do not post 30 channel messages.
 */
class SlackReassignmentReportTest {
    @Test
    void oneProgressMessageForTheWholeRunTopicAfterTopic() {
        var chat = new UpgradeReporterTest.FakeChat();
        var store = new InMemoryOperationStore();
        Operation op = store.insert(new NewOperation("sandbox", OpKind.EXPAND, "expand brokers=4", "U0ALICE",
                "C0GENERAL", "{}", "hash", "fp", Instant.now(), Instant.now().plusSeconds(3600)));
        op = op.withMessageTs("plan-ts");
        try (var report = SlackReassignmentReport.factory(chat, Clock.systemUTC()).open(op)) {
            for (int t = 1; t <= 3; t++) {
                var topic = report.topic("Rebalance of t" + t + " (E1, topic " + t + " of 3)");
                var move = new PartitionMove(new TopicPartitionRef("t" + t, 0), List.of(1, 2, 3), List.of(4, 2, 3),
                        1000);
                topic.batchStarted(1, 1, List.of(move));
                topic.progress(new Progress(1000, 1000, 1, 1, 1, 1, 1e3, Optional.empty(), Duration.ofSeconds(1)));
                topic.batchDone(1, 1, Duration.ofSeconds(1));
                topic.finished(new RunOutcome(RunOutcome.Status.DONE, "Moved 1 partition", 1000, 1,
                        Duration.ofSeconds(1), List.of()));
            }
        }
        List<String> posts = chat.calls.stream().filter(c -> c.startsWith("post ")).toList();
        assertThat(posts).singleElement().satisfies(p -> assertThat(p).contains("t1 (E1, topic 1 of 3)"));
        assertThat(chat.calls.stream().filter(c -> c.startsWith("update ")))
                .anyMatch(c -> c.contains("t3 (E1, topic 3 of 3): DONE"));
        assertThat(chat.calls.stream().filter(c -> c.startsWith("thread ") && c.contains(": DONE"))).hasSize(3);
    }
}
