package dev.kafkachatops.domain.ops;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One planned operation as stored: what was asked, by whom, the plan itself (JSON, with its hash), the
 * fingerprint of the cluster state it was computed from, where its message is in Slack, and where it stands.
 * {@code version} is the optimistic-lock counter of the store (bumped on every update).
 */
public record Operation(String id, String cluster, OpKind kind, String title, String requester, String channel,
                        Optional<String> messageTs, String planJson, String planHash, String fingerprint,
                        OpState state, Instant createdAt, Instant expiresAt, Optional<Instant> approvedAt,
                        Optional<Instant> scheduledFor, Optional<String> stateDetail, long version) {
    public Operation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(messageTs, "messageTs");
        Objects.requireNonNull(planJson, "planJson");
        Objects.requireNonNull(planHash, "planHash");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(approvedAt, "approvedAt");
        Objects.requireNonNull(scheduledFor, "scheduledFor");
        Objects.requireNonNull(stateDetail, "stateDetail");
    }

    public Operation withState(OpState next, String detail) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException(id + ": " + state + " -> " + next + " is not allowed");
        }
        return new Operation(id, cluster, kind, title, requester, channel, messageTs, planJson, planHash, fingerprint,
                next, createdAt, expiresAt, approvedAt, scheduledFor, Optional.ofNullable(detail), version);
    }

    public Operation withMessageTs(String ts) {
        return new Operation(id, cluster, kind, title, requester, channel, Optional.of(ts), planJson, planHash,
                fingerprint, state, createdAt, expiresAt, approvedAt, scheduledFor, stateDetail, version);
    }

    public Operation withApprovedAt(Optional<Instant> at) {
        return new Operation(id, cluster, kind, title, requester, channel, messageTs, planJson, planHash, fingerprint,
                state, createdAt, expiresAt, at, scheduledFor, stateDetail, version);
    }

    public Operation withScheduledFor(Optional<Instant> at) {
        return new Operation(id, cluster, kind, title, requester, channel, messageTs, planJson, planHash, fingerprint,
                state, createdAt, expiresAt, approvedAt, at, stateDetail, version);
    }
}
