package dev.kafkachatops.e2e;

import dev.kafkachatops.TestClusters;
import dev.kafkachatops.sim.SimEnvelope;
import dev.kafkachatops.sim.SimMessage;
import dev.kafkachatops.sim.SimResult;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole conversation through Slack's real wire protocol: the unchanged Bolt app in Socket Mode talks to the
 * project's Slack simulator, and the bot reads a real (in-process) KRaft cluster.
 */
class SlackBotSocketModeIT {
    private static KafkaClusterTestKit cluster;
    private static ChatBotHarness chat;

    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        cluster = TestClusters.start(3);
        chat = ChatBotHarness.with(BotYaml.dataDir(data)
                .cluster(BotYaml.Cluster.named("sandbox", cluster.bootstrapServers()))
                .cluster(BotYaml.Cluster.named("elsewhere", "127.0.0.1:1").channels("ops")))
                .channel("C0OPS", "ops", false).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chat != null) chat.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void helpIsAnEphemeralListOfCommands() {
        SimResult r = chat.command("alice", "help");
        assertAcked(r);
        SimMessage help = chat.await(m -> m.ephemeral() && m.text().startsWith("kafka-chatops commands"));
        assertThat(help.visibleTo()).isEqualTo(chat.sim.users().get("alice").id());
        assertThat(help.blocks().get(0).path("type").asText()).isEqualTo("header");
        assertThat(help.fullText()).contains("/kafka status").contains("/kafka upgrade <version>")
                .contains("/kafka run <id> now").doesNotContain("not available yet");
    }

    @Test
    void statusIsPostedInTheChannelWithRealNumbers() {
        SimResult r = chat.command("bob", "status");
        assertAcked(r);
        SimMessage status = chat.await(m -> m.bot() && !m.ephemeral() && m.text().startsWith("Cluster sandbox"));
        assertThat(status.text()).contains("healthy").contains("3/3 brokers alive");
        assertThat(status.blocks().get(0).path("text").path("text").asText()).contains("sandbox: healthy");
        assertThat(status.fullText()).contains("KRaft").contains("3 of 3 alive")
                .contains(MetadataVersion.latestProduction().version()).contains("asked by <@U0BOB>");
    }

    @Test
    void malformedCommandsGetOneLineAndChangeNothing() {
        int before = visible().size();
        SimResult r = chat.command("alice", "rebalance orders throttle=fast");
        assertAcked(r);
        SimMessage err = chat.await(m -> m.ephemeral() && m.text().contains("`fast` is not a rate"));
        // mrkdwn: '<', '>' and '&' escaped as Slack asks (Slack shows them as typed)
        assertThat(err.text()).isEqualTo(":x: `fast` is not a rate (expected e.g. 50MB/s, 40MiB/s or bytes per "
                + "second). Expected: `/kafka rebalance &lt;topic&gt;|--all [brokers=1,2,3] [exclude=4] [throttle=50MB/s] "
                + "[shrink-retention=2h] [--allow-concurrent]`");
        assertThat(visible()).filteredOn(m -> !m.ephemeral()).hasSize((int) visible().stream()
                .filter(m -> !m.ephemeral()).count());
        assertThat(visible().size()).isEqualTo(before + 1);
    }

    @Test
    void upgradeRefusalsAreOneLineAndChangeNothing() {
        chat.command("alice", "upgrade banana");
        SimMessage malformed = chat.await(x -> x.ephemeral() && x.text().contains("banana"));
        assertThat(malformed.text()).startsWith(":x: ").doesNotContain("\n");
        // this cluster's config names no hosts: the bot cannot see which version the brokers run
        chat.command("alice", "upgrade 4.1");
        SimMessage noHosts = chat.await(x -> x.ephemeral() && x.text().contains("hosts.brokers"));
        assertThat(noHosts.text()).startsWith(":x: ");
        assertThat(visible()).noneMatch(m -> !m.ephemeral() && m.text().startsWith("Plan U"));
    }

    @Test
    void clusterRoutingRefusesWhatThisChannelMayNotOperate() {
        chat.command("alice", "status --cluster elsewhere");
        chat.await(x -> x.ephemeral() && x.text().contains("Cluster `elsewhere` cannot be operated from this "
                + "channel"));
        chat.command("alice", "status cluster=nope");
        chat.await(x -> x.ephemeral() && x.text().contains("Unknown cluster `nope`. Known clusters: "
                + "`sandbox`, `elsewhere`."));
    }

    @Test
    void reactionEventsAreAcknowledgedAndRedeliveriesToo() throws Exception {
        chat.command("carol", "status");
        SimMessage status = chat.await(m -> m.bot() && m.text().startsWith("Cluster sandbox"));
        SimResult reaction = chat.react("carol", status, "eyes");
        assertAcked(reaction);
        SimResult again = chat.sim.redeliver(reaction.envelopeId());
        assertAcked(again);
        SimResult removed = chat.sim.reaction("carol", ChatBotHarness.CHANNEL, status.ts(), "eyes", true);
        assertAcked(removed);
        for (SimEnvelope e : chat.sim.envelopes()) {
            assertThat(chat.sim.awaitAcked(e.id(), Duration.ofSeconds(10))).as("envelope " + e.summary()).isTrue();
        }
    }

    private static void assertAcked(SimResult r) {
        assertThat(chat.acked(r)).as("envelope acked").isTrue();
    }

    private static List<SimMessage> visible() {
        return chat.messages();
    }
}
