package dev.kafkachatops.e2e;

import dev.kafkachatops.app.RunCommand;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import dev.kafkachatops.sim.SimMessage;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SlackSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The whole bot ({@link RunCommand.Bot}) in this JVM over Socket Mode against the Slack simulator, operating one
 * local cluster from #general: bob approves, the maintenance window is always open (so an approved plan starts at
 * once), and every node is a host of the local-shell driver below its node root, as the sandbox configures it.
 */
final class ChatBotHarness implements AutoCloseable {
    static final String CLUSTER = "test";
    static final String CHANNEL = "general";
    final SlackSimulator sim;
    final RunCommand.Bot bot;

    private ChatBotHarness(SlackSimulator sim, RunCommand.Bot bot) {
        this.sim = sim;
        this.bot = bot;
    }

    static ChatBotHarness start(Path dataDir, LocalKafkaCluster cluster) throws Exception {
        SlackSimulator sim = SlackSimulator.start(SimOptions.builder().build());
        try {
            BotConfig config = new ConfigLoader(Map.of()).parse(dataDir.resolve("bot.yaml"), config(sim, dataDir,
                    cluster));
            RunCommand.Bot bot = RunCommand.Bot.start(config, new SlackCredentials(sim.botToken(),
                    Optional.of(sim.appToken()), Optional.empty()));
            ChatBotHarness h = new ChatBotHarness(sim, bot);
            UpgradeRollFixture.await("the bot connects to the simulator", Duration.ofSeconds(20),
                    () -> sim.socketConnections() > 0);
            return h;
        } catch (Exception | AssertionError e) {
            sim.close();
            throw e;
        }
    }

    private static String config(SlackSimulator sim, Path dataDir, LocalKafkaCluster cluster) {
        StringBuilder brokers = new StringBuilder();
        cluster.nodes().forEach(n -> brokers.append("        ").append(n.id()).append(": { host: node-").append(n.id())
                .append(", root: ").append(n.hostRoot()).append(" }\n"));
        return """
                slack:
                  apiUrl: %s
                storage:
                  dataDir: %s
                clusters:
                  - name: %s
                    bootstrapServers: %s
                    channels: [%s]
                    approvals:
                      users: [U0BOB]
                      required: 1
                    windows:
                      - cron: "* * * * * ?"   # always open: an approved plan starts at once
                        duration: 1h
                        timezone: UTC
                    hosts:
                      defaults:
                        driver: local
                        service: process
                      brokers:
                """.formatted(sim.apiUrlPrefix(), dataDir, CLUSTER, cluster.bootstrapServers(), CHANNEL) + brokers;
    }

    /** {@code user} types {@code /kafka <text>} in #general. */
    void command(String user, String text) {
        sim.command(user, CHANNEL, text);
    }

    void approve(String approver, SimMessage plan) {
        sim.reaction(approver, CHANNEL, plan.ts(), "white_check_mark", false);
    }

    /** The first message of #general (with its replies and edits) that matches, polling every 50 ms. */
    SimMessage await(String what, Duration timeout, Predicate<SimMessage> match) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SimMessage> m = sim.messages(CHANNEL).stream().filter(match).findFirst();
            if (m.isPresent()) return m.get();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no message in #" + CHANNEL + " within " + timeout + ": " + what + "; have:\n"
                + String.join("\n", sim.messages(CHANNEL).stream().map(m -> "  " + m.text() + " / replies "
                + m.replies().stream().map(SimMessage::text).toList()).toList()));
    }

    /** The plan message of {@code /kafka upgrade <version>} once posted, waiting for approval. */
    SimMessage awaitPlan(String version) {
        return await("the upgrade plan", Duration.ofSeconds(60), m -> m.bot() && !m.ephemeral()
                && m.text().matches("Plan U\\d+: upgrade " + java.util.regex.Pattern.quote(version)
                + " — awaiting approval"));
    }

    static String operationId(SimMessage plan) {
        return plan.text().substring("Plan ".length(), plan.text().indexOf(':'));
    }

    /** The plan message once its text ends with {@code suffix} (e.g. {@code — done}). */
    SimMessage awaitPlanState(SimMessage plan, String suffix, Duration timeout) {
        return await("plan " + operationId(plan) + " ending with `" + suffix + "`", timeout,
                m -> m.ts().equals(plan.ts()) && m.text().endsWith(suffix));
    }

    /** When the current version of a message was written: the moment its previous version was replaced. */
    static Instant currentVersionAt(SimMessage m) {
        return m.edits().isEmpty() ? Instant.ofEpochMilli((long) (Double.parseDouble(m.ts()) * 1000))
                : m.edits().get(m.edits().size() - 1).at();
    }

    Operation operation(String id) {
        return bot.service().store().find(id).orElseThrow();
    }

    List<Checkpoint> checkpoints(String id) {
        return bot.service().store().checkpoints(id);
    }

    /** When the audit log first recorded {@code event} for the operation. */
    Instant audited(String id, AuditEvent event) {
        return bot.service().store().history(Optional.of(CLUSTER), Optional.of(id), 100).stream()
                .filter(e -> e.event() == event).map(AuditEntry::at).min(Instant::compareTo)
                .orElseThrow(() -> new AssertionError("no " + event + " in the audit log of " + id));
    }

    @Override
    public void close() {
        bot.close();
        sim.close();
    }
}
