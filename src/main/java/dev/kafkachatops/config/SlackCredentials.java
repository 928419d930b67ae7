package dev.kafkachatops.config;

import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;

/**
 * Slack secrets, taken only from the environment ({@code SLACK_BOT_TOKEN}, {@code SLACK_APP_TOKEN},
 * {@code SLACK_SIGNING_SECRET}). {@code toString()} never shows them.
 */
public record SlackCredentials(String botToken, Optional<String> appToken, Optional<String> signingSecret) {

    public static SlackCredentials fromEnvironment(Map<String, String> env, BotConfig.SlackMode mode)
            throws ConfigException {
        String bot = blankToNull(env.get("SLACK_BOT_TOKEN"));
        Optional<String> app = Optional.ofNullable(blankToNull(env.get("SLACK_APP_TOKEN")));
        Optional<String> secret = Optional.ofNullable(blankToNull(env.get("SLACK_SIGNING_SECRET")));
        var problems = new ArrayList<String>();
        if (bot == null) problems.add("environment: SLACK_BOT_TOKEN is not set (the xoxb- token of the Slack app)");
        else if (!bot.startsWith("xoxb-")) problems.add("environment: SLACK_BOT_TOKEN must be a bot token (xoxb-...)");
        if (mode == BotConfig.SlackMode.SOCKET) {
            if (app.isEmpty()) problems.add("environment: SLACK_APP_TOKEN is not set (Socket Mode needs the xapp- "
                    + "app-level token with connections:write)");
            else if (!app.get().startsWith("xapp-")) problems.add("environment: SLACK_APP_TOKEN must be an "
                    + "app-level token (xapp-...)");
        } else if (secret.isEmpty()) {
            problems.add("environment: SLACK_SIGNING_SECRET is not set (HTTP mode verifies every request with it)");
        }
        if (!problems.isEmpty()) throw new ConfigException(problems);
        return new SlackCredentials(bot, app, secret);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        return "SlackCredentials[botToken=******, appToken=" + appToken.map(x -> "******").orElse("none")
                + ", signingSecret=" + signingSecret.map(x -> "******").orElse("none") + "]";
    }
}
