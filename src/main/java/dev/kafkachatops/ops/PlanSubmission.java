package dev.kafkachatops.ops;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.Operation;

import java.time.Clock;
import java.time.Instant;

/** Hands a computed plan of any kind to the workflow: stored with its hash and fingerprint, posted for approval. */
public final class PlanSubmission {
    private final OperationService service;
    private final Clock clock;

    public PlanSubmission(OperationService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    public <P> Operation submit(OperationKind<P> kind, BotConfig.Cluster cluster, String title, String user,
                                String channel, P payload) {
        String json = PlanCodec.write(payload);
        Instant now = clock.instant();
        return service.submit(new NewOperation(cluster.name(), kind.kind(), title, user, channel, json,
                PlanCodec.hash(json), kind.fingerprint(payload), now, now.plus(cluster.approvals().expiry())));
    }
}
