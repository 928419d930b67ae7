package dev.kafkachatops.sim;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a {@link SlackSimulator}. Use {@link #defaults()} or {@link #builder()}.
 *
 * @param httpPort      port of the HTTP server (Web API, JSON API, web page); 0 = random free port
 * @param wsPort        port of the Socket Mode WebSocket server; 0 = random free port
 * @param teamId        workspace id
 * @param teamName      workspace name shown on the page
 * @param teamDomain    workspace domain ({@code https://DOMAIN.slack.com/})
 * @param channels      public channels
 * @param users         human members
 * @param botUser       the bot's user
 * @param botId         the bot's {@code B...} id
 * @param appId         the app's {@code A...} id
 * @param userGroups    user groups; members by name or id
 * @param slashCommand  the slash command, e.g. {@code /kafka}
 * @param deliveryMode  {@link DeliveryMode#SOCKET_MODE} or {@link DeliveryMode#HTTP}
 * @param requestUrl    the bot's request URL (HTTP mode only)
 * @param signingSecret signing secret used for {@code X-Slack-Signature} (HTTP mode only)
 * @param botToken      the {@code xoxb-} token the bot must use
 * @param appToken      the {@code xapp-} token for {@code apps.connections.open}
 * @param ackWait       how long scripted interactions wait for the ack (Slack's limit: 3 s)
 * @param botScopes     the scopes granted to the bot token: sent in every bot-token answer's {@code X-OAuth-Scopes}
 *                      header, as Slack does, and named as {@code provided} in a {@code missing_scope} refusal
 */
public record SimOptions(int httpPort, int wsPort, String teamId, String teamName, String teamDomain,
                         List<SimChannel> channels, List<SimUser> users, SimUser botUser, String botId,
                         String appId, List<SimUserGroup> userGroups, String slashCommand,
                         DeliveryMode deliveryMode, URI requestUrl, String signingSecret,
                         String botToken, String appToken, Duration ackWait, List<String> botScopes) {

    public SimOptions {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(botUser, "botUser");
        channels = List.copyOf(channels);
        users = List.copyOf(users);
        userGroups = List.copyOf(userGroups);
        botScopes = List.copyOf(botScopes);
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("at least one channel is needed");
        }
        if (!slashCommand.startsWith("/")) {
            slashCommand = "/" + slashCommand;
        }
        if (deliveryMode == DeliveryMode.HTTP && (requestUrl == null || signingSecret == null)) {
            throw new IllegalArgumentException("HTTP delivery needs requestUrl and signingSecret");
        }
        if (!botToken.startsWith("xoxb-")) {
            throw new IllegalArgumentException("botToken must start with xoxb-");
        }
        if (!appToken.startsWith("xapp-")) {
            throw new IllegalArgumentException("appToken must start with xapp-");
        }
    }

    /** Defaults: team {@code T0SIM}, channel general, alice/bob/carol/dave, bot kafka-chatops, Socket Mode. */
    public static SimOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.httpPort = httpPort;
        b.wsPort = wsPort;
        b.teamId = teamId;
        b.teamName = teamName;
        b.teamDomain = teamDomain;
        b.channels = new ArrayList<>(channels);
        b.users = new ArrayList<>(users);
        b.botUser = botUser;
        b.botId = botId;
        b.appId = appId;
        b.userGroups = new ArrayList<>(userGroups);
        b.slashCommand = slashCommand;
        b.deliveryMode = deliveryMode;
        b.requestUrl = requestUrl;
        b.signingSecret = signingSecret;
        b.botToken = botToken;
        b.appToken = appToken;
        b.ackWait = ackWait;
        b.botScopes = new ArrayList<>(botScopes);
        return b;
    }

    public static final class Builder {
        private int httpPort = 0;
        private int wsPort = 0;
        private String teamId = "T0SIM";
        private String teamName = "Kafka Sim";
        private String teamDomain = "kafka-sim";
        private List<SimChannel> channels = new ArrayList<>(List.of(new SimChannel("C0GENERAL", "general")));
        private List<SimUser> users = new ArrayList<>(List.of(
                SimUser.human("U0ALICE", "alice", "Alice Archer"),
                SimUser.human("U0BOB", "bob", "Bob Baker"),
                SimUser.human("U0CAROL", "carol", "Carol Chen"),
                SimUser.human("U0DAVE", "dave", "Dave Diaz")));
        private SimUser botUser = SimUser.bot("U0BOT", "kafka-chatops");
        private String botId = "B0SIM";
        private String appId = "A0SIM";
        private List<SimUserGroup> userGroups = new ArrayList<>(List.of(
                new SimUserGroup("S0APPROVERS", "kafka-approvers", "Kafka approvers", List.of("bob", "carol"))));
        private String slashCommand = "/kafka";
        private DeliveryMode deliveryMode = DeliveryMode.SOCKET_MODE;
        private URI requestUrl;
        private String signingSecret;
        private String botToken = "xoxb-sim-T0SIM-bot-token";
        private String appToken = "xapp-sim-T0SIM-app-token";
        private Duration ackWait = Duration.ofSeconds(3);
        private List<String> botScopes = new ArrayList<>(List.of(Scopes.BOT.split(",")));

        private Builder() {
        }

        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        public Builder wsPort(int port) {
            this.wsPort = port;
            return this;
        }

        public Builder team(String id, String name) {
            this.teamId = id;
            this.teamName = name;
            return this;
        }

        public Builder teamDomain(String domain) {
            this.teamDomain = domain;
            return this;
        }

        /** Replaces the channel list. */
        public Builder channels(List<SimChannel> channels) {
            this.channels = new ArrayList<>(channels);
            return this;
        }

        public Builder addChannel(String id, String name) {
            this.channels.add(new SimChannel(id, name));
            return this;
        }

        /** A private channel: only its members (every human; not the bot until invited) see it. */
        public Builder addPrivateChannel(String id, String name) {
            this.channels.add(new SimChannel(id, name, true));
            return this;
        }

        /** Replaces the human members. */
        public Builder users(List<SimUser> users) {
            this.users = new ArrayList<>(users);
            return this;
        }

        public Builder addUser(String id, String name, String realName) {
            this.users.add(SimUser.human(id, name, realName));
            return this;
        }

        public Builder botUser(SimUser bot) {
            this.botUser = bot;
            return this;
        }

        public Builder botId(String botId) {
            this.botId = botId;
            return this;
        }

        public Builder appId(String appId) {
            this.appId = appId;
            return this;
        }

        /** Replaces the user groups. */
        public Builder userGroups(List<SimUserGroup> groups) {
            this.userGroups = new ArrayList<>(groups);
            return this;
        }

        public Builder addUserGroup(String id, String handle, List<String> members) {
            this.userGroups.add(new SimUserGroup(id, handle, handle, members));
            return this;
        }

        public Builder slashCommand(String command) {
            this.slashCommand = command;
            return this;
        }

        public Builder socketMode() {
            this.deliveryMode = DeliveryMode.SOCKET_MODE;
            return this;
        }

        /** HTTP delivery: envelopes are POSTed to {@code requestUrl}, signed with {@code signingSecret}. */
        public Builder http(URI requestUrl, String signingSecret) {
            this.deliveryMode = DeliveryMode.HTTP;
            this.requestUrl = requestUrl;
            this.signingSecret = signingSecret;
            return this;
        }

        public Builder botToken(String token) {
            this.botToken = token;
            return this;
        }

        public Builder appToken(String token) {
            this.appToken = token;
            return this;
        }

        public Builder ackWait(Duration ackWait) {
            this.ackWait = ackWait;
            return this;
        }

        /** Replaces the bot token's scopes (default: every scope a kafka-chatops app is created with). */
        public Builder botScopes(List<String> scopes) {
            this.botScopes = new ArrayList<>(scopes);
            return this;
        }

        /** The default scopes without {@code scope}: a token installed before the app asked for it. */
        public Builder withoutBotScope(String scope) {
            this.botScopes.remove(scope);
            return this;
        }

        public SimOptions build() {
            return new SimOptions(httpPort, wsPort, teamId, teamName, teamDomain, channels, users, botUser,
                    botId, appId, userGroups, slashCommand, deliveryMode, requestUrl, signingSecret, botToken,
                    appToken, ackWait, botScopes);
        }
    }
}
