package dev.kafkachatops.e2e;

import dev.kafkachatops.TestClusters;
import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.adapter.kafka.AdminReassignment;
import dev.kafkachatops.adapter.store.jdbc.Database;
import dev.kafkachatops.adapter.store.jdbc.JdbcOperationStore;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.sim.SimMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A durable run for real: the packaged bot runs as its own JVM against the Slack simulator and a real cluster,
 * an approved rebalance starts, the bot is killed with SIGKILL right after its first batch, and a new bot process
 * on the same data folder resumes the run from its checkpoints: it finishes, no completed batch is submitted
 * again, no partition is skipped, and no throttle is left behind.
 */
class KillAndResumeIT {
    @TempDir
    Path dir;
    private KafkaClusterTestKit cluster;
    private ChatBotHarness chat;
    private Admin admin;

    @AfterEach
    void stop() throws Exception {
        if (chat != null) chat.close();
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void botKilledMidRunResumesWithoutRepeatingOrSkippingAStep() throws Exception {
        cluster = TestClusters.start(4);
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        TestTopics.create(admin, "big", 12, p -> p % 2 == 0 ? List.of(0, 1) : List.of(1, 0), Map.of());
        TestTopics.fill(cluster.bootstrapServers(), "big", 12, 1500);
        chat = ChatBotHarness.with(BotYaml.dataDir(dir.resolve("data")).cluster(BotYaml.Cluster.named("test",
                        cluster.bootstrapServers()).approvers("U0BOB").window("0 0 * * * ?", "1h")))
                .launcher(BotProcess.jar(dir)).start();

        chat.command("alice", "rebalance big throttle=4MB/s");
        SimMessage plan = chat.await("the plan", Duration.ofSeconds(60),
                m -> m.bot() && m.text().startsWith("Plan R"));
        String id = ChatBotHarness.operationId(plan);
        chat.approve("bob", plan);
        chat.await("batch 1 done", Duration.ofSeconds(120), m -> m.ts().equals(plan.ts())
                && m.replies().stream().anyMatch(r -> r.text().contains("Batch 1/") && r.text().contains(" done in ")));
        long killedAt = System.nanoTime();
        chat.killBot(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(chat.current(plan).text()).doesNotEndWith("— done");

        chat.startBot();
        chat.await("the run resumed", Duration.ofSeconds(120), m -> m.ts().equals(plan.ts())
                && m.replies().stream().anyMatch(r -> r.text().contains("resuming from its checkpoints")));
        double resumedAfter = (System.nanoTime() - killedAt) / 1e9;
        SimMessage done = chat.awaitPlanState(plan, "— done", Duration.ofSeconds(180));
        System.out.printf("kill-and-resume: run resumed %.1f s after SIGKILL (including the new JVM's start)%n",
                resumedAfter);
        chat.stopBot();

        // the cluster: every partition at the planned target, balanced, no throttle left
        var port = new AdminReassignment("test", admin, Duration.ofSeconds(10));
        List<TopicPartitionRef> tps = new ArrayList<>();
        for (int p = 0; p < 12; p++) tps.add(new TopicPartitionRef("big", p));
        Map<Integer, Integer> perBroker = new HashMap<>();
        port.replicas(tps).values().forEach(r -> r.forEach(b -> perBroker.merge(b, 1, Integer::sum)));
        assertThat(perBroker).containsOnlyKeys(0, 1, 2, 3).allSatisfy((b, n) -> assertThat(n).isEqualTo(6));
        for (int b = 0; b < 4; b++) assertThat(port.brokerThrottle(b)).isEmpty();
        assertThat(port.topicThrottle("big")).isEmpty();
        assertThat(port.inProgress()).isEmpty();

        // the store: finished, resumed once, and every batch's partitions submitted by exactly one DONE batch
        try (Database db = Database.open(Database.defaultH2Url(dir.resolve("data")), Optional.empty(),
                Optional.empty())) {
            var store = new JdbcOperationStore(db);
            assertThat(store.find(id).orElseThrow().state()).isEqualTo(OpState.DONE);
            var events = store.history(Optional.empty(), Optional.of(id), 100).stream().map(e -> e.event()).toList();
            assertThat(events).containsOnlyOnce(AuditEvent.STARTED, AuditEvent.RESUMED, AuditEvent.FINISHED);
            List<Checkpoint> batches = store.checkpoints(id).stream()
                    .filter(c -> c.step().startsWith("topic-1/batch-")).toList();
            System.out.println("kill-and-resume checkpoints: " + batches);
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
            assertThat(store.checkpoints(id).stream().filter(c -> c.step().equals("topic-1")).findFirst())
                    .hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(Checkpoint.Status.DONE));
        }
        assertThat(done.replies().stream().map(SimMessage::text)).anyMatch(t -> t.contains(": DONE."));
    }
}
