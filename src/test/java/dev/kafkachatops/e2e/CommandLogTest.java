package dev.kafkachatops.e2e;

import dev.kafkachatops.adapter.slack.SlackBot;
import dev.kafkachatops.adapter.store.InMemoryOperationStore;
import dev.kafkachatops.port.JobScheduler;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What users type reaches the bot's log as one line, cut: a command with a newline cannot forge a log line, and a
 * 10,000-character command is not logged whole. The commands go through the simulator and the bot's real Bolt
 * handler; the log is captured from SlackBot's logger.
 */
class CommandLogTest {
    static ChatBotHarness chat;
    static Captured log;
    @TempDir
    static Path data;

    @BeforeAll
    static void start() throws Exception {
        log = Captured.on(SlackBot.class.getName());
        JobScheduler scheduler = new JobScheduler() {
            @Override
            public void schedule(String operationId, Instant at, boolean breakGlass) {
            }

            @Override
            public void unschedule(String operationId) {
            }
        };
        chat = ChatBotHarness.with(BotYaml.dataDir(data).cluster(BotYaml.Cluster.named("logs", "127.0.0.1:1")))
                .launcher(ChatBot.wired(new InMemoryOperationStore(), scheduler)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (log != null) log.close();
        if (chat != null) chat.close();
    }

    @Test
    void aNewlineInACommandDoesNotForgeALogLine() {
        assertThat(chat.acked(chat.command("alice", "jobs\n2026-12-07 ERROR forged"))).isTrue();
        String line = log.await("forged");
        assertThat(line).doesNotContain("\n").doesNotContain("\r")
                .contains("jobs\\n2026-12-07 ERROR forged").contains("from U0ALICE in C0GENERAL");
    }

    @Test
    void aHugeCommandIsCut() {
        String huge = "status " + "y".repeat(10_000);
        assertThat(chat.acked(chat.command("alice", huge))).isTrue();
        String line = log.await("yyyyyyyy");
        assertThat(line).hasSizeLessThan(400).contains("…(").contains(" more)").doesNotContain("\n");
    }

    /** The formatted messages SlackBot logs, while the test runs. */
    static final class Captured extends AbstractAppender implements AutoCloseable {
        private final List<String> messages = new CopyOnWriteArrayList<>();
        private final String logger;
        private final LoggerConfig config;

        private Captured(String logger, LoggerConfig config) {
            super("captured-" + logger, null, null, true, Property.EMPTY_ARRAY);
            this.logger = logger;
            this.config = config;
        }

        static Captured on(String logger) {
            LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
            LoggerConfig config = ctx.getConfiguration().getLoggerConfig(logger);
            Captured c = new Captured(logger, config);
            c.start();
            config.addAppender(c, Level.ALL, null);
            ctx.updateLoggers();
            return c;
        }

        @Override
        public void append(LogEvent event) {
            if (event.getLoggerName().equals(logger)) messages.add(event.getMessage().getFormattedMessage());
        }

        /** The first message that contains {@code text}, waiting for it a while. */
        String await(String text) {
            return Await.value("a log line with `" + text + "`", Duration.ofSeconds(20),
                    () -> messages.stream().filter(m -> m.contains(text)).findFirst(), () -> " have: " + messages);
        }

        /** How many messages contain {@code text} so far. */
        long count(String text) {
            return messages.stream().filter(m -> m.contains(text)).count();
        }

        @Override
        public void close() {
            config.removeAppender(getName());
            ((LoggerContext) LogManager.getContext(false)).updateLoggers();
            stop();
        }
    }
}
