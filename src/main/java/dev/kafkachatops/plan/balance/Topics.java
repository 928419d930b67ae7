package dev.kafkachatops.plan.balance;

import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.PartitionInfo;
import dev.kafkachatops.plan.reassign.PlanningException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every topic of the cluster as the planner counts it: its partitions, where they are now (as target broker
 * indices; a replica on a broker outside the target is not counted, it has to move) and the fair share per target
 * broker: {@code base = R / n} replicas, one more on {@code R mod n} brokers, for a topic of {@code R} replicas.
 */
final class Topics {
    final List<String> names = new ArrayList<>();
    final List<List<PartitionInfo>> partitions = new ArrayList<>();
    /** Per topic and partition, the target brokers holding it now. */
    final int[][][] current;
    /** Per topic and target broker, the replicas it holds now. */
    final int[][] now;
    final int[] replicas;

    Topics(ClusterAssignment cluster, Topology topo) {
        Map<String, List<PartitionInfo>> byTopic = new TreeMap<>();
        for (PartitionInfo p : cluster.partitions()) {
            byTopic.computeIfAbsent(p.tp().topic(), t -> new ArrayList<>()).add(p);
        }
        byTopic.forEach((t, ps) -> {
            names.add(t);
            partitions.add(List.copyOf(ps));
        });
        int n = topo.brokers();
        current = new int[names.size()][][];
        now = new int[names.size()][n];
        replicas = new int[names.size()];
        for (int t = 0; t < names.size(); t++) {
            List<PartitionInfo> ps = partitions.get(t);
            current[t] = new int[ps.size()][];
            for (int p = 0; p < ps.size(); p++) {
                PartitionInfo info = ps.get(p);
                if (info.replicationFactor() > n) {
                    throw new PlanningException(info.tp() + " has replication factor " + info.replicationFactor()
                            + " but only " + n + " target brokers");
                }
                topo.fits(info.replicationFactor());
                replicas[t] += info.replicationFactor();
                current[t][p] = info.replicas().stream().mapToInt(topo::indexOf).filter(b -> b >= 0).sorted()
                        .toArray();
                for (int b : current[t][p]) now[t][b]++;
            }
        }
    }

    int count() {
        return names.size();
    }

    int base(int t) {
        return replicas[t] / now[t].length;
    }

    int extras(int t) {
        return replicas[t] % now[t].length;
    }

    long size(int t, int p) {
        return partitions.get(t).get(p).sizeBytes();
    }

    int rf(int t, int p) {
        return partitions.get(t).get(p).replicationFactor();
    }
}
