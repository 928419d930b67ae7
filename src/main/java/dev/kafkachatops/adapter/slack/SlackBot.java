package dev.kafkachatops.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.servlet.SlackAppServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import com.slack.api.socket_mode.SocketModeClient;
import dev.kafkachatops.adapter.kafka.KafkaClusters;
import dev.kafkachatops.command.Command;
import dev.kafkachatops.command.CommandParser;
import dev.kafkachatops.command.ParseResult;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.port.JobScheduler;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.run.ops.OperationHandler;
import dev.kafkachatops.run.ops.OperationService;
import dev.kafkachatops.port.ClusterReader;
import dev.kafkachatops.view.StatusText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The Bolt app: one slash command, reaction events and block actions. Every handler acknowledges at once;
 * anything that talks to a cluster runs on an executor and answers with {@code chat.postMessage} (or the
 * command's {@code response_url}). Parse errors and refusals are one ephemeral line in the ack itself.
 * Event deliveries are de-duplicated by {@code event_id}; unhandled event types are acknowledged too.
 */
public final class SlackBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackBot.class);
    /** Verbs this build can run; the others answer that they are not available yet. */
    public static final Set<String> AVAILABLE = Set.of("help", "status", "upgrade", "rebalance", "expand", "cancel",
            "jobs", "history", "show", "pause", "resume", "run");

    private final BotConfig config;
    private final SlackCredentials credentials;
    private final KafkaClusters clusters;
    private final Slack slack;
    private final App app;
    private final ExecutorService executor;
    private final EventDeduplicator dedup = new EventDeduplicator(10_000);
    private final ReassignmentChat reassign;
    private final OperationService service;
    private final UpgradeChat upgrades;
    private final dev.kafkachatops.adapter.host.BrokerHosts brokerHosts;
    private SocketModeApp socketModeApp;
    private Server httpServer;

    public SlackBot(BotConfig config, SlackCredentials credentials, KafkaClusters clusters, OperationStore store,
                    JobScheduler scheduler) {
        this.config = config;
        this.credentials = credentials;
        this.clusters = clusters;
        SlackConfig sc = new SlackConfig();
        config.slack().apiUrl().ifPresent(sc::setMethodsEndpointUrlPrefix);
        sc.getMethodsConfig().setStatsEnabled(false);
        this.slack = Slack.getInstance(sc);
        var builder = AppConfig.builder().singleTeamBotToken(credentials.botToken()).slack(slack)
                .allEventsApiAutoAckEnabled(true);
        credentials.signingSecret().ifPresent(builder::signingSecret);
        this.app = new App(builder.build());
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(2, config.slack().concurrency()), r -> {
            Thread t = new Thread(r, "chatops-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        var clock = java.time.Clock.systemUTC();
        var chat = new SlackNotifier(app.client());
        var ledger = new dev.kafkachatops.adapter.store.FileThrottleLedger(throttleLedgerFile(config));
        var shrinker = new dev.kafkachatops.run.reassign.RetentionShrinker(
                new dev.kafkachatops.adapter.store.FileRetentionLedger(retentionLedgerFile(config)), clock,
                d -> Thread.sleep(d.toMillis()), dev.kafkachatops.run.reassign.RetentionShrinker.Options.defaults());
        var handlers = new java.util.EnumMap<OpKind, OperationHandler>(OpKind.class);
        for (OpKind k : List.of(OpKind.REBALANCE, OpKind.EXPAND)) {
            handlers.put(k, new ReassignmentOperations(k, clusters::reassignment, ledger, clusters::reassignment,
                    shrinker, chat, clock, java.time.Duration.ofSeconds(1)));
        }
        this.brokerHosts = new dev.kafkachatops.adapter.host.BrokerHosts(clock);
        java.util.function.Function<String, dev.kafkachatops.run.upgrade.SnapshotGatherer> gatherers = name ->
                new dev.kafkachatops.run.upgrade.SnapshotGatherer(clusters.reader(name), clusters.upgrade(name),
                        id -> host(name, id), config.cluster(name).flatMap(BotConfig.Cluster::installMirror)
                        .map(Object::toString));
        handlers.put(OpKind.UPGRADE, new UpgradeOperations(gatherers, name -> new dev.kafkachatops.run.upgrade
                .UpgradeRunner(clusters.upgrade(name), id -> host(name, id).orElseThrow(() ->
                new IllegalStateException("no host configured for node " + id + " of " + name)), clock,
                d -> Thread.sleep(d.toMillis()), gates(config.cluster(name).orElseThrow()),
                installer(config.cluster(name).orElseThrow())),
                chat, clock));
        var opChat = new SlackOperationChat(chat, java.util.Map.of(OpKind.UPGRADE, (op, status) ->
                UpgradePlanView.render(op.id(), UpgradeOperations.payload(op).plan(), op.requester(),
                        Optional.of(status), op.state() == dev.kafkachatops.domain.ops.OpState.AWAITING_APPROVAL
                                || op.state() == dev.kafkachatops.domain.ops.OpState.APPROVED)));
        this.service = new OperationService(store, scheduler, opChat,
                ReassignmentChat.fromConfig(app.client(), clock), config::cluster,
                name -> dev.kafkachatops.adapter.quartz.CronWindowCalendar.of(config.cluster(name).orElseThrow()),
                handlers, clock);
        this.reassign = new ReassignmentChat(clusters::assignments, clusters::reassignment, true, chat, service,
                clock);
        service.onStale(op -> executor.submit(logged(() -> replan(op, chat))));
        this.upgrades = new UpgradeChat(gatherers, new dev.kafkachatops.plan.upgrade.UpgradePlanner(catalogue()),
                chat, service, clock);
        register();
    }

    private static dev.kafkachatops.domain.version.VersionCatalogue catalogue() {
        try {
            return dev.kafkachatops.config.VersionCatalogueLoader.loadDefault();
        } catch (dev.kafkachatops.config.ConfigException e) {
            throw new IllegalStateException("the packaged version catalogue does not load: " + e.getMessage(), e);
        }
    }

    /** The cluster's configured gate timeouts and poll interval ({@code upgrade:}). */
    static dev.kafkachatops.run.upgrade.UpgradeRunner.Options gates(BotConfig.Cluster c) {
        return new dev.kafkachatops.run.upgrade.UpgradeRunner.Options(c.upgrade().safetyTimeout(),
                c.upgrade().healthTimeout(), c.upgrade().poll());
    }

    private static dev.kafkachatops.run.upgrade.UpgradeRunner.Installer installer(BotConfig.Cluster c) {
        String scala = c.hosts().values().stream().map(BotConfig.Host::scalaVersion).findFirst().orElse("2.13");
        return c.installMirror().<dev.kafkachatops.run.upgrade.UpgradeRunner.Installer>map(m ->
                new dev.kafkachatops.adapter.host.MirrorInstaller(m, scala))
                .orElse(dev.kafkachatops.run.upgrade.UpgradeRunner.Installer.NONE);
    }

    /** The host driver of a node, if the cluster's config names its host. */
    private Optional<dev.kafkachatops.port.BrokerHost> host(String cluster, int id) {
        BotConfig.Cluster c = config.cluster(cluster).orElseThrow();
        if (!c.hosts().containsKey(id)) return Optional.empty();
        return Optional.of(brokerHosts.forBroker(c, id));
    }

    public static java.nio.file.Path throttleLedgerFile(BotConfig config) {
        return config.storage().dataDir().resolve("throttle-ledger.json");
    }

    /** Where {@code shrink-retention=} records the retention values to restore (swept at start). */
    public static java.nio.file.Path retentionLedgerFile(BotConfig config) {
        return config.storage().dataDir().resolve("retention-ledger.json");
    }

    public App app() {
        return app;
    }

    /** The approval/scheduling workflow (the scheduler's jobs call {@link OperationService#fire}). */
    public OperationService service() {
        return service;
    }

    private void register() {
        app.use((req, resp, chain) -> {
            if (req.getRequestType() == RequestType.Event) {
                String eventId = eventId(((EventRequest) req).getRequestBodyAsString());
                if (!dedup.firstTime(eventId)) {
                    log.info("Ignoring redelivered event {}", eventId);
                    return Response.ok();
                }
            }
            return chain.next(req);
        });
        app.command(config.slack().command(), this::onCommand);
        app.event(ReactionAddedEvent.class, (req, ctx) -> {
            var e = req.getEvent();
            if (e.getItem() != null && "message".equals(e.getItem().getType())) {
                executor.submit(logged(() -> service.onReaction(e.getItem().getChannel(), e.getItem().getTs(),
                        e.getUser(), e.getReaction(), true)));
            }
            return ctx.ack();
        });
        app.event(ReactionRemovedEvent.class, (req, ctx) -> {
            var e = req.getEvent();
            if (e.getItem() != null && "message".equals(e.getItem().getType())) {
                executor.submit(logged(() -> service.onReaction(e.getItem().getChannel(), e.getItem().getTs(),
                        e.getUser(), e.getReaction(), false)));
            }
            return ctx.ack();
        });
        // One handler for every action: Bolt does not promise an order among overlapping patterns.
        app.blockAction(Pattern.compile(".*"), (req, ctx) -> {
            var p = req.getPayload();
            var action = p.getActions().get(0);
            String user = p.getUser().getId();
            log.info("{} on {} by {}", action.getActionId(), action.getValue(), user);
            if (PlanView.DISCARD_ACTION.equals(action.getActionId())) {
                executor.submit(logged(() -> respondEphemeral(ctx, service.cancel(action.getValue(), user))));
            } else if (PlanView.RUN_ACTION.equals(action.getActionId())) {
                executor.submit(logged(() -> respondEphemeral(ctx, service.runNow(action.getValue(), user))));
            } else if (dev.kafkachatops.port.OperationChat.CHOICE_RETRY.equals(action.getActionId())) {
                executor.submit(logged(() -> respondEphemeral(ctx, service.resume(action.getValue(), user))));
            } else if (dev.kafkachatops.port.OperationChat.CHOICE_ROLLBACK.equals(action.getActionId())) {
                executor.submit(logged(() -> respondEphemeral(ctx, service.rollback(action.getValue(), user))));
            } else if (dev.kafkachatops.port.OperationChat.CHOICE_ABORT.equals(action.getActionId())) {
                executor.submit(logged(() -> respondEphemeral(ctx, service.cancel(action.getValue(), user))));
            }
            return ctx.ack();
        });
    }

    /** Executor tasks log what they throw instead of losing it in an unread Future. */
    private static Runnable logged(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("background task failed", e);
            }
        };
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    static String eventId(String body) {
        try {
            return JSON.readTree(body).path("event_id").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    private Response onCommand(SlashCommandRequest req, SlashCommandContext ctx) {
        SlashCommandPayload p = req.getPayload();
        log.info("{} from {} in {}: {}", p.getCommand(), p.getUserId(), p.getChannelId(), p.getText());
        ParseResult parsed = CommandParser.parse(p.getText());
        if (parsed instanceof ParseResult.Invalid invalid) return ctx.ack(":x: " + invalid.message());
        var ok = (ParseResult.Parsed) parsed;
        Command command = ok.command();
        String slash = config.slack().command();
        if (command instanceof Command.Help help) {
            List<LayoutBlock> blocks = HelpView.render(slash, AVAILABLE, help.topic());
            return ctx.ack(r -> r.responseType("ephemeral").text(HelpView.text(slash)).blocks(blocks));
        }
        if (!AVAILABLE.contains(command.verb())) {
            return ctx.ack(":construction: `" + slash + " " + command.verb() + "` is not available yet in this "
                    + "version of kafka-chatops. Available now: " + String.join(", ", AVAILABLE.stream().sorted()
                    .map(v -> "`" + v + "`").toList()) + ".");
        }
        var route = ClusterRouting.route(config, ok.cluster(), p.getChannelId(), p.getChannelName());
        if (route instanceof ClusterRouting.Result.Refused refused) return ctx.ack(":x: " + refused.message());
        BotConfig.Cluster cluster = ((ClusterRouting.Result.Found) route).cluster();
        if (command instanceof Command.Rebalance rebalance) {
            executor.submit(() -> {
                try {
                    reassign.plan(rebalance, cluster, p.getUserId(), p.getChannelId(),
                            text -> respondEphemeral(ctx, ":x: " + text));
                } catch (RuntimeException e) {
                    log.error("planning failed", e);
                    respondEphemeral(ctx, ":x: Planning failed unexpectedly (" + e.getClass().getSimpleName()
                            + "). The bot's log has the details.");
                }
            });
            return ctx.ack();
        }
        if (command instanceof Command.Upgrade upgrade) {
            executor.submit(logged(() -> upgrades.plan(upgrade, cluster, p.getUserId(), p.getChannelId(),
                    text -> respondEphemeral(ctx, ":x: " + text))));
            return ctx.ack();
        }
        if (command instanceof Command.Expand expand) {
            executor.submit(logged(() -> reassign.expand(expand, cluster, p.getUserId(), p.getChannelId(),
                    text -> respondEphemeral(ctx, ":x: " + text))));
            return ctx.ack();
        }
        if (command instanceof Command.JobAction job) {
            return jobAction(job, cluster, p, ctx);
        }
        if (command instanceof Command.Jobs) {
            return ctx.ack(r -> r.responseType("ephemeral").text(JobsView.text(service.store(), cluster.name()))
                    .blocks(JobsView.jobs(service.store(), cluster.name())));
        }
        if (command instanceof Command.History) {
            return ctx.ack(r -> r.responseType("ephemeral").text("History of " + cluster.name())
                    .blocks(JobsView.history(service.store(), cluster.name(), Optional.empty())));
        }
        executor.submit(() -> status(cluster, p, ctx));
        return ctx.ack();
    }

    /** A plan the cluster outran: plan the same request again and post it for approval. */
    private void replan(dev.kafkachatops.domain.ops.Operation op, SlackNotifier chat) {
        BotConfig.Cluster cluster = config.cluster(op.cluster()).orElse(null);
        if (cluster == null || !(CommandParser.parse(op.title()) instanceof ParseResult.Parsed parsed)) return;
        java.util.function.Consumer<String> error = text -> chat.post(op.channel(), op.messageTs(),
                ":x: Re-planning failed: " + text, null);
        if (parsed.command() instanceof Command.Rebalance r) reassign.plan(r, cluster, op.requester(), op.channel(), error);
        else if (parsed.command() instanceof Command.Expand e) reassign.expand(e, cluster, op.requester(), op.channel(), error);
        else if (parsed.command() instanceof Command.Upgrade u) upgrades.plan(u, cluster, op.requester(), op.channel(), error);
    }

    private Response jobAction(Command.JobAction job, BotConfig.Cluster cluster, SlashCommandPayload p,
                               SlashCommandContext ctx) {
        String id = job.jobId();
        var op = service.store().find(id).filter(o -> o.cluster().equals(cluster.name()));
        if (op.isEmpty()) {
            return ctx.ack(":x: No operation `" + id + "` on cluster " + cluster.name() + ". `"
                    + config.slack().command() + " jobs` lists the open ones.");
        }
        String user = p.getUserId();
        return switch (job.action()) {
            case SHOW -> ctx.ack(r -> r.responseType("ephemeral").text("Operation " + id)
                    .blocks(JobsView.history(service.store(), cluster.name(), Optional.of(id))));
            case CANCEL -> ctx.ack(service.cancel(id, user));
            case PAUSE -> ctx.ack(service.pause(id, user));
            case RESUME -> ctx.ack(service.resume(id, user));
            case RUN_NOW -> ctx.ack(r -> r.responseType("ephemeral").text("Start " + id + " now?")
                    .blocks(JobsView.runNowConfirmation(op.get())));
        };
    }

    private void status(BotConfig.Cluster cluster, SlashCommandPayload p, SlashCommandContext ctx) {
        try {
            ClusterReader reader = clusters.reader(cluster.name());
            ClusterStatus s = reader.status();
            var versions = new java.util.TreeMap<Integer, String>();
            var notes = new java.util.ArrayList<String>();
            for (int id : new java.util.TreeSet<>(cluster.hosts().keySet())) {
                try {
                    var install = host(cluster.name(), id).orElseThrow().detectInstall();
                    install.version().ifPresentOrElse(v -> versions.put(id, v),
                            () -> notes.add("node " + id + ": " + String.join("; ", install.problems())));
                } catch (dev.kafkachatops.port.HostException | RuntimeException e) {
                    notes.add("node " + id + ": " + e.getMessage());
                }
            }
            post(ctx, p.getChannelId(), StatusText.summary(s), StatusView.render(s, Optional.of(p.getUserId()),
                    versions, notes));
        } catch (ClusterReader.ClusterUnavailableException e) {
            log.warn("status of {} failed: {}", cluster.name(), e.getMessage());
            respondEphemeral(ctx, ":x: " + e.getMessage());
        } catch (Exception e) {
            log.error("status of {} failed", cluster.name(), e);
            respondEphemeral(ctx, ":x: Reading the status of `" + cluster.name() + "` failed unexpectedly ("
                    + e.getClass().getSimpleName() + "). The bot's log has the details.");
        }
    }

    private void post(SlashCommandContext ctx, String channel, String text, List<LayoutBlock> blocks)
            throws Exception {
        var r = ctx.client().chatPostMessage(m -> m.channel(channel).text(text).blocks(blocks));
        if (r.isOk()) return;
        log.warn("chat.postMessage to {} failed: {}; answering through response_url", channel, r.getError());
        ctx.respond(m -> m.responseType("in_channel").text(text).blocks(blocks));
    }

    private static void respondEphemeral(com.slack.api.bolt.context.builtin.ActionContext ctx, String text) {
        try {
            ctx.respond(m -> m.responseType("ephemeral").replaceOriginal(false).text(text));
        } catch (Exception e) {
            log.warn("could not answer through response_url: {}", e.getMessage());
        }
    }

    private static void respondEphemeral(SlashCommandContext ctx, String text) {
        try {
            ctx.respond(m -> m.responseType("ephemeral").text(text));
        } catch (Exception e) {
            log.warn("could not answer through response_url: {}", e.getMessage());
        }
    }

    /** Connects over Socket Mode (outbound WebSocket; needs the xapp- token). Returns once connected. */
    public void startSocketMode() throws Exception {
        String appToken = credentials.appToken().orElseThrow(() -> new IllegalStateException("no app token"));
        socketModeApp = new SocketModeApp(appToken, app, SocketModeClient.Backend.JavaWebSocket,
                config.slack().concurrency());
        socketModeApp.startAsync();
    }

    /** Serves Slack's HTTP requests at {@code httpPath} on {@code httpPort}, verifying every signature. */
    public void startHttp() throws Exception {
        if (credentials.signingSecret().isEmpty()) throw new IllegalStateException("HTTP mode needs a signing secret");
        // bolt-jetty's SlackAppServer.start() blocks the caller; run Bolt's servlet on our own Jetty instead.
        Server server = new Server(config.slack().httpPort());
        ServletContextHandler handler = new ServletContextHandler();
        handler.addServlet(new ServletHolder(new SlackAppServlet(app)), config.slack().httpPath());
        handler.addServlet(new ServletHolder(new HealthServlet()), "/healthz");
        server.setHandler(handler);
        server.setStopAtShutdown(false);
        server.start();
        httpServer = server;
    }

    @Override
    public void close() {
        if (socketModeApp != null) {
            SocketModeClient client = socketModeApp.getClient();
            quietly(socketModeApp::close);
            if (client != null) quietly(client::close);
        }
        if (httpServer != null) quietly(httpServer::stop);
        quietly(brokerHosts::close);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        quietly(slack::close);
    }

    /** {@code GET /healthz}: for load balancers and container probes in HTTP mode. */
    private static final class HealthServlet extends javax.servlet.http.HttpServlet {
        @Override
        protected void doGet(javax.servlet.http.HttpServletRequest req, javax.servlet.http.HttpServletResponse resp)
                throws java.io.IOException {
            resp.setContentType("text/plain");
            resp.getWriter().write("ok\n");
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private static void quietly(Action a) {
        try {
            a.run();
        } catch (Exception e) {
            log.debug("while closing: {}", e.toString());
        }
    }
}
