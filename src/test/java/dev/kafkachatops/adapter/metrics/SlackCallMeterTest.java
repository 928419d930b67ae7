package dev.kafkachatops.adapter.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlackCallMeterTest {
    @Test
    void outcomeIsRateLimitedErrorOrOk() {
        assertThat(SlackCallMeter.outcome(429, "{\"ok\":false,\"error\":\"ratelimited\"}")).isEqualTo("rate_limited");
        assertThat(SlackCallMeter.outcome(500, "")).isEqualTo("error");
        assertThat(SlackCallMeter.outcome(200, "{\"ok\":false,\"error\":\"not_in_channel\"}")).isEqualTo("error");
        assertThat(SlackCallMeter.outcome(200, "{\"ok\": false}")).isEqualTo("error");
        assertThat(SlackCallMeter.outcome(200, "{\"ok\":true,\"ts\":\"1.2\"}")).isEqualTo("ok");
        assertThat(SlackCallMeter.outcome(200, null)).isEqualTo("ok");
        assertThat(SlackCallMeter.outcome(200, "{\"ok\":true,\"text\":\"\\\"ok\\\":false\"}"))
                .as("an ok:false quoted inside a text field does not count").isEqualTo("ok");
    }
}
