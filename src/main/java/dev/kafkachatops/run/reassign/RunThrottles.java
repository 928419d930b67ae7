package dev.kafkachatops.run.reassign;

import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.port.ReassignmentAdmin;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.ThrottleLedger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The throttles of one run: recorded in the ledger before they are set, on exactly the brokers and topics of each
 * batch, and removed (then the ledger entry cleared) when the run ends, whatever happened.
 */
final class RunThrottles {
    private final ReassignmentAdmin admin;
    private final ThrottleLedger ledger;
    private final String cluster;
    private final String runId;
    private final Set<Integer> brokers = new TreeSet<>();
    private final Set<String> topics = new TreeSet<>();

    RunThrottles(ReassignmentAdmin admin, ThrottleLedger ledger, String cluster, String runId) {
        this.admin = admin;
        this.ledger = ledger;
        this.cluster = cluster;
        this.runId = runId;
    }

    /**
     * Records then sets {@code leader/follower.replication.throttled.rate} on the brokers of the batch and
     * {@code leader/follower.replication.throttled.replicas} on its topics.
     */
    void set(List<PartitionMove> batch, OptionalLong rate) throws AdminException {
        Set<Integer> batchBrokers = batch.stream().flatMap(m -> m.brokers().stream()).collect(Collectors.toSet());
        Set<String> batchTopics = batch.stream().map(m -> m.tp().topic()).collect(Collectors.toSet());
        brokers.addAll(batchBrokers);
        topics.addAll(batchTopics);
        ledger.record(new ThrottleLedger.Entry(cluster, runId, brokers, topics));
        admin.setBrokerThrottle(batchBrokers, rate);
        for (String topic : batchTopics) setTopicThrottle(topic, batch);
    }

    private void setTopicThrottle(String topic, List<PartitionMove> batch) throws AdminException {
        List<String> leaders = new ArrayList<>();
        List<String> followers = new ArrayList<>();
        for (PartitionMove m : batch) {
            if (!m.tp().topic().equals(topic)) continue;
            m.from().forEach(b -> leaders.add(m.tp().partition() + ":" + b));
            m.added().forEach(b -> followers.add(m.tp().partition() + ":" + b));
        }
        admin.setTopicThrottledReplicas(topic, leaders, followers);
    }

    /**
     * Removes the run's throttles: the topics' throttled replicas first (they are what actually throttles), then
     * the rate on each broker that is alive. A broker that is down cannot be reached (its dynamic config can only
     * be changed through the broker itself, and KRaft keeps it in the metadata log, so it applies again when the
     * broker returns): whatever could not be removed stays in the ledger, narrowed to exactly that, for the next
     * sweep; the rest is removed now.
     *
     * @return null when every throttle is gone, else a warning saying what is left
     */
    String clear() {
        if (brokers.isEmpty() && topics.isEmpty()) return null;
        List<String> errors = new ArrayList<>();
        Set<String> topicsLeft = clearTopics(errors);
        Set<Integer> live = new HashSet<>();
        boolean liveKnown = false;
        try {
            live.addAll(admin.liveBrokers());
            liveKnown = true;
        } catch (AdminException e) {
            errors.add(e.getMessage()); // the cluster cannot be reached: keep every broker in the ledger
        }
        Set<Integer> brokersLeft = clearBrokers(live, errors);
        if (brokersLeft.isEmpty() && topicsLeft.isEmpty()) {
            ledger.clear(cluster, runId);
            return null;
        }
        ledger.record(new ThrottleLedger.Entry(cluster, runId, brokersLeft, topicsLeft));
        List<Integer> down = liveKnown ? brokersLeft.stream().filter(b -> !live.contains(b)).toList() : List.of();
        String what = (brokersLeft.isEmpty() ? "" : "the rate on broker(s) " + brokersLeft)
                + (!brokersLeft.isEmpty() && !topicsLeft.isEmpty() ? " and " : "")
                + (topicsLeft.isEmpty() ? "" : "the throttled replicas of topic(s) " + topicsLeft);
        String why = (down.isEmpty() ? "" : "broker(s) " + down + " not alive")
                + (!down.isEmpty() && !errors.isEmpty() ? "; " : "") + String.join("; ", errors);
        return "Throttles could not be removed yet: " + what + " (" + why + "); the bot removes them at its next "
                + "start or with the next run.";
    }

    private Set<String> clearTopics(List<String> errors) {
        Set<String> left = new TreeSet<>();
        for (String t : topics) {
            try {
                admin.setTopicThrottledReplicas(t, List.of(), List.of());
            } catch (AdminException e) {
                left.add(t);
                errors.add(e.getMessage());
            }
        }
        return left;
    }

    private Set<Integer> clearBrokers(Set<Integer> live, List<String> errors) {
        Set<Integer> left = new TreeSet<>();
        for (int b : brokers) {
            if (!live.contains(b)) {
                left.add(b);
                continue;
            }
            try {
                admin.setBrokerThrottle(Set.of(b), OptionalLong.empty());
            } catch (AdminException e) {
                left.add(b);
                errors.add(e.getMessage());
            }
        }
        return left;
    }
}
