package dev.kafkachatops.e2e;

import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.adapter.kafka.AdminReassignment;
import dev.kafkachatops.app.RunCommand;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.sim.SimMessage;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SlackSimulator;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /kafka rebalance} and {@code expand} in chat, end to end over Socket Mode: plan posted, a stranger's
 * reaction ignored, the requester's own reaction refused, an approver's reaction accepted, the run scheduled into
 * the next window (one opens every 10 s for 5 s), executed with throttles, finished; the audit log shows it.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class SlackBotRebalanceIT {
    private static final String U0ALICE = "U0ALICE";
    private static KafkaClusterTestKit cluster;
    private static SlackSimulator sim;
    private static RunCommand.Bot bot;
    private static Admin admin;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        cluster = dev.kafkachatops.TestClusters.start(4);
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < 6; p++) assignment.put(p, List.of(p % 3, (p + 1) % 3));
        admin.createTopics(List.of(new NewTopic("orders", assignment))).all().get();
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int p = 0; p < 6; p++) {
                for (int i = 0; i < 300; i++) producer.send(new ProducerRecord<>("orders", p, null, new byte[1000]));
            }
            producer.flush();
        }
        sim = SlackSimulator.start(SimOptions.builder().build());
        BotConfig config = new ConfigLoader(Map.of()).parse(Path.of("test.yaml"), """
                slack:
                  apiUrl: %s
                storage:
                  dataDir: %s
                clusters:
                  - name: test
                    bootstrapServers: %s
                    channels: [general]
                    approvals:
                      users: [U0BOB]
                      groups: [S0APPROVERS]
                    windows:
                      - cron: "0/10 * * * * ?"
                        duration: 5s
                        timezone: UTC
                """.formatted(sim.apiUrlPrefix(), data, cluster.bootstrapServers()));
        bot = RunCommand.Bot.start(config, new SlackCredentials(sim.botToken(), Optional.of(sim.appToken()),
                Optional.empty()));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (sim.socketConnections() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
    }

    @AfterAll
    static void stop() throws Exception {
        if (bot != null) bot.close();
        if (sim != null) sim.close();
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void planApproveByReactionScheduleRunAndSummary() throws Exception {
        sim.command("bob", "general", "rebalance orders throttle=20MB/s");
        SimMessage plan = await(m -> m.bot() && !m.ephemeral() && m.text().startsWith("Plan R"));
        String id = plan.text().substring("Plan ".length(), plan.text().indexOf(':'));
        assertThat(plan.fullText()).contains("minimum possible").contains("Per broker")
                .contains("Waiting for approval*: 0 of 1").contains("Cancel plan");
        // move.json and the rollback file are attached in the thread
        SimMessage withFiles = awaitReplies(plan.ts(), m -> m.stream().filter(r -> !r.files().isEmpty()).count() >= 2);
        assertThat(withFiles.replies().stream().flatMap(r -> r.files().stream()).map(f -> f.name()))
                .contains("move-" + id + ".json", "rollback-" + id + ".json");

        sim.reaction("dave", "general", plan.ts(), "white_check_mark", false); // a stranger
        await(m -> m.ephemeral() && m.text().contains("Only approvers of test may approve plan " + id)
                && "U0DAVE".equals(m.visibleTo()));
        sim.reaction("alice", "general", plan.ts(), "white_check_mark", false); // an operator, not an approver
        await(m -> m.ephemeral() && m.text().contains("Only approvers of test may approve") && U0ALICE.equals(m.visibleTo()));
        sim.reaction("bob", "general", plan.ts(), "white_check_mark", false); // the requester, an approver himself
        await(m -> m.ephemeral() && m.text().contains("You requested plan " + id + ", so another approver must approve it"));
        sim.reaction("carol", "general", plan.ts(), "thumbsup", false); // not the approval reaction: ordinary chat
        Thread.sleep(500);
        assertThat(bytesOnBroker3()).isZero();
        assertThat(sim.messages("general").stream().filter(m -> m.ts().equals(plan.ts())).findFirst().orElseThrow()
                .fullText()).contains("Waiting for approval*: 0 of 1");

        java.time.Instant approvedAt = java.time.Instant.now();
        sim.reaction("carol", "general", plan.ts(), "white_check_mark", false); // approver through the user group
        SimMessage approved = await(m -> m.ts().equals(plan.ts()) && (m.fullText().contains("*Approved* by <@U0CAROL>")
                || m.edits().stream().anyMatch(e -> e.blocks().toString().contains("*Approved* by <@U0CAROL>"))));
        var versions = new java.util.ArrayList<>(approved.edits().stream().map(e -> e.blocks().toString()).toList());
        versions.add(approved.fullText());
        assertThat(versions).anyMatch(b -> b.contains("Runs at the next window start") || b.contains("*Running*")
                || b.contains("*Done*"));
        SimMessage done = awaitReplies(plan.ts(), rs -> rs.stream().anyMatch(r -> r.text().contains(": DONE.")));
        assertThat(done.replies().stream().map(SimMessage::text)).anyMatch(t -> t.startsWith(":arrow_forward: Batch 1/"));
        assertThat(bytesOnBroker3()).isPositive();
        var port = new AdminReassignment("test", admin, Duration.ofSeconds(10));
        for (int b = 0; b < 4; b++) assertThat(port.brokerThrottle(b)).isEmpty();
        assertThat(port.topicThrottle("orders")).isEmpty();
        SimMessage updated = await(m -> m.ts().equals(plan.ts()) && m.text().endsWith("— done"));
        assertThat(updated.fullText()).contains("*Done*").doesNotContain("Cancel plan");

        // the run started inside a window: at a multiple of 10 s, within its 5 s, not before the approval
        var audit = bot.service().store().history(Optional.of("test"), Optional.of(id), 50);
        var startedAt = audit.stream().filter(e -> e.event() == dev.kafkachatops.domain.ops.AuditEvent.STARTED)
                .findFirst().orElseThrow().at();
        assertThat(startedAt).isAfter(approvedAt.minusSeconds(1));
        assertThat(startedAt.getEpochSecond() % 10).isLessThan(5);
        var events = new java.util.ArrayList<>(audit.stream().map(e -> e.event().name()).toList());
        java.util.Collections.reverse(events);
        assertThat(events).containsSubsequence("REQUESTED",
                "REFUSED", "REFUSED", "REFUSED", "APPROVED", "SCHEDULED", "STARTED", "FINISHED");

        sim.command("alice", "general", "history");
        SimMessage history = await(m -> m.ephemeral() && m.fullText().contains("History of test"));
        assertThat(history.fullText()).contains("*" + id + "* approved by <@U0CAROL>").contains("finished by bot");

        // planning again: nothing left to move
        sim.command("alice", "general", "rebalance orders");
        await(m -> m.bot() && m.fullText().contains("is already balanced"));
    }

    @Test
    @org.junit.jupiter.api.Order(2) // expand touches every topic, so it runs after the single-topic test
    void expandQueuesEveryTopicOneAtATime() throws Exception {
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < 4; p++) assignment.put(p, List.of(p % 3, (p + 1) % 3));
        admin.createTopics(List.of(new NewTopic("clicks", assignment), new NewTopic("views", assignment))).all().get();
        sim.command("alice", "general", "expand brokers=3 throttle=50MB/s");
        SimMessage plan = await(m -> m.bot() && m.text().startsWith("Plan E") && m.text().contains("expand brokers=3"));
        String id = plan.text().substring("Plan ".length(), plan.text().indexOf(':'));
        assertThat(plan.fullText()).contains("one at a time").contains("clicks").contains("views");
        sim.reaction("bob", "general", plan.ts(), "white_check_mark", false);
        SimMessage done = await(m -> m.ts().equals(plan.ts()) && m.text().endsWith("— done"));
        var summaries = done.replies().stream().map(SimMessage::text).filter(t -> t.contains(": DONE.")).toList();
        assertThat(summaries).anyMatch(t -> t.contains("clicks")).anyMatch(t -> t.contains("views"));
        var port = new AdminReassignment("test", admin, Duration.ofSeconds(10));
        var replicas = port.replicas(List.of(new TopicPartitionRef("clicks", 0), new TopicPartitionRef("clicks", 1),
                new TopicPartitionRef("clicks", 2), new TopicPartitionRef("clicks", 3)));
        assertThat(replicas.values().stream().filter(r -> r.contains(3)).count()).isEqualTo(2);
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void shrinkRetentionIsShownInBoldAndRestoredAfterTheMove() throws Exception {
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < 3; p++) assignment.put(p, List.of(p % 3, (p + 1) % 3));
        admin.createTopics(List.of(new NewTopic("audit", assignment).configs(Map.of("retention.ms", "604800000"))))
                .all().get();
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < 100; i++) producer.send(new ProducerRecord<>("audit", p, null, new byte[1000]));
            }
            producer.flush();
        }
        sim.command("alice", "general", "rebalance audit shrink-retention=2h");
        SimMessage plan = await(m -> m.bot() && m.text().startsWith("Plan R") && m.text().contains("audit"));
        assertThat(plan.fullText()).contains("*Deletes about").contains("604800000 → 7200000");
        String id = plan.text().substring("Plan ".length(), plan.text().indexOf(':'));
        sim.reaction("bob", "general", plan.ts(), "white_check_mark", false);
        await(m -> m.ts().equals(plan.ts()) && m.text().endsWith("— done"));
        var resource = new org.apache.kafka.common.config.ConfigResource(
                org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "audit");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String retention = null;
        while (System.nanoTime() < deadline) {
            retention = admin.describeConfigs(List.of(resource)).all().get().get(resource).get("retention.ms").value();
            if ("604800000".equals(retention)) break;
            Thread.sleep(200);
        }
        assertThat(retention).as("retention.ms restored").isEqualTo("604800000");
        assertThat(new dev.kafkachatops.adapter.store.FileRetentionLedger(data.resolve("retention-ledger.json"))
                .entries()).isEmpty();
    }

    @Test
    void unknownTopicIsOneLine() {
        sim.command("alice", "general", "rebalance nope");
        SimMessage m = await(x -> x.ephemeral() && x.text().contains("nope"));
        assertThat(m.text()).isEqualTo(":x: Topic `nope` does not exist in cluster test.");
    }

    private static long bytesOnBroker3() throws Exception {
        var port = new AdminReassignment("test", admin, Duration.ofSeconds(10));
        var sizes = port.replicaSizes(List.of(0, 1, 2, 3, 4, 5).stream().map(p -> new TopicPartitionRef("orders", p))
                .toList());
        return sizes.values().stream().mapToLong(m -> m.getOrDefault(3, 0L)).sum()
                + port.replicas(sizes.keySet()).values().stream().filter(r -> r.contains(3)).count();
    }

    private static SimMessage awaitReplies(String ts, Predicate<List<SimMessage>> match) {
        return await(m -> m.ts().equals(ts) && match.test(m.replies()));
    }

    private static SimMessage await(Predicate<SimMessage> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SimMessage> m = sim.messages("general").stream().filter(match).findFirst();
            if (m.isPresent()) return m.get();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no matching message; have: " + sim.messages("general").stream()
                .map(x -> x.text() + " / replies " + x.replies().stream().map(SimMessage::text).toList()).toList()
                + "; envelopes: " + sim.envelopes().stream().map(e -> e.summary() + " delivered=" + e.delivered() + " acked=" + e.acked()).toList());
    }
}
