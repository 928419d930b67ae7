package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayGuardTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T21:00:00Z"));
    private final ReplayGuard guard = new ReplayGuard(clock);

    @Test
    void theSameTimestampAndSignatureAreTakenOnceWhileBoltWouldAcceptThem() {
        assertThat(guard.firstTime("1765141200", "v0=aa")).isTrue();
        assertThat(guard.firstTime("1765141200", "v0=aa")).isFalse();
        assertThat(guard.firstTime("1765141200", "v0=bb")).as("another request of the same second").isTrue();
        assertThat(guard.firstTime("1765141201", "v0=aa")).isTrue();
        clock.advance(Duration.ofMinutes(5).plusSeconds(59));
        assertThat(guard.firstTime("1765141200", "v0=aa")).as("still within Bolt's 5 minutes").isFalse();
    }

    @Test
    void unsignedRequestsAreSocketModeAndAlwaysTaken() {
        assertThat(guard.firstTime(null, null)).isTrue();
        assertThat(guard.firstTime(null, null)).isTrue();
    }

    @Test
    void requestsAreForgottenOnceBoltRefusesTheirTimestampAnyway() {
        assertThat(guard.firstTime("1765141200", "v0=aa")).isTrue();
        clock.advance(Duration.ofMinutes(6).plusSeconds(1));
        assertThat(guard.firstTime("1765141999", "v0=cc")).isTrue();
        assertThat(guard.firstTime("1765141200", "v0=aa")).as("forgotten; Bolt refuses it as stale").isTrue();
    }
}
