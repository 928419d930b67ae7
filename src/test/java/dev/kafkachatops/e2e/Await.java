package dev.kafkachatops.e2e;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polling every 50 ms until a condition holds or a value shows up: the one wait of the end-to-end tests. */
final class Await {
    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /** A check that may fail while the system settles; a failure counts as "not yet". */
    interface Condition {
        boolean met() throws Exception;
    }

    /** A look for a value that may not be there yet. */
    interface Probe<T> {
        Optional<T> poll() throws Exception;
    }

    /** Waits until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    static void until(String what, Duration timeout, Condition condition) {
        value(what, timeout, () -> condition.met() ? Optional.of(Boolean.TRUE) : Optional.empty(), () -> "");
    }

    /** The first value {@code probe} finds; fails with {@code what} and {@code seen} after {@code timeout}. */
    static <T> T value(String what, Duration timeout, Probe<T> probe, Supplier<String> seen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                Optional<T> found = probe.poll();
                if (found.isPresent()) return found.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() >= deadline) break;
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not within " + timeout + ": " + what + (last == null ? "" : " (last error: " + last
                + ")") + seen.get());
    }
}
