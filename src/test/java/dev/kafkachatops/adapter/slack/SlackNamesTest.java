package dev.kafkachatops.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigException;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SlackSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Channel names and user group handles of the config resolved to ids at start, with the real SDK and simulator. */
class SlackNamesTest {
    private SlackSimulator sim;
    private Slack slack;

    @BeforeEach
    void start() throws Exception {
        sim = SlackSimulator.start(SimOptions.builder().addChannel("C0OPS", "ops").addPrivateChannel("G0SECRET",
                "secret").addUserGroup("S0OPS", "kafka-ops", List.of("carol")).build());
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(sim.apiUrlPrefix());
        config.getMethodsConfig().setStatsEnabled(false);
        slack = Slack.getInstance(config);
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        sim.close();
    }

    private BotConfig config(String channels, String approverGroups, String operatorGroups) throws ConfigException {
        return new ConfigLoader(Map.of()).parse(Path.of("bot.yaml"), """
                clusters:
                  - name: a
                    bootstrapServers: 127.0.0.1:9092
                    channels: %s
                    approvals: { users: [U0BOB], groups: %s }
                    operators: { users: [U0ALICE], groups: %s }
                """.formatted(channels, approverGroups, operatorGroups));
    }

    private BotConfig resolve(BotConfig c) throws ConfigException {
        return SlackNames.resolve(slack.methods(sim.botToken()), c);
    }

    @Test
    void namesAndHandlesBecomeIdsAndIdsStayAsGiven() throws Exception {
        BotConfig c = resolve(config("[general, \"#ops\", C0ELSEWHERE, \"*\"]", "[kafka-approvers]",
                "[\"@kafka-ops\", S0OTHER]"));
        BotConfig.Cluster a = c.clusters().get(0);
        assertThat(a.channels()).containsExactly("C0GENERAL", "C0OPS", "C0ELSEWHERE", "*");
        assertThat(a.approvals().groups()).containsExactly("S0APPROVERS");
        assertThat(a.operators().orElseThrow().groups()).containsExactly("S0OPS", "S0OTHER");
        assertThat(a.approvals().users()).containsExactly("U0BOB");
        assertThat(a.allowsChannel("C0OPS")).isTrue();
    }

    @Test
    void onlyIdsAskSlackNothing() throws Exception {
        resolve(config("[C0GENERAL]", "[S0APPROVERS]", "[]"));
        assertThat(sim.apiCalls()).isEmpty();
    }

    @Test
    void whatSlackDoesNotKnowIsAStartUpErrorNamingTheFix() throws Exception {
        BotConfig given = config("[general, nowhere, secret]", "[kafka-approvers, nobody]", "[]");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> resolve(given));
        assertThat(e.problems()).containsExactly(
                "clusters[a].channels: Slack shows the bot no channel #nowhere (a private channel only once the bot is "
                        + "in it): give the channel's id (C..., in the channel's details) or invite the bot with "
                        + "/invite @<bot> and restart",
                "clusters[a].channels: Slack shows the bot no channel #secret (a private channel only once the bot is "
                        + "in it): give the channel's id (C..., in the channel's details) or invite the bot with "
                        + "/invite @<bot> and restart",
                "clusters[a].approvals.groups: Slack has no user group @nobody: give the group's id (S..., "
                        + "usergroups.list) instead");
        sim.membership("secret", "U0BOT", true);
        BotConfig fixed = config("[secret]", "[]", "[]");
        assertThat(resolve(fixed).clusters().get(0).channels()).containsExactly("G0SECRET");
    }

    @Test
    void aWorkspaceWithoutUserGroupsSaysWhyAtStart() throws Exception {
        sim.faults().addSlackError("usergroups.list", "plan_upgrade_required", null);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> resolve(config("[C0GENERAL]", "[kafka-approvers]", "[]")));
        assertThat(e.problems()).containsExactly("slack: the user group handles in the configuration cannot be "
                + "resolved: usergroups.list answered plan_upgrade_required; user groups need a paid Slack plan: name "
                + "users instead");
        sim.faults().clear();
        sim.faults().addSlackError("conversations.list", "missing_scope", null);
        ConfigException scope = catchThrowableOfType(ConfigException.class,
                () -> resolve(config("[general]", "[]", "[]")));
        assertThat(scope.problems()).singleElement().asString().contains("conversations.list answered missing_scope "
                + "(needed: channels:read)").contains("give ids instead");
        assertThat(Optional.of(scope.problems().size())).contains(1);
    }
}
