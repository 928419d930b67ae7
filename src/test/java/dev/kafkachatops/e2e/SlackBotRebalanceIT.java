package dev.kafkachatops.e2e;

import dev.kafkachatops.TestClusters;
import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.adapter.kafka.AdminReassignment;
import dev.kafkachatops.adapter.store.FileRetentionLedger;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.sim.SimMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /kafka rebalance} and {@code expand} in chat, end to end over Socket Mode: plan posted, a stranger's
 * reaction ignored, the requester's own reaction refused, an approver's reaction accepted, the run scheduled into
 * the next window (one opens every 10 s for 5 s), executed with throttles, finished; the audit log shows it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlackBotRebalanceIT {
    private static final String U0ALICE = "U0ALICE";
    private static KafkaClusterTestKit cluster;
    private static ChatBotHarness chat;
    private static Admin admin;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestClusters.start(4);
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        TestTopics.create(admin, "orders", 6, SlackBotRebalanceIT::twoOfThree, Map.of());
        TestTopics.fill(cluster.bootstrapServers(), "orders", 6, 300);
        chat = ChatBotHarness.with(BotYaml.dataDir(data).cluster(BotYaml.Cluster.named("test",
                        cluster.bootstrapServers()).approvers("U0BOB").approverGroups("S0APPROVERS")
                        .window("0/10 * * * * ?", "5s")))
                .patience(Duration.ofSeconds(90)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chat != null) chat.close();
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    /** Partition p on brokers p % 3 and (p + 1) % 3: broker 3 starts empty. */
    private static List<Integer> twoOfThree(int p) {
        return List.of(p % 3, (p + 1) % 3);
    }

    @Test
    @Order(1)
    void planApproveByReactionScheduleRunAndSummary() throws Exception {
        chat.command("bob", "rebalance orders throttle=20MB/s");
        SimMessage plan = chat.await(m -> m.bot() && !m.ephemeral() && m.text().startsWith("Plan R"));
        String id = ChatBotHarness.operationId(plan);
        assertThat(plan.fullText()).contains("minimum possible").contains("Per broker")
                .contains("Waiting for approval*: 0 of 1").contains("Cancel plan");
        // move.json and the rollback file are attached in the thread
        SimMessage withFiles = chat.awaitReplies(plan, m -> m.stream().filter(r -> !r.files().isEmpty()).count() >= 2);
        assertThat(withFiles.replies().stream().flatMap(r -> r.files().stream()).map(f -> f.name()))
                .contains("move-" + id + ".json", "rollback-" + id + ".json");

        chat.approve("dave", plan); // a stranger
        chat.await(m -> m.ephemeral() && m.text().contains("Only approvers of test may approve plan " + id)
                && "U0DAVE".equals(m.visibleTo()));
        chat.approve("alice", plan); // an operator, not an approver
        chat.await(m -> m.ephemeral() && m.text().contains("Only approvers of test may approve") && U0ALICE.equals(m.visibleTo()));
        chat.approve("bob", plan); // the requester, an approver himself
        chat.await(m -> m.ephemeral() && m.text().contains("You requested plan " + id + ", so another approver must approve it"));
        chat.react("carol", plan, "thumbsup"); // not the approval reaction: ordinary chat
        Thread.sleep(500);
        assertThat(bytesOnBroker3()).isZero();
        assertThat(chat.current(plan).fullText()).contains("Waiting for approval*: 0 of 1");

        Instant approvedAt = Instant.now();
        chat.approve("carol", plan); // approver through the user group
        SimMessage approved = chat.await(m -> m.ts().equals(plan.ts()) && (m.fullText().contains("*Approved* by <@U0CAROL>")
                || m.edits().stream().anyMatch(e -> e.blocks().toString().contains("*Approved* by <@U0CAROL>"))));
        var versions = new ArrayList<>(approved.edits().stream().map(e -> e.blocks().toString()).toList());
        versions.add(approved.fullText());
        assertThat(versions).anyMatch(b -> b.contains("Runs at the next window start") || b.contains("*Running*")
                || b.contains("*Done*"));
        SimMessage done = chat.awaitReplies(plan, rs -> rs.stream().anyMatch(r -> r.text().contains(": DONE.")));
        assertThat(done.replies().stream().map(SimMessage::text)).anyMatch(t -> t.startsWith(":arrow_forward: Batch 1/"));
        assertThat(bytesOnBroker3()).isPositive();
        var port = new AdminReassignment("test", admin, Duration.ofSeconds(10));
        for (int b = 0; b < 4; b++) assertThat(port.brokerThrottle(b)).isEmpty();
        assertThat(port.topicThrottle("orders")).isEmpty();
        SimMessage updated = chat.await(m -> m.ts().equals(plan.ts()) && m.text().endsWith("— done"));
        assertThat(updated.fullText()).contains("*Done*").doesNotContain("Cancel plan");

        // the run started inside a window: at a multiple of 10 s, within its 5 s, not before the approval
        var audit = chat.history(id, 50);
        var startedAt = audit.stream().filter(e -> e.event() == AuditEvent.STARTED)
                .findFirst().orElseThrow().at();
        assertThat(startedAt).isAfter(approvedAt.minusSeconds(1));
        assertThat(startedAt.getEpochSecond() % 10).isLessThan(5);
        var events = new ArrayList<>(audit.stream().map(e -> e.event().name()).toList());
        Collections.reverse(events);
        assertThat(events).containsSubsequence("REQUESTED",
                "REFUSED", "REFUSED", "REFUSED", "APPROVED", "SCHEDULED", "STARTED", "FINISHED");

        chat.command("alice", "history");
        SimMessage history = chat.await(m -> m.ephemeral() && m.fullText().contains("History of test"));
        assertThat(history.fullText()).contains("*" + id + "* approved by <@U0CAROL>").contains("finished by bot");

        // planning again: nothing left to move, said to alice only
        chat.command("alice", "rebalance orders");
        SimMessage nothing = chat.await(m -> m.fullText().contains("is already balanced"));
        assertThat(nothing.ephemeral()).as("Nothing to move is private").isTrue();
        assertThat(nothing.visibleTo()).isEqualTo(U0ALICE);
        assertThat(nothing.text()).startsWith("Nothing to move: rebalance orders");
    }

    @Test
    @Order(2) // --all touches every topic, so it runs after the single-topic test
    void rebalanceAllBalancesTheWholeClusterOneTopicAtATime() throws Exception {
        TestTopics.create(admin, "clicks", 4, SlackBotRebalanceIT::twoOfThree, Map.of());
        TestTopics.create(admin, "views", 4, SlackBotRebalanceIT::twoOfThree, Map.of());
        // broker 3 holds orders' replicas since the first test: it is not new, so expand points at rebalance --all
        chat.command("alice", "expand brokers=3 throttle=50MB/s");
        SimMessage refused = chat.await(m -> m.ephemeral() && m.text().contains("already holds data"));
        assertThat(refused.text()).contains("Broker 3 (").contains("`rebalance --all`").contains("nothing was changed");
        chat.command("alice", "rebalance --all throttle=50MB/s");
        SimMessage plan = chat.await(m -> m.bot() && m.text().startsWith("Plan E")
                && m.text().contains("rebalance --all"));
        String id = ChatBotHarness.operationId(plan);
        assertThat(plan.fullText()).contains("one at a time").contains("Whole cluster, over brokers 0, 1, 2, 3")
                .contains("minimum possible").contains("% MEAN");
        SimMessage withChart = chat.awaitReplies(plan, rs -> rs.stream().flatMap(r -> r.files().stream())
                .anyMatch(f -> f.name().equals("disk-per-broker-" + id + ".png")));
        assertThat(withChart.replies()).isNotEmpty();
        chat.approve("bob", plan);
        SimMessage done = chat.await(m -> m.ts().equals(plan.ts()) && m.text().endsWith("— done"));
        var summaries = done.replies().stream().map(SimMessage::text).filter(t -> t.contains(": DONE.")).toList();
        assertThat(summaries).isNotEmpty();
        // cluster-wide and per topic, replicas per broker within 1 (orders, clicks, views: 12 + 8 + 8 over 4 brokers)
        Map<String, Map<Integer, Integer>> perTopic = new TreeMap<>();
        for (var t : admin.describeTopics(List.of("orders", "clicks", "views")).allTopicNames().get().values()) {
            Map<Integer, Integer> counts = new TreeMap<>(Map.of(0, 0, 1, 0, 2, 0, 3, 0));
            t.partitions().forEach(p -> p.replicas().forEach(n -> counts.merge(n.id(), 1, Integer::sum)));
            perTopic.put(t.name(), counts);
        }
        Map<Integer, Integer> total = new TreeMap<>();
        perTopic.values().forEach(c -> c.forEach((b, n) -> total.merge(b, n, Integer::sum)));
        assertThat(total).as("replicas per broker, all topics").hasSize(4);
        assertThat(spread(total.values())).as("cluster-wide spread %s", total).isLessThanOrEqualTo(1);
        perTopic.forEach((topic, c) -> assertThat(spread(c.values())).as("%s: %s", topic, c).isLessThanOrEqualTo(1));
    }

    private static int spread(Collection<Integer> counts) {
        return counts.stream().max(Integer::compare).orElse(0) - counts.stream().min(Integer::compare).orElse(0);
    }

    @Test
    @Order(3)
    void shrinkRetentionIsShownInBoldAndRestoredAfterTheMove() throws Exception {
        TestTopics.create(admin, "audit", 3, SlackBotRebalanceIT::twoOfThree, Map.of("retention.ms", "604800000"));
        TestTopics.fill(cluster.bootstrapServers(), "audit", 3, 100);
        chat.command("alice", "rebalance audit shrink-retention=2h");
        SimMessage plan = chat.await(m -> m.bot() && m.text().startsWith("Plan R") && m.text().contains("audit"));
        assertThat(plan.fullText()).contains("*Deletes about").contains("604800000 → 7200000");
        chat.approve("bob", plan);
        chat.await(m -> m.ts().equals(plan.ts()) && m.text().endsWith("— done"));
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, "audit");
        Await.until("retention.ms restored", Duration.ofSeconds(15), () -> "604800000".equals(admin.describeConfigs(
                List.of(resource)).all().get().get(resource).get("retention.ms").value()));
        assertThat(new FileRetentionLedger(data.resolve("retention-ledger.json")).entries()).isEmpty();
    }

    @Test
    void unknownTopicIsOneLine() {
        chat.command("alice", "rebalance nope");
        SimMessage m = chat.await(x -> x.ephemeral() && x.text().contains("nope"));
        assertThat(m.text()).isEqualTo(":x: Topic `nope` does not exist in cluster test.");
    }

    private static long bytesOnBroker3() throws Exception {
        var port = new AdminReassignment("test", admin, Duration.ofSeconds(10));
        var sizes = port.replicaSizes(List.of(0, 1, 2, 3, 4, 5).stream().map(p -> new TopicPartitionRef("orders", p))
                .toList());
        return sizes.values().stream().mapToLong(m -> m.getOrDefault(3, 0L)).sum()
                + port.replicas(sizes.keySet()).values().stream().filter(r -> r.contains(3)).count();
    }
}
