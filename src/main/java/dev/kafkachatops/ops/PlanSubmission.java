package dev.kafkachatops.ops;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.Operation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Hands a computed plan of any kind to the workflow: stored with its hash and fingerprint, posted for approval. */
public final class PlanSubmission {
    /** Told how long each planner took (the bot's metrics). */
    public interface PlannerTimes {
        void planned(OpKind kind, Duration took);
    }

    private final OperationService service;
    private final Clock clock;
    private final PlannerTimes times;

    public PlanSubmission(OperationService service, Clock clock) {
        this(service, clock, (kind, took) -> { });
    }

    public PlanSubmission(OperationService service, Clock clock, PlannerTimes times) {
        this.service = service;
        this.clock = clock;
        this.times = times;
    }

    /**
     * Runs a planner and tells how long it took; what the planner throws is thrown as is. Planners are pure and
     * quick, so the wall time is theirs.
     */
    public <T, X extends Exception> T timed(OpKind kind, Planner<T, X> planner) throws X {
        long started = System.nanoTime();
        try {
            return planner.plan();
        } finally {
            try {
                times.planned(kind, Duration.ofNanos(System.nanoTime() - started));
            } catch (RuntimeException e) {
                // a meter never changes what planning does
            }
        }
    }

    /** A planner call, for {@link #timed}. */
    public interface Planner<T, X extends Exception> {
        T plan() throws X;
    }

    public <P> Operation submit(OperationKind<P> kind, BotConfig.Cluster cluster, String title, String user,
                                String channel, P payload) {
        String json = PlanCodec.write(payload);
        Instant now = clock.instant();
        return service.submit(new NewOperation(cluster.name(), kind.kind(), title, user, channel, json,
                PlanCodec.hash(json), kind.fingerprint(payload), now, now.plus(cluster.approvals().expiry())));
    }
}
