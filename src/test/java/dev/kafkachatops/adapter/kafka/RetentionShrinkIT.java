package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.adapter.store.FileRetentionLedger;
import dev.kafkachatops.adapter.store.FileThrottleLedger;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.port.RetentionAdmin;
import dev.kafkachatops.port.RetentionLedger;
import dev.kafkachatops.run.reassign.Progress;
import dev.kafkachatops.run.reassign.ReassignmentRunner;
import dev.kafkachatops.run.reassign.RetentionShrinker;
import dev.kafkachatops.run.reassign.RetentionSweeper;
import dev.kafkachatops.run.reassign.RunOutcome;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code shrink-retention=} against an in-process cluster of 3 brokers that check retention every second: old data
 * (timestamps two days back, in closed segments) is deleted before the move, the move completes, and
 * {@code retention.ms} is back exactly as it was (a value set on the topic, or no value at all) after a normal
 * run, after a cancel, and, through the ledger and the sweep, after a crash.
 */
class RetentionShrinkIT {
    private static final int OLD_RECORDS = 1500; // 1.5 MB per partition, older than the cutoff
    private static final int NEW_RECORDS = 100;
    private static KafkaClusterTestKit cluster;
    private static Admin admin;
    private static AdminReassignment port;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        Map<Integer, Map<String, String>> props = new HashMap<>();
        for (int b = 0; b < 3; b++) {
            props.put(b, Map.of("log.retention.check.interval.ms", "1000", "log.initial.task.delay.ms", "500",
                    "log.segment.bytes", String.valueOf(1024 * 1024)));
        }
        cluster = dev.kafkachatops.TestClusters.start(3, props);
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        port = new AdminReassignment("test", admin, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    /** Two partitions on brokers 0,1: old records two days back, then new ones (which roll a new segment). */
    private static void createTopic(String name, Optional<String> retentionMs) throws Exception {
        createTopic(name, retentionMs, NEW_RECORDS);
    }

    private static void createTopic(String name, Optional<String> retentionMs, int newRecords) throws Exception {
        Map<String, String> configs = new HashMap<>();
        configs.put("segment.ms", "3600000"); // the jump from old to new timestamps rolls the segment
        retentionMs.ifPresent(v -> configs.put("retention.ms", v));
        admin.createTopics(List.of(new NewTopic(name, Map.of(0, List.of(0, 1), 1, List.of(1, 0))).configs(configs)))
                .all().get();
        var props = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        long old = Instant.now().minus(Duration.ofDays(2)).toEpochMilli();
        try (var p = new KafkaProducer<byte[], byte[]>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] value = new byte[1000];
            new java.util.Random(1).nextBytes(value);
            for (int partition = 0; partition < 2; partition++) {
                for (int i = 0; i < OLD_RECORDS; i++) p.send(new ProducerRecord<>(name, partition, old + i, null, value));
            }
            p.flush();
            for (int partition = 0; partition < 2; partition++) {
                for (int i = 0; i < newRecords; i++) p.send(new ProducerRecord<>(name, partition, null, value));
            }
            p.flush();
        }
    }

    /** Both partitions gain broker 2 in place of broker 1 / broker 0. */
    private static List<PartitionMove> moves(String topic) throws Exception {
        var sizes = port.partitionSizes(topic);
        var p0 = new TopicPartitionRef(topic, 0);
        var p1 = new TopicPartitionRef(topic, 1);
        return List.of(new PartitionMove(p0, List.of(0, 1), List.of(0, 2), sizes.get(p0)),
                new PartitionMove(p1, List.of(1, 0), List.of(1, 2), sizes.get(p1)));
    }

    private static RetentionShrinker shrinker(RetentionLedger ledger) {
        return new RetentionShrinker(ledger, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()),
                new RetentionShrinker.Options(Duration.ofSeconds(20), Duration.ofSeconds(60), Duration.ofMillis(500)));
    }

    private static ReassignmentRunner runner(String ledger) {
        return new ReassignmentRunner(port, new FileThrottleLedger(tmp.resolve(ledger)), Clock.systemUTC(),
                d -> Thread.sleep(d.toMillis()));
    }

    /** The whole flow as the chat runs it: plan, lower, wait for the deletion, move, restore in finally. */
    private record Result(RetentionShrinker.Plan plan, RetentionShrinker.Deletion deletion, RunOutcome outcome,
                          Optional<String> restoreWarning, long sizeBeforeMove) {
    }

    private static Result shrinkAndMove(String topic, String runId, RetentionLedger ledger,
                                        ReassignmentRunner.Options options, ReassignmentRunner.Listener listener,
                                        AtomicBoolean cancel) throws Exception {
        var plan = RetentionShrinker.plan(port, topic, Duration.ofHours(1), Instant.now());
        var shrinker = shrinker(ledger);
        var lease = shrinker.lower(port, "test", runId, topic, Duration.ofHours(1));
        try {
            assertThat(ledger.entries()).as("recorded while lowered").hasSize(1);
            assertRetention(topic, Optional.of("3600000"));
            var deletion = shrinker.awaitDeletion(port, lease, shrinker.maxWait(port), () -> false, s -> {
            });
            long sizeBeforeMove = port.partitionSizes(topic).values().stream().mapToLong(Long::longValue).sum();
            RunOutcome outcome = runner(runId + "-throttles.json").run("test", runId, moves(topic), options, listener,
                    cancel::get);
            return new Result(plan, deletion, outcome, shrinker.restore(port, lease), sizeBeforeMove);
        } catch (Exception | Error e) {
            shrinker.restore(port, lease);
            throw e;
        }
    }

    /**
     * Brokers learn config changes from the metadata log a moment after the controller took them, each at its own
     * time, and every read may ask another broker: wait until five reads in a row agree.
     */
    private static void assertRetention(String topic, Optional<String> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int agreeing = 0;
        while (agreeing < 5 && System.nanoTime() < deadline) {
            agreeing = port.retention(topic).topicValue().equals(expected) ? agreeing + 1 : 0;
            Thread.sleep(50);
        }
        assertThat(port.retention(topic).topicValue()).as("retention.ms set on " + topic).isEqualTo(expected);
    }

    @Test
    void deletesOldDataBeforeMovingAndRestoresTheTopicsOwnValue() throws Exception {
        createTopic("orders", Optional.of("604800000"));
        long oldBytes = port.partitionSizes("orders").values().stream().mapToLong(Long::longValue).sum();
        var ledger = new FileRetentionLedger(tmp.resolve("retention-1.json"));
        Result r = shrinkAndMove("orders", "R1", ledger, ReassignmentRunner.Options.defaults(OptionalLong.empty()),
                new ReassignmentRunner.Listener() {
                }, new AtomicBoolean());

        // the estimate: about the 1.5 MB of old records per partition, an upper bound of what goes
        assertThat(r.plan().estimate().deletedBytes()).isBetween((long) (oldBytes * 0.85), oldBytes);
        assertThat(r.plan().describe()).startsWith("*Deletes about ").contains("data older than 1 h in orders",
                "retention.ms 604800000 → 3600000 during the move, restored afterwards");
        // the old data went before the move: every old segment is closed, so all of it
        assertThat(r.deletion().allOldGone()).as("old segments deleted").isTrue();
        assertThat(r.sizeBeforeMove()).isLessThan(oldBytes / 5);
        var offsets = port.offsets("orders", Instant.now().minus(Duration.ofHours(1)));
        offsets.values().forEach(o -> assertThat(o.earliest()).isEqualTo(OLD_RECORDS));
        // the move completed
        assertThat(r.outcome().status()).as(r.outcome().message()).isEqualTo(RunOutcome.Status.DONE);
        var now = port.replicas(List.of(new TopicPartitionRef("orders", 0), new TopicPartitionRef("orders", 1)));
        assertThat(now.get(new TopicPartitionRef("orders", 0))).containsExactly(0, 2);
        assertThat(now.get(new TopicPartitionRef("orders", 1))).containsExactly(1, 2);
        // restored exactly
        assertThat(r.restoreWarning()).isEmpty();
        assertRetention("orders", Optional.of("604800000"));
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void aTopicWithoutItsOwnRetentionGetsNoneBack() throws Exception {
        createTopic("payments", Optional.empty());
        assertThat(port.retention("payments").topicValue()).isEmpty();
        var ledger = new FileRetentionLedger(tmp.resolve("retention-2.json"));
        Result r = shrinkAndMove("payments", "R2", ledger, ReassignmentRunner.Options.defaults(OptionalLong.empty()),
                new ReassignmentRunner.Listener() {
                }, new AtomicBoolean());
        assertThat(r.plan().describe()).contains("retention.ms 604800000 (broker default) → 3600000");
        assertThat(r.outcome().status()).as(r.outcome().message()).isEqualTo(RunOutcome.Status.DONE);
        assertThat(r.deletion().deleted()).isGreaterThan(0);
        assertRetention("payments", Optional.empty());
        assertThat(port.retention("payments").effectiveMs()).isEqualTo(604800000L);
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void aCancelledMoveRestoresTheRetention() throws Exception {
        createTopic("refunds", Optional.of("86400000"), 3000); // 3 MB of new data to copy
        var ledger = new FileRetentionLedger(tmp.resolve("retention-3.json"));
        AtomicBoolean cancel = new AtomicBoolean();
        var listener = new ReassignmentRunner.Listener() {
            @Override
            public void progress(Progress p) {
                if (p.elapsed().toMillis() > 1500) cancel.set(true);
            }
        };
        // throttled hard so that the move is still running when the cancel comes
        var options = new ReassignmentRunner.Options(5, OptionalLong.of(100_000), Duration.ofMillis(250), false);
        Result r = shrinkAndMove("refunds", "R3", ledger, options, listener, cancel);
        assertThat(r.outcome().status()).as(r.outcome().message()).isEqualTo(RunOutcome.Status.CANCELLED);
        assertThat(r.restoreWarning()).isEmpty();
        assertRetention("refunds", Optional.of("86400000"));
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void theSweepRestoresWhatACrashedRunLeftLowered() throws Exception {
        createTopic("audit", Optional.empty());
        createTopic("events", Optional.of("172800000"));
        Path file = tmp.resolve("retention-4.json");
        var shrinker = shrinker(new FileRetentionLedger(file));
        shrinker.lower(port, "test", "R4a", "audit", Duration.ofHours(1));
        shrinker.lower(port, "test", "R4b", "events", Duration.ofHours(1));
        // the bot dies here: nothing restores; the lowered values stay on the cluster
        assertRetention("audit", Optional.of("3600000"));
        assertRetention("events", Optional.of("3600000"));

        var afterRestart = new FileRetentionLedger(file);
        assertThat(afterRestart.entries()).hasSize(2);
        List<String> report = new ArrayList<>(RetentionSweeper.sweep(afterRestart, c -> port));
        assertThat(report).containsExactly(
                "Restored retention.ms of audit on test left lowered by run R4a: topic override removed (broker "
                        + "default again)",
                "Restored retention.ms of events on test left lowered by run R4b: back to 172800000");
        assertRetention("audit", Optional.empty());
        assertRetention("events", Optional.of("172800000"));
        assertThat(afterRestart.entries()).isEmpty();
        assertThat(RetentionSweeper.sweep(afterRestart, c -> port)).isEmpty();
    }

    @Test
    void aFailedSweepKeepsTheEntryForTheNextStart() throws Exception {
        Path file = tmp.resolve("retention-5.json");
        var ledger = new FileRetentionLedger(file);
        ledger.record(new RetentionLedger.Entry("gone", "R5", "orders", "1000"));
        List<String> report = RetentionSweeper.sweep(ledger, c -> {
            throw new IllegalArgumentException("unknown cluster " + c);
        });
        assertThat(report).containsExactly("Could not restore retention.ms of orders on gone (run R5, back to 1000) "
                + "yet: unknown cluster gone");
        assertThat(new FileRetentionLedger(file).entries()).hasSize(1);
    }
}
