package dev.kafkachatops.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.sim.SimApiCall;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SlackSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Group approvers with the real SDK against the simulator, also while Slack rate-limits the lookup. */
class SlackApproversTest {
    private SlackSimulator sim;
    private Slack slack;

    @BeforeEach
    void start() throws Exception {
        sim = SlackSimulator.start(SimOptions.defaults());
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

    private SlackApprovers approvers(Duration patience) {
        return approvers(patience, Optional.empty());
    }

    private SlackApprovers approvers(Duration patience, Optional<BotConfig.Operators> operators) {
        var cluster = new BotConfig.Cluster("c1", "127.0.0.1:9092", Map.of(), List.of("*"), new BotConfig.Approvals(
                List.of("U0BOB"), List.of("S0APPROVERS"), 1, false, "white_check_mark", "x", Duration.ofHours(1)),
                List.of(), List.of(), Map.of(), Optional.empty(), BotConfig.UpgradeGates.DEFAULTS,
                BotConfig.Rebalance.DEFAULTS, operators);
        return new SlackApprovers(slack.methods(sim.botToken()), name -> Optional.of(cluster), Clock.systemUTC(),
                patience);
    }

    private long limited() {
        return sim.apiCalls().stream().filter(c -> c.method().equals("usergroups.users.list"))
                .mapToInt(SimApiCall::status).filter(s -> s == 429).count();
    }

    @Test
    void aRateLimitedGroupLookupWaitsForSlackInsteadOfDroppingTheApprover() {
        sim.faults().addApiFault("usergroups.users.list", 429, 1, 0, 2);
        assertThat(approvers(Duration.ofSeconds(30)).isApprover("c1", "U0CAROL")).isTrue();
        assertThat(limited()).isEqualTo(2);
    }

    @Test
    void operatorsAreNamedUsersAndMembersOfOperatorGroupsLookedUpLikeApprovers() {
        sim.faults().addApiFault("usergroups.users.list", 429, 1, 0, 1);
        SlackApprovers a = approvers(Duration.ofSeconds(30), Optional.of(new BotConfig.Operators(List.of("U0ALICE"),
                List.of("S0APPROVERS"))));
        assertThat(a.isOperator("c1", "U0ALICE")).isTrue();
        assertThat(a.isOperator("c1", "U0CAROL")).as("a member of the group, after a 429").isTrue();
        assertThat(a.isOperator("c1", "U0DAVE")).isFalse();
        assertThat(limited()).isEqualTo(1);
        assertThat(approvers(Duration.ofSeconds(30)).isOperator("c1", "U0BOB")).as("no operators configured")
                .isFalse();
    }

    @Test
    void whenSlackDoesNotAnswerInTimeOnlyTheNamedApproversCount() {
        sim.faults().addApiFault("usergroups.users.list", 500, null, 0, null);
        SlackApprovers a = approvers(Duration.ofSeconds(2));
        assertThat(a.isApprover("c1", "U0CAROL")).isFalse();
        assertThat(a.isApprover("c1", "U0BOB")).isTrue();
        sim.faults().clear();
        assertThat(a.isApprover("c1", "U0CAROL")).as("not cached as empty").isTrue();
    }

    @Test
    void aGroupSlackWillNotListIsNamedNotCountedAsEmptyAndForgottenOnceListed() {
        SlackApprovers a = approvers(Duration.ofSeconds(2), Optional.of(new BotConfig.Operators(List.of(),
                List.of("kafka-approvers"))));
        sim.faults().addSlackError("usergroups.users.list", "missing_scope", 1);
        assertThat(a.isApprover("c1", "U0CAROL")).isFalse();
        assertThat(a.isOperator("c1", "U0CAROL")).as("a handle is not an id").isFalse();
        assertThat(a.unreadableGroups("c1")).containsExactly(
                "<!subteam^S0APPROVERS> (missing_scope (needed: usergroups:read))",
                "<!subteam^kafka-approvers> (no_such_subteam)");
        assertThat(a.isApprover("c1", "U0CAROL")).as("asked again: not cached as empty").isTrue();
        assertThat(a.unreadableGroups("c1")).containsExactly("<!subteam^kafka-approvers> (no_such_subteam)");
    }
}
