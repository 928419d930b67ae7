package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.view.Format;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.errors.RetriableException;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Gives a restarted broker back the leadership of the partitions it is the preferred leader of, retrying retriable
 * failures (see {@link AdminUpgrade#electPreferredLeaders}).
 */
record PreferredElection(ClusterCalls calls, TopicHealth topics, Clock clock) {

    void electPreferredLeaders(int node) throws AdminException {
        long deadline = clock.millis() + AdminUpgrade.ELECTION_RETRY_TIMEOUT.toMillis();
        while (true) {
            Set<TopicPartition> tps = ledByAnother(node);
            if (tps.isEmpty()) return;
            Election e = elect(tps);
            if (e.failed() == 0) return;
            if (!e.retriable() || clock.millis() >= deadline) {
                throw new AdminException("preferred leader election on " + calls.cluster() + " failed for "
                        + Format.plural(e.failed(), "partition") + ", e.g. " + e.example(), e.cause());
            }
            pause(AdminUpgrade.ELECTION_RETRY_POLL);
        }
    }

    /** The partitions whose preferred (first) replica is {@code node} and whose leader is another broker or none. */
    private Set<TopicPartition> ledByAnother(int node) throws AdminException {
        Set<TopicPartition> tps = new HashSet<>();
        for (TopicDescription t : topics.topics().values()) {
            for (TopicPartitionInfo p : t.partitions()) {
                if (!p.replicas().isEmpty() && p.replicas().get(0).id() == node
                        && (p.leader() == null || p.leader().id() != node)) {
                    tps.add(new TopicPartition(t.name(), p.partition()));
                }
            }
        }
        return tps;
    }

    /** One election's outcome: how many partitions failed, whether all of those failures may pass on a retry. */
    private record Election(int failed, boolean retriable, String example, Throwable cause) {
    }

    private Election elect(Set<TopicPartition> tps) throws AdminException {
        Map<TopicPartition, Optional<Throwable>> r;
        try {
            r = calls.get("elect leaders", calls.admin().electLeaders(ElectionType.PREFERRED, tps).partitions());
        } catch (AdminException e) {
            Throwable c = e.getCause() instanceof ExecutionException x ? x.getCause() : e.getCause();
            if (c instanceof RetriableException || c instanceof TimeoutException) {
                return new Election(tps.size(), true, e.getMessage(), e);
            }
            throw e;
        }
        Map<TopicPartition, Throwable> failed = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        r.forEach((tp, e) -> e.filter(x -> !(x instanceof ElectionNotNeededException)).ifPresent(x -> failed.put(tp, x)));
        if (failed.isEmpty()) return new Election(0, false, "", null);
        var first = failed.entrySet().iterator().next();
        return new Election(failed.size(), failed.values().stream().allMatch(x -> x instanceof RetriableException),
                first.getKey() + ": " + first.getValue().getMessage(), first.getValue());
    }

    private static void pause(Duration d) throws AdminException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while retrying the preferred leader election", e);
        }
    }
}
