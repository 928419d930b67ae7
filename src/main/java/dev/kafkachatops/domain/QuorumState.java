package dev.kafkachatops.domain;

import java.util.List;
import java.util.Optional;

/** The KRaft controller quorum as {@code describeMetadataQuorum} reports it. */
public record QuorumState(int leaderId, long leaderEpoch, long highWatermark, List<Replica> voters,
                          List<Replica> observers) {
    public QuorumState {
        voters = List.copyOf(voters);
        observers = List.copyOf(observers);
    }

    /** A voter or observer; {@code lag} is the leader's high watermark minus this replica's log end offset. */
    public record Replica(int id, long logEndOffset, long lag, Optional<Long> lastCaughtUpMs) {
    }

    public int votersCaughtUp(long maxLag) {
        return (int) voters.stream().filter(v -> v.lag() <= maxLag).count();
    }
}
