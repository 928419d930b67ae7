package dev.kafkachatops.e2e;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.e2e.ChatBot.Launcher;
import dev.kafkachatops.ops.OperationService;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.sim.SimChannel;
import dev.kafkachatops.sim.SimMessage;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SimResult;
import dev.kafkachatops.sim.SimUserGroup;
import dev.kafkachatops.sim.SlackSimulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one harness of the chat end-to-end tests: the Slack simulator (Socket Mode, or HTTP mode with a signing
 * secret, on random ports), the bot on a {@link BotYaml} written to its data folder and started by a
 * {@link ChatBot.Launcher} (in this JVM unless a test says otherwise), and what users do and see in #general.
 */
final class ChatBotHarness implements AutoCloseable {
    static final String CHANNEL = "general";
    final SlackSimulator sim;
    /** The YAML as written to the bot's data folder, and as parsed. */
    final Path yamlFile;
    final BotConfig config;
    final SlackCredentials credentials;
    private final Optional<URI> endpoint;
    private final Settings settings;
    private ChatBot bot;

    private ChatBotHarness(SlackSimulator sim, Path yamlFile, BotConfig config, SlackCredentials credentials,
                           Optional<URI> endpoint, Settings settings) {
        this.sim = sim;
        this.yamlFile = yamlFile;
        this.config = config;
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.settings = settings;
    }

    /** A harness for the bot {@code yaml} describes, in Socket Mode, the whole bot in this JVM, 20 s patience. */
    static Settings with(BotYaml yaml) {
        return new Settings(yaml);
    }

    /** How a test wants its bot run; {@link #start} starts the simulator and the bot. */
    static final class Settings {
        private final BotYaml yaml;
        private ChatBot.Launcher launcher = ChatBot.inProcess();
        private Optional<String> signingSecret = Optional.empty();
        private Duration patience = Duration.ofSeconds(20);
        private Duration connectWithin = Duration.ofSeconds(15);
        private final List<SimUserGroup> userGroups = new ArrayList<>();
        private Optional<String> botToken = Optional.empty();
        private Optional<String> appToken = Optional.empty();
        private final List<SimChannel> channels = new ArrayList<>();

        private Settings(BotYaml yaml) {
            this.yaml = yaml;
        }

        Settings launcher(ChatBot.Launcher launcher) {
            this.launcher = launcher;
            return this;
        }

        /** HTTP mode: the simulator POSTs signed requests to the bot's own port (a free one). */
        Settings http(String secret) throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                yaml.httpPort(s.getLocalPort());
            }
            signingSecret = Optional.of(secret);
            return this;
        }

        /** A user group of the simulated workspace besides its default one ({@code S0APPROVERS}: bob, carol). */
        Settings userGroup(String id, String handle, String... members) {
            userGroups.add(new SimUserGroup(id, handle, handle, List.of(members)));
            return this;
        }

        /** The workspace's tokens (the simulator's own unless set), e.g. recognisable fakes to search logs for. */
        Settings tokens(String bot, String app) {
            botToken = Optional.of(bot);
            appToken = Optional.of(app);
            return this;
        }

        /** A channel of the simulated workspace besides #general (the bot is not in it: like Slack, until invited). */
        Settings channel(String id, String name, boolean isPrivate) {
            channels.add(new SimChannel(id, name, isPrivate));
            return this;
        }

        /** How long {@link #await(Predicate)} waits for a message. */
        Settings patience(Duration timeout) {
            patience = timeout;
            return this;
        }

        /** How long the bot may take to connect (Socket Mode) or to listen (HTTP mode). */
        Settings connectWithin(Duration timeout) {
            connectWithin = timeout;
            return this;
        }

        ChatBotHarness start() throws Exception {
            Optional<URI> endpoint = yaml.httpPort().stream().boxed()
                    .map(port -> URI.create("http://127.0.0.1:" + port + "/slack/events")).findFirst();
            SimOptions.Builder options = SimOptions.builder();
            endpoint.ifPresent(uri -> options.http(uri, signingSecret.orElseThrow()));
            userGroups.forEach(g -> options.addUserGroup(g.id(), g.handle(), g.members()));
            botToken.ifPresent(options::botToken);
            appToken.ifPresent(options::appToken);
            channels.forEach(c -> {
                if (c.isPrivate()) options.addPrivateChannel(c.id(), c.name());
                else options.addChannel(c.id(), c.name());
            });
            SlackSimulator sim = SlackSimulator.start(options.build());
            ChatBotHarness h = null;
            try {
                Files.createDirectories(yaml.dataDir());
                Path file = yaml.dataDir().resolve("bot.yaml");
                String text = yaml.render(sim.apiUrlPrefix());
                Files.writeString(file, text);
                BotConfig config = new ConfigLoader(Map.of()).parse(file, text);
                SlackCredentials credentials = new SlackCredentials(sim.botToken(),
                        endpoint.isPresent() ? Optional.empty() : Optional.of(sim.appToken()), signingSecret);
                h = new ChatBotHarness(sim, file, config, credentials, endpoint, this);
                h.startBot();
                return h;
            } catch (Exception | AssertionError e) {
                if (h != null) h.close();
                else sim.close();
                throw e;
            }
        }
    }

    /** Starts the bot (again, after {@link #killBot} or {@link #stopBot}) and waits until it can be reached. */
    void startBot() throws Exception {
        bot = settings.launcher.launch(this);
        if (endpoint.isPresent()) {
            URI uri = endpoint.get();
            Await.until("the bot listens on " + uri, settings.connectWithin, () -> {
                try (Socket ignored = new Socket(uri.getHost(), uri.getPort())) {
                    return true;
                }
            });
        } else {
            Await.until("the bot connects to the simulator over Socket Mode", settings.connectWithin,
                    () -> sim.socketConnections() > 0);
        }
    }

    /**
     * Another instance of the same bot (same config, same database, same Slack app) with its own data folder
     * {@code dataDir}, started by {@code launcher} on its own YAML file there; the caller stops it.
     */
    ChatBot startInstance(Path dataDir, Launcher launcher) throws Exception {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("bot.yaml");
        Files.writeString(file, settings.yaml.render(sim.apiUrlPrefix(), dataDir));
        return launcher.launch(this, file);
    }

    /** The instance {@link #startBot} started (null after {@link #killBot} or {@link #stopBot}). */
    ChatBot bot() {
        return bot;
    }

    void killBot() throws Exception {
        bot.kill();
        bot = null;
    }

    void stopBot() throws Exception {
        bot.stop();
        bot = null;
    }

    /** Where the bot takes Slack's requests in HTTP mode. */
    URI endpoint() {
        return endpoint.orElseThrow();
    }

    /** {@code user} types {@code /kafka <text>} in #general. */
    SimResult command(String user, String text) {
        return sim.command(user, CHANNEL, text);
    }

    SimResult react(String user, SimMessage message, String emoji) {
        return sim.reaction(user, CHANNEL, message.ts(), emoji, false);
    }

    SimResult approve(String approver, SimMessage plan) {
        return react(approver, plan, "white_check_mark");
    }

    /** {@code user} presses the button {@code actionId} of {@code message}. */
    SimResult action(String user, SimMessage message, String actionId, String value) {
        return sim.action(user, CHANNEL, message.ts(), actionId, value);
    }

    /** Acknowledged at all (Slack's 3 s budget is not asserted on a loaded machine), waiting up to 10 s. */
    boolean acked(SimResult r) {
        return r.acked() || sim.awaitAcked(r.envelopeId(), Duration.ofSeconds(10));
    }

    /** What #general shows now (each message with its replies and edits). */
    List<SimMessage> messages() {
        return sim.messages(CHANNEL);
    }

    /** The current version of {@code message}. */
    SimMessage current(SimMessage message) {
        return messages().stream().filter(m -> m.ts().equals(message.ts())).findFirst().orElseThrow();
    }

    /** The first message of #general that matches, within the harness's patience. */
    SimMessage await(Predicate<SimMessage> match) {
        return await("a matching message", settings.patience, match);
    }

    /** The first message of #general (with its replies and edits) that matches. */
    SimMessage await(String what, Duration timeout, Predicate<SimMessage> match) {
        return Await.value("a message in #" + CHANNEL + ": " + what, timeout,
                () -> messages().stream().filter(match).findFirst(), this::seen);
    }

    /** {@code message} once its thread matches. */
    SimMessage awaitReplies(SimMessage message, Predicate<List<SimMessage>> match) {
        return await(m -> m.ts().equals(message.ts()) && match.test(m.replies()));
    }

    private String seen() {
        return "; have:\n" + String.join("\n", messages().stream().map(m -> "  " + m.text() + " / replies "
                + m.replies().stream().map(SimMessage::text).toList()).toList())
                + "\nenvelopes: " + sim.envelopes().stream().map(e -> e.summary() + " delivered=" + e.delivered()
                + " acked=" + e.acked()).toList() + (bot == null ? "" : bot.diagnostics());
    }

    /** The plan message of {@code /kafka upgrade <version>} once posted, waiting for approval. */
    SimMessage awaitPlan(String version) {
        return await("the upgrade plan", Duration.ofSeconds(60), m -> m.bot() && !m.ephemeral()
                && m.text().matches("Plan U\\d+: upgrade " + Pattern.quote(version) + " — awaiting approval"));
    }

    /** {@code U3} of {@code Plan U3: upgrade ...}. */
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

    /** The running bot's workflow (where the bot runs in this JVM). */
    OperationService service() {
        return bot.service();
    }

    /** The running bot's store. */
    OperationStore store() {
        return bot.store();
    }

    Operation operation(String id) {
        return store().find(id).orElseThrow();
    }

    List<Checkpoint> checkpoints(String id) {
        return store().checkpoints(id);
    }

    /** The operation's audit log in the first cluster of the config, newest first. */
    List<AuditEntry> history(String id, int limit) {
        return store().history(Optional.of(config.clusters().get(0).name()), Optional.of(id), limit);
    }

    /** When the audit log first recorded {@code event} for the operation. */
    Instant audited(String id, AuditEvent event) {
        return history(id, 100).stream().filter(e -> e.event() == event).map(AuditEntry::at)
                .min(Instant::compareTo)
                .orElseThrow(() -> new AssertionError("no " + event + " in the audit log of " + id));
    }

    @Override
    public void close() throws Exception {
        try {
            if (bot != null) bot.kill();
        } finally {
            sim.close();
        }
    }
}
