package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Plans one topic's reassignment onto its target brokers with as few replica moves as balance allows.
 *
 * <ol>
 *   <li>Resolve the {@link Target} brokers; refuse unknown or dead ones, mixed rack information, or fewer target
 *       brokers than the replication factor.</li>
 *   <li>Rack rule, per partition: with at least RF racks no two replicas share a rack; with fewer racks every rack
 *       holds RF/racks rounded down or up ({@link Quotas#rackBounds}). Without rack information there is no rule.</li>
 *   <li>Balance: the replica count per broker is fixed up to a choice of "extras" by water-filling
 *       ({@link Quotas}): equal racks (or no racks) give {@code R/n} rounded down or up everywhere; a small rack
 *       that must hold a replica of every partition gets exactly that, and the others share the rest evenly.</li>
 *   <li>Replicas: a minimum-cost flow ({@link ReplicaSolver}) keeps as many current replicas as those bounds allow
 *       and places the rest; its cost is the number of replica moves, which is therefore minimal. The lower bound
 *       is the dual value of the flow's node potentials, a certificate that no balanced plan needs fewer moves;
 *       the tests check it against exhaustive search on small clusters and that every plan reaches it. Ties: new replicas prefer brokers holding fewer bytes (then
 *       fewer replicas) in the whole cluster, and pairwise swaps ({@link ByteSwaps}) then move smaller partitions
 *       instead of larger ones where that keeps every count.</li>
 *   <li>Leaders: a second flow ({@link LeaderSolver}) reorders each planned replica list so that preferred leaders
 *       per target broker differ by at most 1, changing as few first replicas as possible and preferring replicas
 *       that already hold the data.</li>
 *   <li>Lists: a kept replica keeps its position, a new one takes the slot of the one it replaces, and the chosen
 *       leader goes first. A partition whose list does not change is not in the plan.</li>
 * </ol>
 * Same input, same plan; planning the result again gives an empty plan. The estimate and risks come from
 * {@link PlanAssembler}: the busiest broker's bytes in or out at the throttle (100 MB/s when none is given) plus
 * one second per partition it sends or receives.
 */
public final class RebalancePlanner {
    private RebalancePlanner() {
    }

    public static ReassignmentPlan plan(ClusterAssignment cluster, String topic, Target target,
                                        OptionalLong throttleBytesPerSec) {
        return plan(cluster, topic, target, throttleBytesPerSec, ClusterTotals.of(cluster));
    }

    /** {@code cluster} needs only the topic's partitions; {@code totals} are the whole cluster's. */
    static ReassignmentPlan plan(ClusterAssignment cluster, String topic, Target target,
                                 OptionalLong throttleBytesPerSec, ClusterTotals totals) {
        throttleBytesPerSec.ifPresent(t -> {
            if (t <= 0) throw new PlanningException("The throttle must be positive, got " + t + " B/s");
        });
        List<PartitionInfo> parts = cluster.partitions(topic);
        if (parts.isEmpty()) {
            throw new PlanningException("Topic " + topic + " is not in the cluster snapshot");
        }
        List<Integer> targetIds = target.resolve(cluster);
        List<BrokerInfo> targets = targetIds.stream().map(id -> cluster.broker(id).orElseThrow()).toList();
        Map<Integer, Long> bytes = totals.bytes();
        Map<Integer, Integer> replicas = totals.replicas();
        Comparator<Integer> lighterFirst = Comparator.<Integer>comparingLong(b -> bytes.getOrDefault(b, 0L))
                .thenComparingInt(b -> replicas.getOrDefault(b, 0)).thenComparingInt(b -> b);
        Layout l = new Layout(topic, parts, targets, lighterFirst);
        ReplicaSolver.Solution solution = ReplicaSolver.solve(l);
        int lowerBound = (int) solution.lowerBound();
        int[][] sets = solution.sets();
        ByteSwaps.improve(l, sets);
        LeaderSolver.Result leaders = leaders(l, sets, totals.leaders());
        Map<TopicPartitionRef, List<Integer>> proposed = new HashMap<>();
        for (int p = 0; p < parts.size(); p++) {
            List<Integer> chosen = new ArrayList<>();
            for (int b : sets[p]) chosen.add(l.brokerIds[b]);
            proposed.put(parts.get(p).tp(), ReplicaOrder.list(parts.get(p).replicas(), chosen,
                    l.brokerIds[leaders.leader()[p]]));
        }
        return PlanAssembler.assemble(cluster, topic, targetIds, proposed, lowerBound, throttleBytesPerSec,
                leaders.balanced(), totals.bytes());
    }

    private static LeaderSolver.Result leaders(Layout l, int[][] sets, Map<Integer, Integer> clusterLeaders) {
        int n = l.brokers();
        int[] preferred = new int[sets.length];
        for (int p = 0; p < sets.length; p++) {
            Integer first = l.indexOf.get(l.partitions.get(p).replicas().get(0));
            preferred[p] = first == null ? -1 : first;
        }
        Integer[] byLeaders = new Integer[n];
        for (int b = 0; b < n; b++) byLeaders[b] = b;
        java.util.Arrays.sort(byLeaders, Comparator.<Integer>comparingInt(b -> clusterLeaders.getOrDefault(l.brokerIds[b], 0))
                .thenComparingInt(b -> l.brokerIds[b]));
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) rank[byLeaders[i]] = i;
        return LeaderSolver.solve(n, sets, preferred, l.current, rank);
    }
}
