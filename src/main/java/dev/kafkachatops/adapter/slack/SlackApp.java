package dev.kafkachatops.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.util.http.SlackHttpClient;
import okhttp3.Interceptor;
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

    /**
     * {@code interceptors}: on the SDK's HTTP client, around every Web API call (the metrics count calls, errors
     * and 429s there: the SDK's own response listeners are not told of an HTTP error).
     */
    public static SlackApp create(BotConfig config, SlackCredentials credentials, List<Interceptor> interceptors) {
        SlackConfig sc = new SlackConfig();
        config.slack().apiUrl().ifPresent(sc::setMethodsEndpointUrlPrefix);
        sc.getMethodsConfig().setStatsEnabled(false);
        var ok = SlackHttpClient.buildOkHttpClient(sc).newBuilder();
        interceptors.forEach(ok::addInterceptor);
        SlackHttpClient http = new SlackHttpClient(ok.build());
        http.setConfig(sc);
        Slack slack = Slack.getInstance(sc, http);
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
