package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import org.apache.kafka.common.KafkaFuture;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for an Admin API answer: the result, or an {@link AdminException} that says what failed in one line. */
final class AdminCalls {
    private AdminCalls() {
    }

    /**
     * Waits up to {@code timeout} plus {@code grace} (the client's own request timeout should fire first, with the
     * more precise error) for {@code f}.
     */
    static <T> T await(String cluster, String what, KafkaFuture<T> f, Duration timeout, Duration grace)
            throws AdminException {
        try {
            return f.get(timeout.plus(grace).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException(what + " on " + cluster + " was interrupted", e);
        } catch (ExecutionException e) {
            KafkaErrors.failed(cluster, e);
            throw new AdminException(what + " on " + cluster + " failed: " + KafkaErrors.describe(cluster, "",
                    timeout, e), e);
        } catch (TimeoutException e) {
            KafkaErrors.failed(cluster, e);
            throw new AdminException(what + " on " + cluster + ": no answer within " + timeout.toSeconds() + " s", e);
        }
    }
}
