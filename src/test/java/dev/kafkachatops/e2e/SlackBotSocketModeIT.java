package dev.kafkachatops.e2e;

import dev.kafkachatops.app.RunCommand;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.sim.SimEnvelope;
import dev.kafkachatops.sim.SimMessage;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SimResult;
import dev.kafkachatops.sim.SlackSimulator;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole conversation through Slack's real wire protocol: the unchanged Bolt app in Socket Mode talks to the
 * project's Slack simulator, and the bot reads a real (in-process) KRaft cluster.
 */
class SlackBotSocketModeIT {
    private static KafkaClusterTestKit cluster;
    private static SlackSimulator sim;
    private static RunCommand.Bot bot;

    @org.junit.jupiter.api.io.TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        cluster = dev.kafkachatops.TestClusters.start(3);
        sim = SlackSimulator.start(SimOptions.builder().build());
        BotConfig config = new ConfigLoader(Map.of()).parse(Path.of("test.yaml"), """
                slack:
                  apiUrl: %s
                storage:
                  dataDir: %s
                clusters:
                  - name: sandbox
                    bootstrapServers: %s
                    channels: [general]
                  - name: elsewhere
                    bootstrapServers: 127.0.0.1:1
                    channels: [ops]
                """.formatted(sim.apiUrlPrefix(), data, cluster.bootstrapServers()));
        bot = RunCommand.Bot.start(config, new SlackCredentials(sim.botToken(), Optional.of(sim.appToken()),
                Optional.empty()));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (sim.socketConnections() == 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(sim.socketConnections()).as("bot connected over Socket Mode").isPositive();
    }

    @AfterAll
    static void stop() throws Exception {
        if (bot != null) bot.close();
        if (sim != null) sim.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void helpIsAnEphemeralListOfCommands() {
        SimResult r = sim.command("alice", "general", "help");
        assertAcked(r);
        SimMessage help = await("general", m -> m.ephemeral() && m.text().startsWith("kafka-chatops commands"));
        assertThat(help.visibleTo()).isEqualTo(sim.users().get("alice").id());
        assertThat(help.blocks().get(0).path("type").asText()).isEqualTo("header");
        assertThat(help.fullText()).contains("/kafka status").contains("/kafka upgrade <version>")
                .contains("/kafka run <id> now").doesNotContain("not available yet");
    }

    @Test
    void statusIsPostedInTheChannelWithRealNumbers() {
        SimResult r = sim.command("bob", "general", "status");
        assertAcked(r);
        SimMessage status = await("general", m -> m.bot() && !m.ephemeral() && m.text().startsWith("Cluster sandbox"));
        assertThat(status.text()).contains("healthy").contains("3/3 brokers alive");
        assertThat(status.blocks().get(0).path("text").path("text").asText()).contains("sandbox: healthy");
        assertThat(status.fullText()).contains("KRaft").contains("3 of 3 alive")
                .contains(MetadataVersion.latestProduction().version()).contains("asked by <@U0BOB>");
    }

    @Test
    void malformedCommandsGetOneLineAndChangeNothing() {
        int before = visible().size();
        SimResult r = sim.command("alice", "general", "rebalance orders throttle=fast");
        assertAcked(r);
        SimMessage err = await("general", m -> m.ephemeral() && m.text().contains("`fast` is not a rate"));
        assertThat(err.text()).isEqualTo(":x: `fast` is not a rate (expected e.g. 50MB/s, 40MiB/s or bytes per "
                + "second). Expected: `/kafka rebalance <topic>|--all [brokers=1,2,3] [exclude=4] [throttle=50MB/s] "
                + "[shrink-retention=2h] [--allow-concurrent]`");
        assertThat(visible()).filteredOn(m -> !m.ephemeral()).hasSize((int) visible().stream()
                .filter(m -> !m.ephemeral()).count());
        assertThat(visible().size()).isEqualTo(before + 1);
    }

    @Test
    void upgradeRefusalsAreOneLineAndChangeNothing() {
        sim.command("alice", "general", "upgrade banana");
        SimMessage malformed = await("general", x -> x.ephemeral() && x.text().contains("banana"));
        assertThat(malformed.text()).startsWith(":x: ").doesNotContain("\n");
        // this cluster's config names no hosts: the bot cannot see which version the brokers run
        sim.command("alice", "general", "upgrade 4.1");
        SimMessage noHosts = await("general", x -> x.ephemeral() && x.text().contains("hosts.brokers"));
        assertThat(noHosts.text()).startsWith(":x: ");
        assertThat(visible()).noneMatch(m -> !m.ephemeral() && m.text().startsWith("Plan U"));
    }

    @Test
    void clusterRoutingRefusesWhatThisChannelMayNotOperate() {
        sim.command("alice", "general", "status --cluster elsewhere");
        await("general", x -> x.ephemeral() && x.text().contains("Cluster `elsewhere` cannot be operated from this "
                + "channel"));
        sim.command("alice", "general", "status cluster=nope");
        await("general", x -> x.ephemeral() && x.text().contains("Unknown cluster `nope`. Known clusters: "
                + "`sandbox`, `elsewhere`."));
    }

    @Test
    void reactionEventsAreAcknowledgedAndRedeliveriesToo() throws Exception {
        sim.command("carol", "general", "status");
        SimMessage status = await("general", m -> m.bot() && m.text().startsWith("Cluster sandbox"));
        SimResult reaction = sim.reaction("carol", "general", status.ts(), "eyes", false);
        assertAcked(reaction);
        SimResult again = sim.redeliver(reaction.envelopeId());
        assertAcked(again);
        SimResult removed = sim.reaction("carol", "general", status.ts(), "eyes", true);
        assertAcked(removed);
        for (SimEnvelope e : sim.envelopes()) {
            assertThat(sim.awaitAcked(e.id(), Duration.ofSeconds(10))).as("envelope " + e.summary()).isTrue();
        }
    }

    /** Acked at all (Slack's 3 s budget is measured in the closing note, not asserted on a loaded CI machine). */
    private static void assertAcked(SimResult r) {
        assertThat(r.acked() || sim.awaitAcked(r.envelopeId(), Duration.ofSeconds(10))).as("envelope acked").isTrue();
    }

    private static List<SimMessage> visible() {
        return sim.messages("general");
    }

    private static SimMessage await(String channel, Predicate<SimMessage> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SimMessage> m = sim.messages(channel).stream().filter(match).findFirst();
            if (m.isPresent()) return m.get();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no matching message in #" + channel + "; have: " + sim.messages(channel).stream()
                .map(SimMessage::text).toList());
    }
}
