package dev.kafkachatops.adapter.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SlackSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether the bot may post where a command came from, asked of the simulator with the real SDK. */
class ChannelAccessTest {
    private SlackSimulator sim;
    private Slack slack;
    private ChannelAccess access;

    @BeforeEach
    void start() throws Exception {
        sim = SlackSimulator.start(SimOptions.builder().addChannel("C0OPS", "ops").addPrivateChannel("G0SECRET",
                "secret").build());
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(sim.apiUrlPrefix());
        config.getMethodsConfig().setStatsEnabled(false);
        slack = Slack.getInstance(config);
        access = new ChannelAccess(slack.methods(sim.botToken()));
    }

    @AfterEach
    void stop() throws Exception {
        slack.close();
        sim.close();
    }

    @Test
    void aMemberMayPostElseTheRequesterIsToldToInviteTheBot() {
        assertThat(access.cannotPost("C0GENERAL", "general")).isEmpty();
        assertThat(access.cannotPost("C0OPS", "ops")).contains("I am not in #ops: invite me with /invite "
                + "@kafka-chatops");
        assertThat(access.cannotPost("G0SECRET", "privategroup")).contains("I am not in <#G0SECRET>: invite me with "
                + "/invite @kafka-chatops");
        sim.membership("ops", "U0BOT", true);
        assertThat(access.cannotPost("C0OPS", "ops")).isEmpty();
    }

    @Test
    void whenSlackWillNotSayThePlanGoesAheadAndARefusedPostIsAnsweredAfterwards() {
        sim.faults().addSlackError("conversations.info", "missing_scope", 1);
        assertThat(access.cannotPost("C0OPS", "ops")).as("missing channels:read: the post will tell").isEmpty();
        assertThat(access.refused("C0OPS", "ops", new ChatNotifier.Refused("C0OPS", "not_in_channel")))
                .isEqualTo("I am not in #ops: invite me with /invite @kafka-chatops");
        assertThat(access.refused("C0OPS", "ops", new ChatNotifier.Refused("C0OPS", "is_archived")))
                .isEqualTo(":x: I could not post the plan in #ops: Slack answered is_archived. The plan is cancelled.");
    }
}
