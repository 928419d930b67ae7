package dev.kafkachatops.config;

import dev.kafkachatops.command.Values;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code slack} section: connection mode, slash command, concurrency, the HTTP endpoint, and how long a
 * write Slack does not take is retried ({@code retryFor}, default 30m).
 */
final class SlackSection {
    private SlackSection() {
    }

    static BotConfig.Slack read(YamlNode n) {
        n.expectObject();
        n.allowOnly(Set.of("mode", "command", "concurrency", "httpPort", "httpPath", "apiUrl", "retryFor"));
        var mode = n.get("mode").parsed(s -> switch (s.toLowerCase(Locale.ROOT)) {
            case "socket" -> BotConfig.SlackMode.SOCKET;
            case "http" -> BotConfig.SlackMode.HTTP;
            default -> throw new IllegalArgumentException("must be `socket` or `http`, got `" + s + "`");
        }).orElse(BotConfig.SlackMode.SOCKET);
        String command = n.get("command").parsed(s -> {
            if (!s.matches("/[a-z0-9_-]{1,31}")) throw new IllegalArgumentException("must look like /kafka");
            return s;
        }).orElse("/kafka");
        int concurrency = n.get("concurrency").integer(1, 64).orElse(10);
        int port = n.get("httpPort").integer(1, 65535).orElse(3000);
        String path = n.get("httpPath").parsed(s -> {
            if (!s.startsWith("/")) throw new IllegalArgumentException("must start with /");
            return s;
        }).orElse("/slack/events");
        Optional<String> apiUrl = n.get("apiUrl").parsed(s -> {
            if (!s.matches("https?://.+/")) throw new IllegalArgumentException("must be an http(s) URL ending in /");
            return s;
        });
        Duration retryFor = n.get("retryFor").parsed(Values::duration).orElse(Duration.ofMinutes(30));
        if (retryFor.isNegative() || retryFor.isZero()) {
            n.get("retryFor").problem("must be more than 0");
            retryFor = Duration.ofMinutes(30);
        }
        return new BotConfig.Slack(mode, command, concurrency, port, path, apiUrl, retryFor);
    }
}
