package dev.kafkachatops.e2e;

import dev.kafkachatops.TestClusters;
import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.sim.SimApiCall;
import dev.kafkachatops.sim.SimMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slack rate-limits the bot in the middle of a rebalance (every post and update answers 429 with Retry-After for a
 * while): the run is not disturbed, and every message arrives afterwards, exactly once and in order.
 */
class SlackOutageIT {
    private static KafkaClusterTestKit cluster;
    private static ChatBotHarness chat;
    private static Admin admin;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestClusters.start(3);
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        // partition p on brokers p % 2 and (p + 1) % 2: broker 2 starts empty
        TestTopics.create(admin, "storm", 12, p -> List.of(p % 2, (p + 1) % 2), Map.of());
        TestTopics.fill(cluster.bootstrapServers(), "storm", 12, 200);
        chat = ChatBotHarness.with(BotYaml.dataDir(data).cluster(BotYaml.Cluster.named("test",
                        cluster.bootstrapServers()).approvers("U0BOB").window("* * * * * ?", "1h")))
                .patience(Duration.ofSeconds(120)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chat != null) chat.close();
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void aRateLimitStormDuringARebalanceLosesNothingAndDuplicatesNothing() throws Exception {
        chat.command("alice", "rebalance storm throttle=20MB/s");
        SimMessage plan = chat.await(m -> m.bot() && !m.ephemeral() && m.text().startsWith("Plan R"));
        String id = ChatBotHarness.operationId(plan);
        // from the approval on, Slack answers every post and update with 429 (Retry-After: 1) 12 times each
        chat.sim.faults().addApiFault("chat.postMessage", 429, 1, 0, 12);
        chat.sim.faults().addApiFault("chat.update", 429, 1, 0, 12);
        chat.approve("bob", plan);

        SimMessage done = chat.await("the plan message shows the end", Duration.ofSeconds(120),
                m -> m.ts().equals(plan.ts()) && m.text().endsWith("— done"));
        SimMessage withSummary = chat.awaitReplies(done, rs -> rs.stream().anyMatch(r -> r.text().contains(": DONE.")));
        List<String> thread = withSummary.replies().stream().filter(r -> r.files().isEmpty()).map(SimMessage::text)
                .toList();
        assertThat(thread).as("every thread entry once").doesNotHaveDuplicates();
        assertThat(withSummary.replies().stream().flatMap(r -> r.files().stream()).map(f -> f.name()))
                .as("the files, once each").containsExactlyInAnyOrder("move-" + id + ".json", "rollback-" + id + ".json");
        List<String> batches = thread.stream().filter(t -> t.startsWith(":arrow_forward: Batch ")).toList();
        assertThat(batches).isNotEmpty();
        for (int i = 0; i < batches.size(); i++) {
            assertThat(batches.get(i)).as("batches in order").startsWith(":arrow_forward: Batch " + (i + 1) + "/");
        }
        int summary = thread.indexOf(thread.stream().filter(t -> t.contains(": DONE.")).findFirst().orElseThrow());
        assertThat(thread.indexOf(batches.get(batches.size() - 1))).isLessThan(summary);

        List<SimApiCall> limited = chat.sim.apiCalls().stream().filter(c -> c.status() == 429).toList();
        assertThat(limited).as("the storm hit the bot").hasSizeGreaterThanOrEqualTo(12);
        List<AuditEvent> events = chat.history(id, 50).stream().map(AuditEntry::event).toList();
        assertThat(events).contains(AuditEvent.FINISHED).doesNotContain(AuditEvent.FAILED);
    }
}
