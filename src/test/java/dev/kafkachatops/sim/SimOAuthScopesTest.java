package dev.kafkachatops.sim;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** As Slack: every answer to a token names its scopes in {@code X-OAuth-Scopes}; the bot's are configurable. */
class SimOAuthScopesTest {

    @Test
    void theHeaderNamesTheConfiguredScopesOfTheTokenUsed() throws Exception {
        try (SlackSimulator sim = SlackSimulator.start(SimOptions.builder().withoutBotScope("files:write").build())) {
            SlackConfig config = new SlackConfig();
            config.setMethodsEndpointUrlPrefix(sim.apiUrlPrefix());
            config.getMethodsConfig().setStatsEnabled(false);
            try (Slack slack = Slack.getInstance(config)) {
                var bot = slack.methods(sim.botToken()).authTest(r -> r);
                assertThat(bot.isOk()).isTrue();
                List<String> scopes = header(bot.getHttpResponseHeaders());
                assertThat(String.join(",", scopes).split(",")).contains("chat:write", "commands")
                        .doesNotContain("files:write");
                var app = slack.methods(sim.appToken()).authTest(r -> r);
                assertThat(header(app.getHttpResponseHeaders())).containsExactly("connections:write");
            }
        }
        assertThat(SimOptions.defaults().botScopes()).contains("files:write");
    }

    private static List<String> header(Map<String, List<String>> headers) {
        return headers.entrySet().stream().filter(e -> "x-oauth-scopes".equalsIgnoreCase(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(List.of());
    }
}
