package dev.kafkachatops.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.util.http.listener.HttpResponseListener;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.SlackCredentials;

import java.util.List;

/**
 * The Slack SDK client and the Bolt app of one bot (the Web API URL from the config, SDK statistics off), created
 * before anything that talks to Slack so the composition root can hand the same client to every part.
 */
public record SlackApp(Slack slack, App app) implements AutoCloseable {
    public static SlackApp create(BotConfig config, SlackCredentials credentials) {
        return create(config, credentials, List.of());
    }

    /** {@code listeners}: told of every Web API response (the metrics count calls, errors and 429s there). */
    public static SlackApp create(BotConfig config, SlackCredentials credentials,
                                  List<HttpResponseListener> listeners) {
        SlackConfig sc = new SlackConfig();
        sc.getHttpClientResponseHandlers().addAll(listeners);
        config.slack().apiUrl().ifPresent(sc::setMethodsEndpointUrlPrefix);
        sc.getMethodsConfig().setStatsEnabled(false);
        Slack slack = Slack.getInstance(sc);
        var builder = AppConfig.builder().singleTeamBotToken(credentials.botToken()).slack(slack)
                .allEventsApiAutoAckEnabled(true);
        credentials.signingSecret().ifPresent(builder::signingSecret);
        return new SlackApp(slack, new App(builder.build()));
    }

    public MethodsClient client() {
        return app.client();
    }

    @Override
    public void close() throws Exception {
        slack.close();
    }
}
