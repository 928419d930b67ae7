package dev.kafkachatops.adapter.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.servlet.SlackAppServlet;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import com.slack.api.socket_mode.SocketModeClient;
import dev.kafkachatops.command.Command;
import dev.kafkachatops.command.CommandParser;
import dev.kafkachatops.command.ParseResult;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.ops.ClusterStatusQuery;
import dev.kafkachatops.ops.OperationService;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.port.OpsEndpoints;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static dev.kafkachatops.view.Format.mrkdwnEscape;
import static dev.kafkachatops.view.LogText.safe;

/**
 * The Bolt app: one slash command, reaction events and block actions. Every handler acknowledges first: only
 * parsing, help and routing (pure, from the config) answer in the ack itself; anything that reads or writes the
 * store, the scheduler or a cluster runs on an executor and answers through the command's {@code response_url} or
 * {@code chat.postMessage}. Event deliveries are de-duplicated by {@code event_id}. What users wrote (a command's
 * text, ids and values from payloads) is logged through {@code LogText.safe}: one line, cut.
 */
public final class SlackBot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackBot.class);
    /** Verbs this build can run; the others answer that they are not available yet. */
    public static final Set<String> AVAILABLE = Set.of("help", "status", "upgrade", "restart", "rebalance", "expand",
            "decommission", "cancel", "jobs", "history", "show", "pause", "resume", "run");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BotConfig config;
    private final SlackCredentials credentials;
    private final App app;
    private final ExecutorService executor;
    private final EventDeduplicator dedup = new EventDeduplicator(10_000);
    private final ReplayGuard replays = new ReplayGuard(Clock.systemUTC());
    private final OperationService service;
    private final PlanReplies plans;
    private final ClusterStatusQuery status;
    private final JobCommands jobs;
    private final Buttons buttons;
    private final ChannelAccess access;
    private volatile SocketModeApp socketModeApp;
    private volatile Server httpServer;

    public SlackBot(BotConfig config, SlackCredentials credentials, App app, OperationService service,
                    PlanReplies plans, ClusterStatusQuery status) {
        this.config = config;
        this.credentials = credentials;
        this.app = app;
        this.service = service;
        this.plans = plans;
        this.status = status;
        this.jobs = new JobCommands(service, config.slack().command());
        this.buttons = new Buttons(service);
        this.access = new ChannelAccess(app.client());
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(2, config.slack().concurrency()), r -> {
            Thread t = new Thread(r, "chatops-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        register();
    }

    private void register() {
        app.use((req, resp, chain) -> {
            var headers = req.getHeaders();
            if (headers != null && !replays.firstTime(headers.getFirstValue("X-Slack-Request-Timestamp"),
                    headers.getFirstValue("X-Slack-Signature"))) {
                log.warn("Ignoring a replayed request (timestamp and signature seen before)");
                return Response.ok();
            }
            if (req.getRequestType() == RequestType.Event) {
                String eventId = eventId(((EventRequest) req).getRequestBodyAsString());
                if (!dedup.firstTime(eventId)) {
                    log.info("Ignoring redelivered event {}", safe(eventId));
                    return Response.ok();
                }
            }
            return chain.next(req);
        });
        app.command(config.slack().command(), this::onCommand);
        app.event(ReactionAddedEvent.class, (req, ctx) -> {
            var e = req.getEvent();
            if (e.getItem() != null) reaction(e.getItem().getType(), e.getItem().getChannel(), e.getItem().getTs(),
                    e.getUser(), e.getReaction(), true);
            return ctx.ack();
        });
        app.event(ReactionRemovedEvent.class, (req, ctx) -> {
            var e = req.getEvent();
            if (e.getItem() != null) reaction(e.getItem().getType(), e.getItem().getChannel(), e.getItem().getTs(),
                    e.getUser(), e.getReaction(), false);
            return ctx.ack();
        });
        // One handler for every action: Bolt does not promise an order among overlapping patterns.
        app.blockAction(Pattern.compile(".*"), (req, ctx) -> {
            var action = req.getPayload().getActions().get(0);
            String user = req.getPayload().getUser().getId();
            log.info("{} on {} by {}", safe(action.getActionId()), safe(action.getValue()), safe(user));
            background(() -> respond(ctx, buttons.click(action.getActionId(), action.getValue(), user)));
            return ctx.ack();
        });
    }

    /** A reaction on a message: to the workflow, off Bolt's thread. */
    private void reaction(String type, String channel, String ts, String user, String emoji, boolean added) {
        if ("message".equals(type)) background(() -> service.onReaction(channel, ts, user, emoji, added));
    }

    /** Work off Bolt's thread; what it throws is logged instead of lost in an unread Future. */
    private void background(Runnable task) {
        executor.submit(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("background task failed", e);
            }
        });
    }

    static String eventId(String body) {
        try {
            return JSON.readTree(body).path("event_id").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    private Response onCommand(SlashCommandRequest req, SlashCommandContext ctx) {
        SlashCommandPayload p = req.getPayload();
        log.info("{} {} from {} in {}", safe(p.getCommand()), safe(p.getText()), safe(p.getUserId()),
                safe(p.getChannelId()));
        ParseResult parsed = CommandParser.parse(p.getText());
        // the message may quote what was typed: escaped, so that `<!channel>` is shown, never read as a mention
        if (parsed instanceof ParseResult.Invalid invalid) return ctx.ack(":x: " + mrkdwnEscape(invalid.message()));
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
        var route = ClusterRouting.route(config, ok.cluster(), p.getChannelId());
        if (route instanceof ClusterRouting.Result.Refused refused) return ctx.ack(":x: " + refused.message());
        BotConfig.Cluster cluster = ((ClusterRouting.Result.Found) route).cluster();
        String user = p.getUserId();
        if (command instanceof Command.Rebalance || command instanceof Command.Expand
                || command instanceof Command.Decommission || command instanceof Command.Upgrade
                || command instanceof Command.Restart) {
            background(() -> plan(command, cluster, p, ctx));
        } else if (command instanceof Command.JobAction job) {
            background(() -> respond(ctx, jobs.on(job, cluster, user)));
        } else if (command instanceof Command.Jobs) {
            background(() -> respond(ctx, jobs.jobs(cluster)));
        } else if (command instanceof Command.History history) {
            background(() -> respond(ctx, jobs.history(cluster, history.page())));
        } else {
            background(() -> StatusReply.post(status, cluster, p, ctx));
        }
        return ctx.ack();
    }

    /** Plans only where the bot can post the plan; else one line through {@code response_url}, nothing stored. */
    private void plan(Command command, BotConfig.Cluster cluster, SlashCommandPayload p, SlashCommandContext ctx) {
        Optional<String> cannot = access.cannotPost(p.getChannelId(), p.getChannelName());
        if (cannot.isPresent()) {
            respond(ctx, cannot.get());
            return;
        }
        try {
            plans.plan(command, cluster, p.getUserId(), p.getChannelId(), a -> respond(ctx, a));
        } catch (ChatNotifier.Refused e) {
            respond(ctx, access.refused(p.getChannelId(), p.getChannelName(), e));
        } catch (RuntimeException e) {
            log.error("planning failed", e);
            respond(ctx, ":x: Planning failed unexpectedly (" + e.getClass().getSimpleName()
                    + "). The bot's log has the details.");
        }
    }

    private static void respond(SlashCommandContext ctx, Answer a) {
        try {
            ctx.respond(m -> m.responseType("ephemeral").text(a.text()).blocks(a.blocks()));
        } catch (Exception e) {
            log.warn("could not answer through response_url: {}", e.getMessage());
        }
    }

    static void respond(SlashCommandContext ctx, String text) {
        respond(ctx, Answer.of(text));
    }

    private static void respond(ActionContext ctx, String text) {
        try {
            ctx.respond(m -> m.responseType("ephemeral").replaceOriginal(false).text(text));
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

    /**
     * Serves Slack's HTTP requests at {@code httpPath} on {@code httpPort}, verifying every signature, and the
     * operations endpoints ({@code /metrics}, {@code /healthz}, {@code /readyz}) beside them.
     */
    public void startHttp(OpsEndpoints endpoints) throws Exception {
        if (credentials.signingSecret().isEmpty()) throw new IllegalStateException("HTTP mode needs a signing secret");
        // bolt-jetty's SlackAppServer.start() blocks the caller; run Bolt's servlet on our own Jetty instead.
        Server server = new Server(config.slack().httpPort());
        ServletContextHandler handler = new ServletContextHandler();
        handler.addServlet(new ServletHolder(new SlackAppServlet(app)), config.slack().httpPath());
        for (String path : endpoints.paths()) handler.addServlet(new ServletHolder(new EndpointServlet(endpoints)), path);
        server.setHandler(handler);
        server.setStopAtShutdown(false);
        server.start();
        httpServer = server;
    }

    /** Whether Slack can reach the bot now: Socket Mode, its WebSocket is open; HTTP mode, its server runs. */
    public boolean connected() {
        SocketModeApp sma = socketModeApp;
        if (sma != null) {
            SocketModeClient socket = sma.getClient();
            return socket != null && socket.verifyConnection();
        }
        Server server = httpServer;
        return server != null && server.isStarted();
    }

    /** Stops taking requests: the socket or HTTP server, then the workers (the Slack client is the caller's). */
    @Override
    public void close() {
        if (socketModeApp != null) {
            SocketModeClient client = socketModeApp.getClient();
            quietly(socketModeApp::close);
            if (client != null) quietly(client::close);
        }
        if (httpServer != null) quietly(httpServer::stop);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) executor.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
