package dev.kafkachatops.plan.upgrade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The order in which nodes restart. ZooKeeper: brokers by ascending id, the active controller last. KRaft:
 * controllers (combined nodes count as controllers) by ascending id with the active controller last, then the
 * broker-only nodes by ascending id. Restarting the active controller last moves controllership once, not at every
 * restart.
 */
final class RollOrder {
    private RollOrder() {
    }

    static List<NodeState> zookeeper(List<NodeState> nodes, OptionalInt active) {
        return activeLast(nodes, n -> true, active);
    }

    static List<NodeState> controllers(List<NodeState> nodes, OptionalInt active) {
        return activeLast(nodes, n -> n.role().isController(), active);
    }

    static List<NodeState> brokers(List<NodeState> nodes) {
        return activeLast(nodes, n -> n.role() == NodeRole.BROKER, OptionalInt.empty());
    }

    private static List<NodeState> activeLast(List<NodeState> nodes, Predicate<NodeState> keep, OptionalInt active) {
        List<NodeState> out = new ArrayList<>(nodes.stream().filter(keep)
                .sorted(Comparator.comparingInt(NodeState::id)).toList());
        if (active.isPresent()) {
            out.stream().filter(n -> n.id() == active.getAsInt()).findFirst().ifPresent(n -> {
                out.remove(n);
                out.add(n);
            });
        }
        return List.copyOf(out);
    }

    /** "1, 2 and 3" */
    static String ids(List<Integer> ids) {
        List<String> s = ids.stream().map(String::valueOf).toList();
        if (s.size() <= 1) return String.join("", s);
        return String.join(", ", s.subList(0, s.size() - 1)) + " and " + s.get(s.size() - 1);
    }

    /** "broker 3", "brokers 1, 2 and 3" */
    static String nodes(String role, List<NodeState> nodes) {
        List<Integer> ids = nodes.stream().map(NodeState::id).collect(Collectors.toList());
        return role + (ids.size() == 1 ? " " : "s ") + ids(ids);
    }
}
