package dev.kafkachatops.plan.upgrade;

import java.time.Duration;
import java.util.Objects;

/**
 * What each kind of step is expected to take, to estimate a plan's duration. {@code restart} is the time from a
 * node's stop until it is back in sync (about 10-12 s per broker measured on a small cluster); {@code gatePoll} is
 * the polling interval of the health gate (the bot's own overhead per node); the others are per step.
 */
public record UpgradeEstimates(Duration restart, Duration gatePoll, Duration leaderElection, Duration finalization,
                               Duration install) {
    public static final UpgradeEstimates DEFAULT = new UpgradeEstimates(Duration.ofSeconds(11), Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(60));

    public UpgradeEstimates {
        for (Duration d : new Duration[] {restart, gatePoll, leaderElection, finalization, install}) {
            Objects.requireNonNull(d, "estimate");
            if (d.isNegative()) throw new IllegalArgumentException("estimates must not be negative: " + d);
        }
    }

    public UpgradeEstimates withRestart(Duration value) {
        return new UpgradeEstimates(value, gatePoll, leaderElection, finalization, install);
    }

    /** The expected duration of one step of this kind. */
    public Duration of(StepKind kind) {
        return switch (kind) {
            case START -> restart;
            case HEALTH_GATE -> gatePoll;
            case ELECT_LEADERS -> leaderElection;
            case FINALIZE_METADATA -> finalization;
            case INSTALL -> install;
            case PREFLIGHT, SAFETY_GATE, STOP, RELINK, WRITE_CONFIG -> Duration.ZERO;
        };
    }
}
