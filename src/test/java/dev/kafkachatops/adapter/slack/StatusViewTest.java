package dev.kafkachatops.adapter.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.kafkachatops.domain.BrokerState;
import dev.kafkachatops.domain.ClusterMode;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.domain.QuorumState;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.view.StatusText;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The status message as the JSON Slack receives, checked field by field and against Block Kit's limits. */
class StatusViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-24T22:40:12Z");

    static BrokerState broker(int id, boolean alive, boolean controller) {
        return new BrokerState(id, Optional.of("kafka" + id + ".example.com"), Optional.of(9092),
                Optional.of("rack-" + (char) ('a' + id % 3)), alive, controller);
    }

    static ClusterStatus healthy() {
        var q = new QuorumState(1, 7, 1200, List.of(new QuorumState.Replica(1, 1200, 0, Optional.of(1L)),
                new QuorumState.Replica(2, 1200, 0, Optional.of(1L)), new QuorumState.Replica(3, 1200, 0,
                        Optional.of(1L))), List.of());
        return new ClusterStatus("prod-eu", "AbC123", ClusterMode.KRAFT, List.of(broker(1, true, true),
                broker(2, true, false), broker(3, true, false)), Optional.of(1), Optional.of(q),
                Optional.of("3.9-IV0 (level 21)"), 12, 2, 180, List.of(), List.of(), List.of(), List.of(), AT,
                Duration.ofMillis(42));
    }

    static JsonNode json(List<LayoutBlock> blocks) throws Exception {
        return JSON.readTree(GsonFactory.createSnakeCase().toJson(blocks));
    }

    @Test
    void healthyClusterAtAGlance() throws Exception {
        JsonNode b = json(StatusView.render(healthy(), Optional.of("U0ALICE")));
        assertThat(b.get(0).path("type").asText()).isEqualTo("header");
        assertThat(b.get(0).path("text").path("text").asText()).isEqualTo(":large_green_circle: prod-eu: healthy");
        JsonNode fields = b.get(1).path("fields");
        assertThat(fields).hasSize(9);
        assertThat(fields.get(0).path("text").asText()).isEqualTo("*Brokers*\n3 of 3 alive");
        assertThat(fields.get(1).path("text").asText()).isEqualTo("*Mode*\nKRaft");
        assertThat(fields.get(2).path("text").asText()).isEqualTo("*Active controller*\nnode 1 (epoch 7)");
        assertThat(fields.get(3).path("text").asText()).isEqualTo("*metadata.version*\n3.9-IV0 (level 21)");
        assertThat(fields.get(4).path("text").asText()).isEqualTo("*Topics*\n12 (+2 internal), 180 partitions");
        assertThat(fields.get(6).path("text").asText()).isEqualTo("*Under-replicated*\n0");
        assertThat(b.get(2).path("type").asText()).as("no warning section when healthy").isEqualTo("divider");
        assertThat(b.get(3).path("text").path("text").asText()).startsWith("*Brokers*\n```ID")
                .contains("kafka1.example.com:9092").contains("up, active controller");
        assertThat(b.get(4).path("text").path("text").asText())
                .isEqualTo("*Controller quorum*: voters 1, 2, 3; leader 1 (epoch 7); all voters caught up");
        assertThat(b.get(5).path("type").asText()).isEqualTo("context");
        assertThat(b.get(5).path("elements").get(0).path("text").asText())
                .isEqualTo("Cluster id `AbC123` · read in 42 ms at 2026-11-24 22:40:12 UTC · asked by <@U0ALICE>");
    }

    @Test
    void problemsAreNamedInTheHeaderAndListed() throws Exception {
        var h = healthy();
        var parts = IntStream.range(0, 25).mapToObj(i -> new TopicPartitionRef("orders", i)).toList();
        var s = new ClusterStatus(h.clusterName(), h.clusterId(), h.mode(), List.of(broker(1, true, true),
                broker(2, true, false), broker(3, false, false)), h.activeController(), h.quorum(),
                h.metadataVersion(), 12, 2, 180, parts, parts.subList(0, 2), List.of(new TopicPartitionRef("logs", 0)),
                List.of(new TopicPartitionRef("orders", 1)), AT, Duration.ofMillis(42));
        JsonNode b = json(StatusView.render(s, Optional.empty()));
        assertThat(b.get(0).path("text").path("text").asText()).isEqualTo(":red_circle: prod-eu: 1 offline "
                + "partition, 2 partitions under min.insync.replicas, 25 under-replicated partitions, 1 broker down");
        assertThat(b.get(1).path("fields").get(6).path("text").asText()).isEqualTo("*Under-replicated*\n:warning: 25");
        String warn = b.get(2).path("text").path("text").asText();
        assertThat(warn).startsWith(":warning: *Needs attention*")
                .contains("• *Offline* (no leader): logs-0")
                .contains("• *Under min.insync.replicas* (acks=all writes fail): orders-0, orders-1")
                .contains("orders-9 and 15 more")
                .contains("• *Broker 3 is down*")
                .contains("• *Reassigning*: orders-1");
        assertThat(b.get(b.size() - 1).path("elements").get(0).path("text").asText()).doesNotContain("asked by");
    }

    @Test
    void aHundredBrokersStayWithinSlackLimits() throws Exception {
        var brokers = new ArrayList<BrokerState>();
        for (int i = 1; i <= 100; i++) brokers.add(broker(i, true, i == 1));
        var h = healthy();
        var s = new ClusterStatus("big", "id", ClusterMode.KRAFT, brokers, h.activeController(), h.quorum(),
                h.metadataVersion(), 5000, 2, 100_000, List.of(), List.of(), List.of(), List.of(), AT, Duration.ZERO);
        JsonNode b = json(StatusView.render(s, Optional.empty()));
        assertThat(b.size()).isLessThanOrEqualTo(50);
        for (JsonNode block : b) {
            assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(3000);
            for (JsonNode f : block.path("fields")) assertThat(f.path("text").asText().length()).isLessThanOrEqualTo(2000);
        }
        assertThat(b.get(0).path("text").path("text").asText().length()).isLessThanOrEqualTo(150);
        assertThat(b.get(3).path("text").path("text").asText()).contains("... and 70 more, all up");
    }

    /** Kubernetes-style host names: 30 rows would pass 3,000 characters; down brokers are shown first. */
    @Test
    void longHostNamesAreSummarisedNotCutAndDownBrokersAreShown() throws Exception {
        var brokers = new ArrayList<BrokerState>();
        for (int i = 1; i <= 300; i++) {
            brokers.add(new BrokerState(i, Optional.of("my-cluster-kafka-" + i + ".my-cluster-kafka-brokers.kafka"
                    + ".svc.cluster.local"), Optional.of(9092), Optional.of("zone-" + i % 3), i != 250, i == 1));
        }
        var h = healthy();
        var s = new ClusterStatus("big", "id", ClusterMode.KRAFT, brokers, h.activeController(), h.quorum(),
                h.metadataVersion(), 5000, 2, 100_000, List.of(), List.of(), List.of(), List.of(), AT, Duration.ZERO);
        JsonNode b = json(StatusView.render(s, Optional.empty()));
        String table = "";
        for (JsonNode block : b) {
            String text = block.path("text").path("text").asText();
            assertThat(text.length()).isLessThanOrEqualTo(3000);
            if (text.startsWith("*Brokers*")) table = text;
        }
        assertThat(table).endsWith("```").contains("250   ").contains("DOWN").contains("active controller")
                .containsPattern("\\.\\.\\. and \\d+ more, all up\\n```$");
        assertThat(table.split("```", -1)).hasSize(3);
    }

    @Test
    void truncationNeverLeavesACodeBlockOpenOrCutsAnEmoji() {
        String text = "*Order*\n```" + "row :white_check_mark: of a table\n".repeat(200) + "```";
        String cut = StatusView.truncate(text, 3000);
        assertThat(cut.length()).isLessThanOrEqualTo(3000);
        assertThat(cut).endsWith("…```").doesNotContain(":white_check\n").doesNotEndWith(":white_…```");
        assertThat(cut.split("```", -1)).hasSize(3);
        assertThat(StatusView.truncate("short", 3000)).isEqualTo("short");
    }

    @Test
    void zookeeperClusterHasNoQuorumSection() throws Exception {
        var h = healthy();
        var s = new ClusterStatus("old", "id", ClusterMode.ZOOKEEPER, h.brokers(), Optional.of(2), Optional.empty(),
                Optional.empty(), 1, 0, 3, List.of(), List.of(), List.of(), List.of(), AT, Duration.ZERO);
        JsonNode b = json(StatusView.render(s, Optional.empty()));
        assertThat(b.get(1).path("fields").get(1).path("text").asText()).isEqualTo("*Mode*\nZooKeeper");
        assertThat(b.get(1).path("fields").get(3).path("text").asText()).isEqualTo("*metadata.version*\nn/a");
        assertThat(b.toString()).doesNotContain("Controller quorum");
    }

    @Test
    void terminalTextCarriesTheSameFacts() {
        String text = StatusText.render(healthy());
        assertThat(text).startsWith("Cluster prod-eu: healthy; 3/3 brokers alive, 12 topics, 180 partitions\n")
                .contains("metadata.version:    3.9-IV0 (level 21)")
                .contains("1     kafka1.example.com:9092  rack-b    up, active controller")
                .contains("Controller quorum:   voters 1, 2, 3; leader 1 (epoch 7); all voters caught up");
    }

    @Test
    void helpMarksWhatIsNotAvailableYet() throws Exception {
        JsonNode b = json(HelpView.render("/kafka", Set.of("help", "status"), Optional.empty()));
        String body = b.get(1).path("text").path("text").asText();
        assertThat(body).contains("`/kafka status`\n    brokers, controller quorum")
                .contains("`/kafka upgrade <version> [skip-rehearsal] [allow-old-clients]`\n    plan a rolling upgrade, e.g. `upgrade 3.9.1`  _(not available yet)_");
        JsonNode one = json(HelpView.render("/kafka", Set.of("help", "status"), Optional.of("expand")));
        assertThat(one.get(1).path("text").path("text").asText()).startsWith("`/kafka expand brokers=4,5")
                .doesNotContain("status");
    }

    @Test
    void versionsPerNodeAndMixedVersionsAreCalledOut() throws Exception {
        JsonNode one = json(List.of(StatusView.versions(java.util.Map.of(1, "3.9.1", 2, "3.9.1", 3, "3.9.1"),
                List.of())));
        assertThat(one.get(0).path("text").path("text").asText()).contains("*3.9.1* on nodes 1, 2, 3")
                .doesNotContain("Mixed");
        JsonNode mixed = json(List.of(StatusView.versions(java.util.Map.of(1, "4.4.0", 2, "3.9.1", 3, "3.9.1"),
                List.of("node 4: no host configured"))));
        assertThat(mixed.get(0).path("text").path("text").asText())
                .startsWith(":warning: *Mixed versions*: *3.9.1* on nodes 2, 3; *4.4.0* on node 1.")
                .contains("interrupted").contains("• node 4: no host configured");
    }
}
