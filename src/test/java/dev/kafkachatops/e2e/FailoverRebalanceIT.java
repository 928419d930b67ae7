package dev.kafkachatops.e2e;

import dev.kafkachatops.TestClusters;
import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.adapter.kafka.AdminReassignment;
import dev.kafkachatops.adapter.store.jdbc.Database;
import dev.kafkachatops.adapter.store.jdbc.JdbcOperationStore;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.sim.SimMessage;
import org.apache.kafka.clients.admin.Admin;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.kafkachatops.e2e.UpgradeRollFixture.seconds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, high availability: two bot instances (the packaged jar, each its own JVM and data folder) on one
 * PostgreSQL database as a Quartz cluster, on one Slack app, a real cluster. An approved rebalance runs on whichever
 * instance Quartz fires it on; that instance is killed with SIGKILL after the first batch. The other one must take
 * the run over within 30 s of the kill (Quartz's recovery of a dead member's job, at the default check-in
 * interval), resume it from its checkpoints and finish it: no batch submitted twice, none skipped, no throttle left,
 * and nothing the bot wrote in the channel or the thread shown twice.
 */
@Tag("slow")
class FailoverRebalanceIT {
    @TempDir
    Path dir;
    private KafkaClusterTestKit cluster;
    private BotPair bots;
    private Admin admin;

    @AfterEach
    void stop() throws Exception {
        try {
            if (bots != null) bots.close();
        } finally {
            if (admin != null) admin.close();
            if (cluster != null) cluster.close();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void theOtherInstanceTakesTheRunOverWithin30sWithoutRepeatingOrSkippingABatch() throws Exception {
        Instant begin = Instant.now();
        cluster = TestClusters.start(4);
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        TestTopics.create(admin, "big", 12, p -> p % 2 == 0 ? List.of(0, 1) : List.of(1, 0), Map.of());
        TestTopics.fill(cluster.bootstrapServers(), "big", 12, 1500);
        bots = BotPair.start(dir, schema -> BotYaml.dataDir(dir.resolve("data-a"))
                .database(schema.url(), schema.user().orElseThrow())
                .cluster(BotYaml.Cluster.named("test", cluster.bootstrapServers()).approvers("U0BOB")
                        .window("0 0 * * * ?", "1h")));
        ChatBotHarness chat = bots.chat;

        chat.command("alice", "rebalance big throttle=4MB/s");
        SimMessage plan = chat.await("the plan", Duration.ofSeconds(90), m -> m.bot() && m.text().startsWith("Plan R"));
        String id = ChatBotHarness.operationId(plan);
        Instant approved = Instant.now();
        chat.approve("bob", plan);
        BotProcess executing = bots.executing(id, Duration.ofSeconds(90));
        chat.await("batch 1 done", Duration.ofSeconds(120), m -> m.ts().equals(plan.ts())
                && m.replies().stream().anyMatch(r -> r.text().contains("Batch 1/") && r.text().contains(" done in ")));
        String runningOn = bots.name(executing);
        Instant killedAt = bots.kill(executing); // SIGKILL: no shutdown hook, its scheduler never says goodbye
        BotProcess survivor = bots.survivor();
        assertThat(chat.current(plan).text()).doesNotEndWith("— done");

        chat.await("the run resumed", Duration.ofSeconds(90), m -> m.ts().equals(plan.ts())
                && m.replies().stream().anyMatch(r -> r.text().contains("resuming from its checkpoints")));
        Instant resumed = bots.audited(id, AuditEvent.RESUMED);
        assertThat(BotPair.logOf(survivor)).as("the survivor's scheduler recovered the job")
                .contains("operation " + id + " fired (recovering after a restart)");
        SimMessage done = chat.awaitPlanState(plan, "— done", Duration.ofMinutes(3));
        Instant doneAt = ChatBotHarness.currentVersionAt(done);
        SimMessage withSummary = chat.awaitReplies(done, rs -> rs.stream().anyMatch(r -> r.text().contains(": DONE.")));
        Duration takeover = Duration.between(killedAt, resumed);
        System.out.printf("HA rebalance: ran on %s, killed after batch 1 (%s after approval); %s resumed it %s after "
                        + "the kill (Quartz check-in interval 7.5 s, the default); done %s after approval; "
                        + "test %s; thread: %s%n", runningOn, seconds(Duration.between(approved, killedAt)),
                bots.name(survivor), seconds(takeover), seconds(Duration.between(approved, doneAt)),
                seconds(Duration.between(begin, Instant.now())),
                withSummary.replies().stream().filter(r -> r.files().isEmpty()).map(SimMessage::text).toList());
        Thread.sleep(2000); // a message posted twice would show now
        Map<String, Long> twice = bots.postedTwice();
        bots.stopAll();

        assertThat(takeover).as("kill to the other instance's resume").isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(twice).as("texts the bot posted twice").isEmpty();

        // the cluster: every partition at the planned target, balanced, no throttle left
        var port = new AdminReassignment("test", admin, Duration.ofSeconds(10));
        List<TopicPartitionRef> tps = new ArrayList<>();
        for (int p = 0; p < 12; p++) tps.add(new TopicPartitionRef("big", p));
        Map<Integer, Integer> perBroker = new HashMap<>();
        port.replicas(tps).values().forEach(r -> r.forEach(b -> perBroker.merge(b, 1, Integer::sum)));
        assertThat(perBroker).containsOnlyKeys(0, 1, 2, 3).allSatisfy((b, n) -> assertThat(n).isEqualTo(6));
        for (int b = 0; b < 4; b++) assertThat(port.brokerThrottle(b)).as("throttle of broker " + b).isEmpty();
        assertThat(port.topicThrottle("big")).isEmpty();
        assertThat(port.inProgress()).isEmpty();

        // the store: done, started once, resumed once, every partition submitted by exactly one completed batch
        try (Database db = bots.database()) {
            var store = new JdbcOperationStore(db);
            assertThat(store.find(id).orElseThrow().state()).isEqualTo(OpState.DONE);
            List<AuditEvent> events = store.history(Optional.empty(), Optional.of(id), 100).stream()
                    .map(AuditEntry::event).toList();
            assertThat(events).containsOnlyOnce(AuditEvent.STARTED, AuditEvent.RESUMED, AuditEvent.FINISHED)
                    .doesNotContain(AuditEvent.FAILED);
            List<Checkpoint> batches = store.checkpoints(id).stream()
                    .filter(c -> c.step().startsWith("topic-1/batch-")).toList();
            System.out.println("HA rebalance checkpoints: " + batches);
            assertThat(batches).allSatisfy(c -> assertThat(c.status()).isIn(Checkpoint.Status.DONE,
                    Checkpoint.Status.SKIPPED));
            assertThat(batches.stream().filter(c -> c.status() == Checkpoint.Status.DONE).count()).isGreaterThan(1);
            Set<String> seen = new HashSet<>();
            for (Checkpoint c : batches) {
                if (c.status() != Checkpoint.Status.DONE) continue;
                for (String tp : c.detail().split(",")) {
                    assertThat(seen.add(tp)).as(tp + " submitted by two completed batches").isTrue();
                }
            }
        }
        List<String> batchLines = withSummary.replies().stream().map(SimMessage::text)
                .filter(t -> t.contains("Batch ") && t.contains(" done in ")).toList();
        assertThat(batchLines).as("one thread entry per batch").doesNotHaveDuplicates();
        assertThat(withSummary.replies().stream().map(SimMessage::text)).anyMatch(t -> t.contains(": DONE."));
    }
}
