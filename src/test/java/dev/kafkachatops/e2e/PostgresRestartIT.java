package dev.kafkachatops.e2e;

import dev.kafkachatops.TestClusters;
import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.adapter.kafka.AdminReassignment;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.sim.SimMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.kafkachatops.e2e.UpgradeRollFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: the bot's PostgreSQL database restarted in the middle of a throttled rebalance on a real cluster. The
 * server is the test's own ({@link PrivatePostgres}), really stopped ({@code pg_ctl stop -m fast}: every session
 * ended) for {@link #DOWN} and started again, after the first batch. The run must ride through it or stop at a safe
 * point and go on by itself: it ends DONE, every partition at its target, each batch's partitions submitted by
 * exactly one completed batch, no throttle left, not one record of the topic lost, and the channel shows the end.
 */
@Tag("slow")
class PostgresRestartIT {
    private static final Duration DOWN = Duration.ofSeconds(10);
    @TempDir
    Path dir;
    private PrivatePostgres pg;
    private KafkaClusterTestKit cluster;
    private ChatBotHarness chat;
    private Admin admin;

    @AfterEach
    void stop() throws Exception {
        try {
            if (chat != null) chat.close();
            if (admin != null) admin.close();
            if (cluster != null) cluster.close();
        } finally {
            if (pg != null) pg.close();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRebalanceRidesThroughARestartOfTheBotsDatabase() throws Exception {
        pg = PrivatePostgres.start();
        cluster = TestClusters.start(4);
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        TestTopics.create(admin, "big", 12, p -> p % 2 == 0 ? List.of(0, 1) : List.of(1, 0), Map.of());
        TestTopics.fill(cluster.bootstrapServers(), "big", 12, 1500);
        Map<TopicPartition, Long> endsBefore = endOffsets();
        chat = ChatBotHarness.with(BotYaml.dataDir(dir.resolve("data")).database(pg.jdbcUrl(), "postgres")
                .cluster(BotYaml.Cluster.named("test", cluster.bootstrapServers()).approvers("U0BOB")
                        .window("* * * * * ?", "1h"))).start();

        chat.command("alice", "rebalance big throttle=4MB/s");
        SimMessage plan = chat.await("the plan", Duration.ofSeconds(60),
                m -> m.bot() && m.text().startsWith("Plan R"));
        String id = ChatBotHarness.operationId(plan);
        Instant approved = Instant.now();
        chat.approve("bob", plan);
        chat.await("batch 1 done", Duration.ofSeconds(120), m -> m.ts().equals(plan.ts())
                && m.replies().stream().anyMatch(r -> r.text().contains("Batch 1/") && r.text().contains(" done in ")));
        assertThat(chat.operation(id).state()).as("the run is still going when the database stops")
                .isEqualTo(OpState.RUNNING);
        Instant stopping = Instant.now();
        pg.stopServer();
        Instant down = Instant.now();
        Thread.sleep(DOWN.toMillis());
        pg.startServer();
        Instant up = Instant.now();

        SimMessage done = chat.awaitPlanState(plan, "— done", Duration.ofMinutes(3));
        Instant doneAt = ChatBotHarness.currentVersionAt(done);
        SimMessage withSummary = chat.awaitReplies(done, rs -> rs.stream().anyMatch(r -> r.text().contains(": DONE.")));
        List<String> thread = withSummary.replies().stream().filter(r -> r.files().isEmpty()).map(SimMessage::text)
                .toList();
        System.out.printf("FAULT postgres-restart: server stopped %s after approval (stop took %s), down %s, up "
                        + "again; run done %s after the restart, %s after approval; thread: %s%n",
                seconds(Duration.between(approved, stopping)), seconds(Duration.between(stopping, down)),
                seconds(Duration.between(down, up)), seconds(Duration.between(up, doneAt)),
                seconds(Duration.between(approved, doneAt)), thread);

        var port = new AdminReassignment("test", admin, Duration.ofSeconds(10));
        List<TopicPartitionRef> tps = new ArrayList<>();
        for (int p = 0; p < 12; p++) tps.add(new TopicPartitionRef("big", p));
        Map<Integer, Integer> perBroker = new HashMap<>();
        port.replicas(tps).values().forEach(r -> r.forEach(b -> perBroker.merge(b, 1, Integer::sum)));
        assertThat(doneAt).as("the run ended after the database was back").isAfter(up);
        assertThat(perBroker).containsOnlyKeys(0, 1, 2, 3).allSatisfy((b, n) -> assertThat(n).isEqualTo(6));
        for (int b = 0; b < 4; b++) assertThat(port.brokerThrottle(b)).isEmpty();
        assertThat(port.topicThrottle("big")).isEmpty();
        assertThat(port.inProgress()).isEmpty();
        assertThat(endOffsets()).as("every record of the topic still there").isEqualTo(endsBefore);

        assertThat(chat.operation(id).state()).isEqualTo(OpState.DONE);
        List<AuditEvent> events = chat.history(id, 100).stream().map(AuditEntry::event).toList();
        assertThat(events).containsOnlyOnce(AuditEvent.STARTED, AuditEvent.FINISHED).doesNotContain(AuditEvent.FAILED);
        List<Checkpoint> batches = chat.checkpoints(id).stream().filter(c -> c.step().startsWith("topic-1/batch-"))
                .toList();
        assertThat(batches).allSatisfy(c -> assertThat(c.status()).isIn(Checkpoint.Status.DONE,
                Checkpoint.Status.SKIPPED));
        Set<String> seen = new HashSet<>();
        for (Checkpoint c : batches) {
            if (c.status() != Checkpoint.Status.DONE) continue;
            for (String tp : c.detail().split(",")) {
                assertThat(seen.add(tp)).as(tp + " submitted by two completed batches").isTrue();
            }
        }
        assertThat(thread).anyMatch(t -> t.contains(": DONE.")).doesNotHaveDuplicates();
    }

    /** The end offset of each partition of {@code big}. */
    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        for (int p = 0; p < 12; p++) specs.put(new TopicPartition("big", p), OffsetSpec.latest());
        return admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset(), (a, b) -> a, HashMap::new));
    }
}
