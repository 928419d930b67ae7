package dev.kafkachatops.plan.reassign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One topic's planning problem in array form: target brokers (indices 0..n-1), their groups (racks in rack-aware
 * mode, one group of all brokers otherwise), each partition's current replicas among the targets, and the bounds
 * the rack rule and the balance put on the result.
 *
 * <p>Rack awareness follows Kafka: when every target broker has {@code broker.rack} the rack rule applies, when
 * none has it there is no rack rule, and a mix is refused (a broker added without {@code broker.rack} is a
 * mistake to fix, not to plan around).
 */
final class Layout {
    final List<PartitionInfo> partitions;
    final int[] brokerIds;
    final Map<Integer, Integer> indexOf = new HashMap<>();
    final boolean rackAware;
    final List<String> rackNames;
    final int[] groupOf;
    final int[][] groupBrokers;
    final int[] rf;
    final int[][] current;
    final boolean[] isCurrent;
    final int[][] lo;
    final int[][] hi;
    final Quotas quotas;
    final int[] cellOf;
    final long replicas;

    Layout(String topic, List<PartitionInfo> partitions, List<BrokerInfo> targets, Comparator<Integer> preference) {
        this.partitions = partitions;
        int n = targets.size();
        int p = partitions.size();
        brokerIds = targets.stream().mapToInt(BrokerInfo::id).toArray();
        for (int b = 0; b < n; b++) indexOf.put(brokerIds[b], b);
        long withRack = targets.stream().filter(b -> b.rack().isPresent()).count();
        if (withRack != 0 && withRack != n) {
            throw new PlanningException("Brokers " + Target.join(targets.stream().filter(b -> b.rack().isEmpty())
                    .map(BrokerInfo::id).toList()) + " have no broker.rack but brokers " + Target.join(targets.stream()
                    .filter(b -> b.rack().isPresent()).map(BrokerInfo::id).toList()) + " do: set broker.rack on "
                    + "every target broker or on none");
        }
        rackAware = withRack == n;
        Map<String, List<Integer>> racks = new TreeMap<>();
        for (int b = 0; b < n; b++) {
            racks.computeIfAbsent(rackAware ? targets.get(b).rack().orElseThrow() : "", k -> new ArrayList<>()).add(b);
        }
        rackNames = List.copyOf(racks.keySet());
        int k = racks.size();
        groupOf = new int[n];
        groupBrokers = new int[k][];
        int gi = 0;
        for (List<Integer> members : racks.values()) {
            members.sort(Comparator.comparing(b -> brokerIds[b], preference));
            groupBrokers[gi] = members.stream().mapToInt(Integer::intValue).toArray();
            for (int b : groupBrokers[gi]) groupOf[b] = gi;
            gi++;
        }
        rf = new int[p];
        current = new int[p][];
        isCurrent = new boolean[p * n];
        lo = new int[p][];
        hi = new int[p][];
        int[] rackSizes = new int[k];
        for (int g = 0; g < k; g++) rackSizes[g] = groupBrokers[g].length;
        Map<Integer, int[][]> boundsByRf = new HashMap<>();
        long r = 0;
        for (int i = 0; i < p; i++) {
            PartitionInfo part = partitions.get(i);
            rf[i] = part.replicationFactor();
            if (rf[i] > n) {
                throw new PlanningException("Topic " + topic + " has replication factor " + rf[i] + " but only " + n
                        + " target broker" + (n == 1 ? "" : "s"));
            }
            r += rf[i];
            current[i] = part.replicas().stream().map(indexOf::get).filter(x -> x != null).mapToInt(x -> x)
                    .toArray();
            for (int b : current[i]) isCurrent[i * n + b] = true;
            int[][] bounds = rackAware
                    ? boundsByRf.computeIfAbsent(rf[i], x -> Quotas.rackBounds(x, rackSizes))
                    : new int[][] {{0}, {rf[i]}};
            lo[i] = bounds[0];
            hi[i] = bounds[1];
        }
        replicas = r;
        if (rackAware) {
            cellOf = groupOf.clone();
            long[] cellLo = new long[k];
            long[] cellHi = new long[k];
            for (int i = 0; i < p; i++) {
                for (int g = 0; g < k; g++) {
                    cellLo[g] += lo[i][g];
                    cellHi[g] += hi[i][g];
                }
            }
            quotas = Quotas.compute(rackSizes, cellLo, cellHi, r, p);
        } else {
            cellOf = new int[n];
            int[] sizes = new int[n];
            long[] cellLo = new long[n];
            long[] cellHi = new long[n];
            for (int b = 0; b < n; b++) {
                cellOf[b] = b;
                sizes[b] = 1;
                cellHi[b] = p;
            }
            quotas = Quotas.compute(sizes, cellLo, cellHi, r, p);
        }
    }

    int brokers() {
        return brokerIds.length;
    }

    int groups() {
        return groupBrokers.length;
    }

    /** Base quota of a broker (it may hold one more as an "extra"). */
    int base(int b) {
        return quotas.base()[cellOf[b]];
    }

    Optional<String> rackOf(int b) {
        return rackAware ? Optional.of(rackNames.get(groupOf[b])) : Optional.empty();
    }
}
