package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.KafkaFuture;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The upgrade gates on the KRaft metadata quorum: whether stopping a voter leaves a caught-up majority, and whether a
 * restarted voter has caught up. A ZooKeeper-mode cluster has no quorum ({@code null} here): nothing is at risk there.
 */
record MetadataQuorum(ClusterCalls calls, Clock clock) {

    /** The KRaft metadata quorum; empty when the cluster has none (ZooKeeper mode). */
    Optional<QuorumInfo> quorum() throws AdminException {
        return calls.unlessUnsupported("describe metadata quorum", ask());
    }

    /** Asks for the quorum without waiting, to be read with {@link #quorumOf} after other requests went out. */
    KafkaFuture<QuorumInfo> ask() {
        return calls.admin().describeMetadataQuorum().quorumInfo();
    }

    QuorumInfo quorumOf(KafkaFuture<QuorumInfo> f) throws AdminException {
        return calls.unlessUnsupported("describe metadata quorum", f).orElse(null);
    }

    /** {@code q} null: no metadata quorum (ZooKeeper mode), nothing to put at risk. */
    List<String> quorumRisks(int node, QuorumInfo q) {
        if (q == null || q.voters().stream().noneMatch(v -> v.replicaId() == node)) return List.of();
        long leaderEnd = leaderEnd(q);
        int majority = q.voters().size() / 2 + 1;
        List<String> lagging = new ArrayList<>();
        int caughtUp = 0;
        for (QuorumInfo.ReplicaState v : q.voters()) {
            if (v.replicaId() == node) continue;
            if (caughtUp(v, leaderEnd, q.leaderId())) caughtUp++;
            else lagging.add("controller " + v.replicaId() + " is " + Math.max(0, leaderEnd - v.logEndOffset())
                    + " records behind");
        }
        if (caughtUp >= majority) return List.of();
        List<String> risks = new ArrayList<>(lagging);
        risks.add("without node " + node + " only " + caughtUp + " of " + q.voters().size()
                + " voters are caught up (a majority needs " + majority + ")");
        return risks;
    }

    boolean voterCaughtUp(int node, QuorumInfo q) {
        if (q == null) return true; // no metadata quorum (ZooKeeper mode): nothing to catch up with
        long leaderEnd = leaderEnd(q);
        return q.voters().stream().filter(v -> v.replicaId() == node).anyMatch(v -> caughtUp(v, leaderEnd,
                q.leaderId()));
    }

    private static long leaderEnd(QuorumInfo q) {
        return q.voters().stream().filter(v -> v.replicaId() == q.leaderId())
                .mapToLong(QuorumInfo.ReplicaState::logEndOffset).findFirst().orElse(q.highWatermark());
    }

    private boolean caughtUp(QuorumInfo.ReplicaState v, long leaderEnd, int leaderId) {
        if (v.replicaId() == leaderId) return true;
        long now = clock.millis();
        boolean recent = v.lastCaughtUpTimestamp().isPresent()
                && now - v.lastCaughtUpTimestamp().getAsLong() <= AdminUpgrade.MAX_VOTER_SILENCE.toMillis();
        return leaderEnd - v.logEndOffset() <= AdminUpgrade.MAX_VOTER_LAG && recent;
    }
}
