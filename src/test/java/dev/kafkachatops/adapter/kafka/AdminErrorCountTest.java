package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A failed Admin API call is told to the listener (the bot's admin-errors counter) and still fails as before. */
class AdminErrorCountTest {
    private final List<String> told = new ArrayList<>();

    @AfterEach
    void reset() {
        KafkaErrors.listen((cluster, error) -> { });
    }

    @Test
    void failedAndTimedOutCallsAreToldWithTheirClusterAndErrorClass() throws Exception {
        KafkaErrors.listen((cluster, error) -> told.add(cluster + " " + error));
        var failed = new KafkaFutureImpl<String>();
        failed.completeExceptionally(new NotControllerException("moved"));
        assertThatThrownBy(() -> AdminCalls.await("prod", "alter", failed, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(AdminException.class).hasMessageContaining("alter on prod failed");
        var never = new KafkaFutureImpl<String>();
        assertThatThrownBy(() -> AdminCalls.await("prod", "describe", never, Duration.ofMillis(50), Duration.ZERO))
                .isInstanceOf(AdminException.class).hasMessageContaining("no answer within");
        var ok = new KafkaFutureImpl<String>();
        ok.complete("fine");
        assertThat(AdminCalls.await("prod", "list", ok, Duration.ofSeconds(1), Duration.ZERO)).isEqualTo("fine");
        assertThat(told).containsExactly("prod NotControllerException", "prod TimeoutException");
    }

    @Test
    void aListenerThatThrowsDoesNotChangeTheCallsOutcome() {
        KafkaErrors.listen((cluster, error) -> {
            throw new IllegalStateException("meter broken");
        });
        var failed = new KafkaFutureImpl<String>();
        failed.completeExceptionally(new NotControllerException("moved"));
        assertThatThrownBy(() -> AdminCalls.await("prod", "alter", failed, Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(AdminException.class).hasMessageContaining("alter on prod failed");
    }
}
