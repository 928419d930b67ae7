package dev.kafkachatops.plan.balance;

import dev.kafkachatops.plan.reassign.BrokerInfo;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.PlanningException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The target brokers as indices {@code 0..n-1} and their groups for the rack rule: one group per rack, or one
 * group per broker when no broker has a rack (then the rule only says "no broker twice"). With {@code k} racks a
 * partition of replication factor {@code rf} puts between {@code rf / k} and {@code ceil(rf / k)} replicas in each
 * rack, and never more than the rack has brokers; racks may differ in size ({@link #equal}) as long as every
 * replication factor fits ({@link #fits}).
 */
final class Topology {
    final int[] ids;
    final int[] groupOf;
    final int[][] groupBrokers;
    final boolean racks;
    /** Every group has the same number of brokers. */
    final boolean equal;
    private final String sizes;
    /** Rack name -> its target brokers (ascending), when brokers have racks; empty otherwise. */
    final Map<String, List<Integer>> rackBrokers = new TreeMap<>();
    private final Map<Integer, Integer> index = new HashMap<>();

    Topology(ClusterAssignment cluster, List<Integer> targets) {
        int n = targets.size();
        ids = targets.stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < n; i++) index.put(ids[i], i);
        List<Optional<String>> rackOf = targets.stream()
                .map(id -> cluster.broker(id).map(BrokerInfo::rack).orElse(Optional.empty())).toList();
        long withRack = rackOf.stream().filter(Optional::isPresent).count();
        if (withRack != 0 && withRack != n) {
            throw new PlanningException("Brokers " + without(targets, rackOf) + " have no broker.rack while others "
                    + "have one: give every target broker a rack or none");
        }
        racks = withRack > 0;
        groupOf = new int[n];
        Map<String, Integer> groupIds = new TreeMap<>();
        if (racks) rackOf.forEach(r -> groupIds.put(r.orElseThrow(), 0));
        int g = 0;
        for (var e : groupIds.entrySet()) e.setValue(g++);
        for (int i = 0; i < n; i++) groupOf[i] = racks ? groupIds.get(rackOf.get(i).orElseThrow()) : i;
        if (racks) {
            for (int i = 0; i < n; i++) {
                rackBrokers.computeIfAbsent(rackOf.get(i).orElseThrow(), r -> new ArrayList<>()).add(ids[i]);
            }
        }
        int groups = racks ? groupIds.size() : n;
        int[] size = new int[groups];
        for (int b = 0; b < n; b++) size[groupOf[b]]++;
        groupBrokers = new int[groups][];
        for (int i = 0; i < groups; i++) groupBrokers[i] = new int[size[i]];
        int[] fill = new int[groups];
        for (int b = 0; b < n; b++) groupBrokers[groupOf[b]][fill[groupOf[b]]++] = b;
        equal = new TreeSet<>(Arrays.stream(size).boxed().toList()).size() == 1;
        sizes = racks ? groupIds.keySet() + " hold " + Arrays.toString(size) : "";
    }

    /** Refuses a replication factor the racks cannot hold with at most {@link #hi(int, int)} replicas each. */
    void fits(int rf) {
        int most = 0;
        boolean under = false;
        for (int g = 0; g < groups(); g++) {
            most += hi(rf, g);
            under |= hi(rf, g) < lo(rf);
        }
        if (under || most < rf) {
            throw new PlanningException("Replication factor " + rf + " does not fit racks of unequal size ("
                    + sizes + " target brokers) with at most ceil(rf / racks) replicas per rack");
        }
    }

    int brokers() {
        return ids.length;
    }

    int groups() {
        return groupBrokers.length;
    }

    int groupSize() {
        return groupBrokers[0].length;
    }

    /** The index of a broker id, or -1 for a broker outside the target. */
    int indexOf(int id) {
        return index.getOrDefault(id, -1);
    }

    /** Fewest replicas of a partition of replication factor {@code rf} in each group. */
    int lo(int rf) {
        return rf / groups();
    }

    /** Most replicas of a partition of replication factor {@code rf} in each group. */
    int hi(int rf) {
        return (rf + groups() - 1) / groups();
    }

    /** Most replicas of a partition of replication factor {@code rf} in group {@code g}: no broker twice. */
    int hi(int rf, int g) {
        return Math.min(hi(rf), groupBrokers[g].length);
    }

    private static String without(List<Integer> ids, List<Optional<String>> racks) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            if (racks.get(i).isEmpty()) b.append(b.length() == 0 ? "" : ", ").append(ids.get(i));
        }
        return b.toString();
    }
}
