package dev.kafkachatops.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigException;
import dev.kafkachatops.config.SlackCredentials;
import dev.kafkachatops.domain.doctor.Check;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code doctor}'s Slack checks, in order, each a call the running bot also makes; nothing is posted:
 * <ol>
 *   <li>{@code auth.test} with the bot token (when it fails, the rest is skipped);</li>
 *   <li>the token's scopes, from that answer's {@code x-oauth-scopes} header, against {@link SlackScopes#REQUIRED};</li>
 *   <li>the channel names and user group handles of the config resolve ({@link SlackNames}, as at start);</li>
 *   <li>the bot is a member of each configured channel ({@code conversations.info}, {@code is_member});</li>
 *   <li>Socket Mode: the app token opens a connection URL ({@code apps.connections.open}, not connected to);
 *       HTTP mode: the signing secret is set.</li>
 * </ol>
 */
public final class SlackDoctor {
    private static final String AREA = "slack";
    private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{2,}");
    private static final Pattern GROUP_ID = Pattern.compile("S[A-Z0-9]{2,}");

    private final BotConfig config;
    private final SlackCredentials credentials;
    private final Slack slack;

    private SlackDoctor(BotConfig config, SlackCredentials credentials, Slack slack) {
        this.config = config;
        this.credentials = credentials;
        this.slack = slack;
    }

    /** The Slack lines of the checklist for {@code config}'s clusters (their channels only). */
    public static List<Check> check(BotConfig config, SlackCredentials credentials) {
        SlackConfig sc = new SlackConfig();
        config.slack().apiUrl().ifPresent(sc::setMethodsEndpointUrlPrefix);
        sc.getMethodsConfig().setStatsEnabled(false);
        Slack slack = Slack.getInstance(sc);
        try {
            return new SlackDoctor(config, credentials, slack).run();
        } finally {
            try {
                slack.close();
            } catch (Exception e) {
                // closing a client that answered: nothing to report
            }
        }
    }

    private List<Check> run() {
        List<Check> out = new ArrayList<>();
        MethodsClient bot = slack.methods(credentials.botToken());
        String where = config.slack().apiUrl().orElse("https://slack.com/api/");
        AuthTestResponse auth;
        try {
            auth = bot.authTest(r -> r);
        } catch (IOException | SlackApiException e) {
            out.add(Check.fail(AREA, "auth.test", "Slack does not answer at " + where + ": " + e.getMessage(),
                    "check this machine's way out to Slack (proxy, firewall) or slack.apiUrl in the config"));
            return skipRest(out, "Slack did not answer auth.test");
        }
        if (!auth.isOk()) {
            out.add(Check.fail(AREA, "auth.test", "Slack refused the bot token: " + auth.getError(),
                    "set SLACK_BOT_TOKEN to the app's Bot User OAuth Token (xoxb-..., OAuth & Permissions) of this "
                            + "workspace; reinstall the app if it was revoked"));
            return skipRest(out, "the bot token was refused");
        }
        out.add(Check.pass(AREA, "auth.test", "bot @" + auth.getUser() + " (" + auth.getUserId() + ") in "
                + auth.getTeam() + " (" + auth.getTeamId() + ")"));
        out.add(scopes(auth));
        BotConfig resolved = names(bot, out);
        membership(bot, resolved, auth.getUser(), out);
        out.add(connection());
        return out;
    }

    private static List<Check> skipRest(List<Check> out, String why) {
        for (String s : List.of("scopes", "names", "channels", "connection")) out.add(Check.skip(AREA, s, why));
        return out;
    }

    private static Check scopes(AuthTestResponse auth) {
        Map<String, List<String>> headers = auth.getHttpResponseHeaders() == null ? Map.of()
                : auth.getHttpResponseHeaders();
        var header = headers.entrySet().stream().filter(e -> e.getKey() != null
                && e.getKey().equalsIgnoreCase("x-oauth-scopes")).map(Map.Entry::getValue).findFirst();
        if (header.isEmpty()) return Check.skip(AREA, "scopes", "Slack sent no x-oauth-scopes header: not checked");
        Set<String> granted = header.get().stream().flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = SlackScopes.missing(granted);
        if (missing.isEmpty()) {
            return Check.pass(AREA, "scopes", "all " + SlackScopes.REQUIRED.size() + " required bot scopes granted");
        }
        return Check.fail(AREA, "scopes", "missing: " + missing.stream().map(s -> s + " (" + SlackScopes.purpose(s)
                        + ")").collect(Collectors.joining(", ")),
                "add " + String.join(", ", missing) + " under OAuth & Permissions > Bot Token Scopes (or update the "
                        + "app from config/slack-app-manifest.yaml), then reinstall the app to the workspace");
    }

    /** The config with names as ids; the config as given (and a failure per name) when some do not resolve. */
    private BotConfig names(MethodsClient bot, List<Check> out) {
        boolean byName = config.clusters().stream().anyMatch(c -> c.channels().stream()
                .anyMatch(ch -> !ch.equals("*") && !CHANNEL_ID.matcher(ch).matches())
                || c.approvals().groups().stream().anyMatch(g -> !GROUP_ID.matcher(g).matches())
                || c.operators().map(o -> o.groups().stream().anyMatch(g -> !GROUP_ID.matcher(g).matches()))
                .orElse(false));
        try {
            BotConfig resolved = SlackNames.resolve(bot, config);
            out.add(byName ? Check.pass(AREA, "names", "every channel name and group handle of the config resolves")
                    : Check.skip(AREA, "names", "the config gives channels and groups by id only"));
            return resolved;
        } catch (ConfigException e) {
            for (String p : e.problems()) {
                out.add(Check.fail(AREA, "names", p, "as the line says; an id (C..., S...) needs no lookup"));
            }
            return config;
        }
    }

    private void membership(MethodsClient bot, BotConfig resolved, String botName, List<Check> out) {
        for (BotConfig.Cluster c : resolved.clusters()) {
            for (String ch : c.channels()) {
                String subject = "channel " + ch + " (" + c.name() + ")";
                if (ch.equals("*")) {
                    out.add(Check.skip(AREA, subject, "any channel: the bot checks its membership per command"));
                } else if (!CHANNEL_ID.matcher(ch).matches()) {
                    out.add(Check.skip(AREA, subject, "not resolved to an id (above)"));
                } else {
                    out.add(member(bot, ch, subject, botName));
                }
            }
        }
    }

    private static Check member(MethodsClient bot, String id, String subject, String botName) {
        String invite = "invite the bot: /invite @" + botName + " in that channel";
        try {
            var r = bot.conversationsInfo(x -> x.channel(id));
            if (!r.isOk() || r.getChannel() == null) {
                return Check.fail(AREA, subject, "conversations.info answered " + SlackSender.withNeeded(r),
                        "channel_not_found".equals(r.getError()) ? "check the id; a private channel: " + invite
                                : "grant the scope named, or check the channel id");
            }
            String name = "#" + r.getChannel().getName();
            if (r.getChannel().isArchived()) {
                return Check.fail(AREA, subject, name + " is archived", "unarchive it or list another channel");
            }
            return r.getChannel().isMember() ? Check.pass(AREA, subject, "the bot is a member of " + name)
                    : Check.fail(AREA, subject, "the bot is not a member of " + name + ": it cannot post plans there",
                    invite);
        } catch (IOException | SlackApiException e) {
            return Check.fail(AREA, subject, "conversations.info failed: " + e.getMessage(), "run doctor again");
        }
    }

    private Check connection() {
        if (config.slack().mode() == BotConfig.SlackMode.HTTP) {
            return credentials.signingSecret().isPresent()
                    ? Check.pass(AREA, "connection", "HTTP mode: SLACK_SIGNING_SECRET is set; Slack's requests go to "
                    + config.slack().httpPath() + " on port " + config.slack().httpPort())
                    : Check.fail(AREA, "connection", "HTTP mode without SLACK_SIGNING_SECRET",
                    "set it to the app's Signing Secret (Basic Information)");
        }
        String fix = "set SLACK_APP_TOKEN to an app-level token with " + SlackScopes.APP_TOKEN_SCOPE
                + " (Basic Information > App-Level Tokens) and turn Socket Mode on in the app";
        if (credentials.appToken().isEmpty()) return Check.fail(AREA, "connection", "no SLACK_APP_TOKEN", fix);
        try {
            var r = slack.methods(credentials.appToken().get()).appsConnectionsOpen(x -> x);
            return r.isOk() ? Check.pass(AREA, "connection", "Socket Mode: apps.connections.open gave a WebSocket URL")
                    : Check.fail(AREA, "connection", "apps.connections.open answered " + SlackSender.withNeeded(r),
                    fix);
        } catch (IOException | SlackApiException e) {
            return Check.fail(AREA, "connection", "apps.connections.open failed: " + e.getMessage(), fix);
        }
    }
}
