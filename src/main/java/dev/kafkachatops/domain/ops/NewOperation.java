package dev.kafkachatops.domain.ops;

import java.time.Instant;
import java.util.Objects;

/** What is known of an operation before it is stored (the store assigns the id). */
public record NewOperation(String cluster, OpKind kind, String title, String requester, String channel,
                           String planJson, String planHash, String fingerprint, Instant createdAt,
                           Instant expiresAt) {
    public NewOperation {
        Objects.requireNonNull(cluster);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(title);
        Objects.requireNonNull(requester);
        Objects.requireNonNull(channel);
        Objects.requireNonNull(planJson);
        Objects.requireNonNull(planHash);
        Objects.requireNonNull(fingerprint);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(expiresAt);
    }
}
