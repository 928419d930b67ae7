package dev.kafkachatops.plan.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * What {@code kafka-reassign-partitions.sh --generate} proposes, for comparison only: the round robin of Kafka's
 * {@code AdminUtils.assignReplicasToBrokers}, which ignores the current assignment.
 * <ul>
 *   <li>Without racks: partition p's first replica is broker {@code (p + start) mod n} of the list; follower j
 *       is {@code first + 1 + (shift + j) mod (n - 1)}, and the shift grows by one after every n partitions.</li>
 *   <li>With racks (every broker has one): the same walk over a rack-alternated list (racks by name, brokers by
 *       id, one from each rack in turn), skipping a broker whose rack already has a replica while some rack has
 *       none, and a broker already chosen while some broker is not.</li>
 *   <li>{@code start} and {@code shift} are random in Kafka; here they come from the given {@link Random}, drawn in
 *       Kafka's order (start, then shift), so a seed reproduces a run.</li>
 * </ul>
 */
public final class KafkaGenerator {
    private KafkaGenerator() {
    }

    /** Partition id (0..partitions-1) to replica list, as the tool would propose for these brokers. */
    public static Map<Integer, List<Integer>> assign(List<BrokerInfo> brokers, int partitions, int replicationFactor,
                                                     Random random) {
        if (brokers.isEmpty()) throw new PlanningException("No brokers to assign to");
        int start = random.nextInt(brokers.size());
        int shift = random.nextInt(brokers.size());
        return assign(brokers, partitions, replicationFactor, start, shift);
    }

    /** The deterministic core, with Kafka's random start index and replica shift given. */
    public static Map<Integer, List<Integer>> assign(List<BrokerInfo> brokers, int partitions, int replicationFactor,
                                                     int start, int shift) {
        if (partitions <= 0) throw new PlanningException("Number of partitions must be larger than 0");
        if (replicationFactor <= 0) throw new PlanningException("Replication factor must be larger than 0");
        if (replicationFactor > brokers.size()) {
            throw new PlanningException("Replication factor " + replicationFactor + " is larger than the "
                    + brokers.size() + " available brokers");
        }
        long racked = brokers.stream().filter(b -> b.rack().isPresent()).count();
        if (racked != 0 && racked != brokers.size()) {
            throw new PlanningException("Not all brokers have rack information for rack-aware assignment");
        }
        Map<Integer, String> rackOf = new HashMap<>();
        brokers.forEach(b -> rackOf.put(b.id(), b.rack().orElse(null)));
        List<Integer> order = racked == 0 ? brokers.stream().map(BrokerInfo::id).sorted().toList()
                : rackAlternated(rackOf);
        int racks = racked == 0 ? 1 : new HashSet<>(rackOf.values()).size();
        int n = order.size();
        Map<Integer, List<Integer>> out = new TreeMap<>();
        int s = shift;
        for (int p = 0; p < partitions; p++) {
            if (p > 0 && p % n == 0) s++;
            int first = (p + start) % n;
            List<Integer> replicas = new ArrayList<>();
            replicas.add(order.get(first));
            if (racked == 0) {
                for (int j = 0; j < replicationFactor - 1; j++) replicas.add(order.get(follower(first, s, j, n)));
            } else {
                followersRackAware(order, rackOf, racks, first, s, replicationFactor, replicas);
            }
            out.put(p, List.copyOf(replicas));
        }
        return out;
    }

    /** The plan the tool's proposal amounts to, measured like ours (same lower bound, loads and risks). */
    public static ReassignmentPlan plan(ClusterAssignment cluster, String topic, Target target, OptionalLong throttle,
                                        Random random) {
        ReassignmentPlan ours = RebalancePlanner.plan(cluster, topic, target, throttle);
        List<PartitionInfo> parts = cluster.partitions(topic);
        List<BrokerInfo> brokers = ours.targetBrokers().stream().map(id -> cluster.broker(id).orElseThrow()).toList();
        Map<Integer, List<Integer>> generated = assign(brokers, parts.size(), parts.get(0).replicationFactor(), random);
        Map<TopicPartitionRef, List<Integer>> proposed = new HashMap<>();
        Map<Integer, Integer> leaders = new HashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            proposed.put(parts.get(i).tp(), generated.get(i));
            leaders.merge(generated.get(i).get(0), 1, Integer::sum);
        }
        int max = brokers.stream().mapToInt(b -> leaders.getOrDefault(b.id(), 0)).max().orElse(0);
        int min = brokers.stream().mapToInt(b -> leaders.getOrDefault(b.id(), 0)).min().orElse(0);
        return PlanAssembler.assemble(cluster, topic, ours.targetBrokers(), proposed, ours.lowerBound(), throttle,
                max - min <= 1, cluster.bytesPerBroker());
    }

    private static void followersRackAware(List<Integer> order, Map<Integer, String> rackOf, int racks, int first,
                                           int shift, int rf, List<Integer> replicas) {
        int n = order.size();
        Set<String> usedRacks = new HashSet<>();
        Set<Integer> used = new HashSet<>();
        usedRacks.add(rackOf.get(order.get(first)));
        used.add(order.get(first));
        int k = 0;
        for (int j = 0; j < rf - 1; j++) {
            while (true) {
                int b = order.get(follower(first, shift * racks, k++, n));
                boolean rackOk = !usedRacks.contains(rackOf.get(b)) || usedRacks.size() == racks;
                boolean brokerOk = !used.contains(b) || used.size() == n;
                if (rackOk && brokerOk) {
                    replicas.add(b);
                    usedRacks.add(rackOf.get(b));
                    used.add(b);
                    break;
                }
            }
        }
    }

    private static int follower(int first, int shift, int j, int n) {
        return (int) ((first + 1 + ((long) shift + j) % (n - 1)) % n);
    }

    /** Racks by name, brokers by id, taking one broker from each rack in turn: a1, b1, c1, a2, b2, ... */
    static List<Integer> rackAlternated(Map<Integer, String> rackOf) {
        Map<String, List<Integer>> byRack = new TreeMap<>();
        rackOf.forEach((b, r) -> byRack.computeIfAbsent(r, x -> new ArrayList<>()).add(b));
        List<Iterator<Integer>> its = new ArrayList<>();
        byRack.values().forEach(l -> its.add(l.stream().sorted().iterator()));
        List<Integer> out = new ArrayList<>();
        for (int i = 0; out.size() < rackOf.size(); i = (i + 1) % its.size()) {
            if (its.get(i).hasNext()) out.add(its.get(i).next());
        }
        return out;
    }
}
