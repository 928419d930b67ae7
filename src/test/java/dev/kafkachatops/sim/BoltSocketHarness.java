package dev.kafkachatops.sim;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;

import java.time.Duration;
import java.util.function.Consumer;

/** A real Bolt app in Socket Mode (Java-WebSocket backend) pointed at a simulator, with the clean shutdown order. */
final class BoltSocketHarness implements AutoCloseable {
    final Slack slack;
    final App app;
    private final SocketModeApp socketModeApp;

    BoltSocketHarness(SlackSimulator sim, Consumer<App> handlers) throws Exception {
        this.slack = slackFor(sim);
        this.app = new App(AppConfig.builder().singleTeamBotToken(sim.botToken()).slack(slack).build());
        handlers.accept(app);
        this.socketModeApp = new SocketModeApp(sim.appToken(), app, SocketModeClient.Backend.JavaWebSocket, 4);
        socketModeApp.startAsync();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (sim.socketConnections() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (sim.socketConnections() == 0) {
            close();
            throw new IllegalStateException("Bolt did not connect to the simulator");
        }
    }

    static Slack slackFor(SlackSimulator sim) {
        SlackConfig c = new SlackConfig();
        c.setMethodsEndpointUrlPrefix(sim.apiUrlPrefix());
        c.getMethodsConfig().setStatsEnabled(false);
        return Slack.getInstance(c);
    }

    @Override
    public void close() throws Exception {
        SocketModeClient client = socketModeApp.getClient();
        try {
            socketModeApp.close();
        } finally {
            if (client != null) {
                client.close();
            }
            slack.close();
        }
    }
}
