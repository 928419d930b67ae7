package dev.kafkachatops.e2e;

import com.slack.api.app_backend.SlackSignature;
import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.Target;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.run.reassign.ReassignmentPayload;
import dev.kafkachatops.sim.SimMessage;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets never reach the log: the bot runs (Socket Mode, then HTTP mode) with recognisable fake credentials, every
 * logger of the JVM at DEBUG, and is driven through successes and failures (an unreachable cluster, bad commands,
 * unknown operations, a stranger's and an approver's reactions, a forged button, requests with a bad signature, a
 * stale timestamp and a replay). Every log event (message and stack trace) is captured at the root; none may hold
 * the secret marker or any 10-character piece of a secret's random part.
 */
class SecretsNotLoggedTest {
    private static final String RANDOM_BOT = hex();
    private static final String RANDOM_APP = hex();
    private static final String RANDOM_SIGNING = hex();
    static final String BOT = "xoxb-FAKE-SECRET-" + RANDOM_BOT;
    static final String APP = "xapp-FAKE-SECRET-" + RANDOM_APP;
    static final String SIGNING = "FAKE-SECRET-" + RANDOM_SIGNING;
    @TempDir
    Path socketData;
    @TempDir
    Path httpData;

    private static String hex() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Test
    void noSecretInAnyLogLineWhateverHappens() throws Exception {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        AllEvents log = new AllEvents();
        log.start();
        ctx.getConfiguration().getRootLogger().addAppender(log, Level.ALL, null);
        Configurator.setAllLevels(LogManager.ROOT_LOGGER_NAME, Level.DEBUG);
        try {
            socketMode();
            httpMode();
        } finally {
            ctx.getConfiguration().getRootLogger().removeAppender(log.getName());
            ctx.reconfigure();
            log.stop();
        }
        assertThat(log.lines).as("the bot logged while it ran").hasSizeGreaterThan(20);
        assertThat(log.lines).anyMatch(l -> l.contains("Cannot reach cluster") || l.contains("127.0.0.1:1"));
        for (String line : log.lines) {
            assertThat(line).doesNotContain("FAKE-SECRET");
            for (String secret : List.of(RANDOM_BOT, RANDOM_APP, RANDOM_SIGNING)) {
                for (int i = 0; i + 10 <= secret.length(); i++) {
                    assertThat(line).as("a piece of a secret").doesNotContain(secret.substring(i, i + 10));
                }
            }
        }
    }

    private void socketMode() throws Exception {
        try (ChatBotHarness chat = ChatBotHarness.with(BotYaml.dataDir(socketData)
                        .cluster(BotYaml.Cluster.named("prod", "127.0.0.1:1").approvers("U0BOB")))
                .tokens(BOT, APP).launcher(ChatBot.wired(new InMemoryOperationStore(), NO_TIMERS)).start()) {
            for (String c : List.of("help", "status", "rebalance orders", "upgrade 4.1.1", "cancel R999", "frobnicate",
                    "jobs", "history", "run R999 now", "rebalance <!channel>")) {
                chat.command("alice", c);
            }
            chat.await("the status failure", Duration.ofSeconds(60), m -> m.ephemeral() && m.text()
                    .contains("Cannot reach cluster"));
            Operation op = plan(chat);
            SimMessage message = chat.await(m -> m.ts().equals(op.messageTs().orElseThrow()));
            chat.react("dave", message, "white_check_mark");
            chat.approve("bob", message);
            chat.action("alice", message, "reassign_discard", "R999");
            chat.await("an answer to the forged click", Duration.ofSeconds(30), m -> m.ephemeral()
                    && m.text().contains("No operation `R999`"));
        }
    }

    private void httpMode() throws Exception {
        try (ChatBotHarness chat = ChatBotHarness.with(BotYaml.dataDir(httpData)
                        .cluster(BotYaml.Cluster.named("prod", "127.0.0.1:1")))
                .tokens(BOT, APP).http(SIGNING).launcher(ChatBot.inProcess()).start()) {
            chat.command("alice", "status");
            chat.await("the status failure", Duration.ofSeconds(60), m -> m.ephemeral() && m.text()
                    .contains("Cannot reach cluster"));
            HttpClient http = HttpClient.newHttpClient();
            String body = "command=%2Fkafka&text=jobs&user_id=U0DAVE&channel_id=C0GENERAL&channel_name=general"
                    + "&team_id=T0SIM&response_url=" + chat.sim.pageUrl() + "response%2Fnone";
            long now = Instant.now().getEpochSecond();
            String good = new SlackSignature.Generator(SIGNING).generate(String.valueOf(now), body);
            for (String[] h : List.of(new String[] {String.valueOf(now), "v0=" + "0".repeat(64)},
                    new String[] {String.valueOf(now - 3600), new SlackSignature.Generator(SIGNING)
                            .generate(String.valueOf(now - 3600), body)},
                    new String[] {String.valueOf(now), good}, new String[] {String.valueOf(now), good})) {
                http.send(HttpRequest.newBuilder(chat.endpoint()).header("Content-Type",
                                "application/x-www-form-urlencoded").header("X-Slack-Request-Timestamp", h[0])
                        .header("X-Slack-Signature", h[1]).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
        }
    }

    private static Operation plan(ChatBotHarness chat) {
        ClusterAssignment c = ClusterAssignment.builder().brokers(1, 2, 3).topic("orders",
                List.of(List.of(1, 2), List.of(2, 1), List.of(1, 2))).build();
        String json = PlanCodec.write(new ReassignmentPayload(List.of(RebalancePlanner.plan(c, "orders",
                Target.allAlive(), OptionalLong.empty())), Optional.empty(), Optional.empty()));
        Instant now = Instant.now();
        return chat.service().submit(new NewOperation("prod", OpKind.REBALANCE, "rebalance orders", "U0ALICE",
                "C0GENERAL", json, PlanCodec.hash(json), "fp", now, now.plus(Duration.ofHours(1))));
    }

    private static final JobScheduler NO_TIMERS = new JobScheduler() {
        @Override
        public void schedule(String operationId, Instant at, boolean breakGlass) {
        }

        @Override
        public void unschedule(String operationId) {
        }
    };

    /** Every event of every logger: its formatted message and, if any, its whole stack trace with causes. */
    static final class AllEvents extends AbstractAppender {
        final List<String> lines = new CopyOnWriteArrayList<>();

        AllEvents() {
            super("all-events", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                    .append(event.getMessage().getFormattedMessage());
            if (event.getThrown() != null) {
                StringWriter trace = new StringWriter();
                event.getThrown().printStackTrace(new PrintWriter(trace));
                line.append('\n').append(trace);
            }
            lines.add(line.toString());
        }
    }
}
