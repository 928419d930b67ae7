package dev.kafkachatops.plan.reassign;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/** How a planned replica set becomes a replica list: as few position changes as possible, the leader first. */
public final class ReplicaOrder {
    private ReplicaOrder() {
    }

    /**
     * Kept replicas stay in place, new ones take the freed slots (lowest id first), the leader goes first.
     *
     * @param from   the current replica list
     * @param chosen the planned replica set, as many brokers as {@code from}
     * @param leader the planned preferred leader, one of {@code chosen}
     */
    public static List<Integer> list(List<Integer> from, Collection<Integer> chosen, int leader) {
        Iterator<Integer> newcomers = chosen.stream().filter(b -> !from.contains(b)).sorted().iterator();
        List<Integer> out = new ArrayList<>(from.size());
        for (int b : from) out.add(chosen.contains(b) ? b : newcomers.next());
        out.remove(Integer.valueOf(leader));
        out.add(0, leader);
        return List.copyOf(out);
    }
}
