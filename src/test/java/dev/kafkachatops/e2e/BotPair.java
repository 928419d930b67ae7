package dev.kafkachatops.e2e;

import dev.kafkachatops.adapter.store.jdbc.Database;
import dev.kafkachatops.adapter.store.jdbc.JdbcOperationStore;
import dev.kafkachatops.adapter.store.jdbc.PostgresSchema;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.sim.SimMessage;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the packaged bot (A and B, each its own JVM and data folder) on one fresh PostgreSQL schema as a
 * Quartz cluster, on one Slack app of the simulator (each envelope goes to one of them) and the same clusters. The
 * schema is dropped on close.
 */
final class BotPair implements AutoCloseable {
    final PostgresSchema schema;
    final ChatBotHarness chat;
    private final List<BotProcess> bots = new ArrayList<>();
    private final List<BotProcess> alive = new ArrayList<>();

    private BotPair(PostgresSchema schema, ChatBotHarness chat, BotProcess a, BotProcess b) {
        this.schema = schema;
        this.chat = chat;
        bots.addAll(List.of(a, b));
        alive.addAll(bots);
    }

    /**
     * Starts A on {@code yaml} (given the schema, to make it its database) and B on the same config with the data
     * folder {@code dir/data-b}; both connect before this returns.
     */
    static BotPair start(Path dir, Function<PostgresSchema, BotYaml> yaml) throws Exception {
        PostgresSchema schema = PostgresSchema.create();
        ChatBotHarness chat = null;
        try {
            ChatBot.Launcher launcher = BotProcess.jar(dir);
            chat = ChatBotHarness.with(yaml.apply(schema)).launcher(launcher).connectWithin(Duration.ofSeconds(90))
                    .start();
            BotProcess a = (BotProcess) chat.bot();
            BotProcess b = (BotProcess) chat.startInstance(dir.resolve("data-b"), launcher);
            assertThat(chat.sim.socketConnections()).as("both instances connected").isEqualTo(2);
            return new BotPair(schema, chat, a, b);
        } catch (Exception | Error e) {
            try {
                if (chat != null) chat.close();
            } finally {
                schema.close();
            }
            throw e;
        }
    }

    /** The instance whose scheduler fired operation {@code id} (its log says so), waiting up to {@code timeout}. */
    BotProcess executing(String id, Duration timeout) {
        String line = "operation " + id + " fired";
        return Await.value("an instance firing " + id, timeout, () -> {
            List<BotProcess> firing = alive.stream().filter(b -> logOf(b).contains(line)).toList();
            assertThat(firing).as("instances that fired " + id).hasSizeLessThan(2);
            return firing.stream().findFirst();
        }, () -> "");
    }

    /** {@code kill -9} of {@code bot}; returns the moment it was dead. */
    Instant kill(BotProcess bot) throws Exception {
        bot.kill();
        alive.remove(bot);
        return Instant.now();
    }

    /** The one instance still alive. */
    BotProcess survivor() {
        assertThat(alive).hasSize(1);
        return alive.get(0);
    }

    String name(BotProcess bot) {
        return bots.indexOf(bot) == 0 ? "A" : "B";
    }

    static String logOf(BotProcess bot) {
        try {
            return bot.log();
        } catch (Exception e) {
            return "";
        }
    }

    /** A store on the instances' database, for what the test checks there. */
    Database database() {
        return Database.open(schema.url(), schema.user(), Optional.empty());
    }

    /** When the audit log first recorded {@code event} for {@code id} (by the instance that did it). */
    Instant audited(String id, AuditEvent event) {
        try (Database db = database()) {
            return new JdbcOperationStore(db).history(Optional.empty(), Optional.of(id), 200).stream()
                    .filter(e -> e.event() == event).map(AuditEntry::at).min(Instant::compareTo)
                    .orElseThrow(() -> new AssertionError("no " + event + " in the audit log of " + id));
        }
    }

    /** Texts the bot wrote more than once in #general or in a thread of it (messages and replies, files aside). */
    Map<String, Long> postedTwice() {
        List<String> texts = new ArrayList<>();
        for (SimMessage m : chat.messages()) {
            if (m.bot() && !m.ephemeral()) texts.add("message: " + m.text());
            m.replies().stream().filter(r -> r.bot() && r.files().isEmpty())
                    .forEach(r -> texts.add("in " + m.ts() + ": " + r.text()));
        }
        return texts.stream().collect(Collectors.groupingBy(t -> t, Collectors.counting())).entrySet().stream()
                .filter(e -> e.getValue() > 1).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Stops the instances left as an operator would. */
    void stopAll() throws Exception {
        for (BotProcess b : List.copyOf(alive)) {
            b.stop();
            alive.remove(b);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            for (BotProcess b : alive) b.kill();
            chat.close();
        } finally {
            schema.close();
        }
    }
}
