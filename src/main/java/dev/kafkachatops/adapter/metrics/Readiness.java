package dev.kafkachatops.adapter.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Whether the bot is ready to take work: every named check passes (Slack connected, database reachable, scheduler
 * running). A check that throws counts as not ready; the report names every check that did not pass.
 */
public final class Readiness {
    /** One condition, by the name the report shows when it does not hold. */
    public record Check(String name, BooleanSupplier ready) {
    }

    /** {@code notReady}: the names of the checks that failed, in the order they were given. */
    public record Report(List<String> notReady) {
        public Report {
            notReady = List.copyOf(notReady);
        }

        public boolean ready() {
            return notReady.isEmpty();
        }

        /** One line: {@code ready}, or {@code not ready: slack, database}. */
        public String text() {
            return ready() ? "ready" : "not ready: " + String.join(", ", notReady);
        }
    }

    private final List<Check> checks;

    public Readiness(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public Report evaluate() {
        List<String> failed = new ArrayList<>();
        for (Check c : checks) {
            boolean ok;
            try {
                ok = c.ready().getAsBoolean();
            } catch (RuntimeException | Error e) {
                if (e instanceof VirtualMachineError v) throw v;
                ok = false;
            }
            if (!ok) failed.add(c.name());
        }
        return new Report(failed);
    }
}
