package dev.kafkachatops.plan.reassign;

import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which brokers a topic should live on.
 * <ul>
 *   <li>{@link #allAlive()}: every alive broker (the default, {@code rebalance T});</li>
 *   <li>{@link #brokers(List)}: exactly these brokers ({@code brokers=1,2,3}); each must be alive;</li>
 *   <li>{@link #exclude(List)}: every alive broker but these ({@code exclude=4}, a drain);</li>
 *   <li>{@link #expand(List)}: every alive broker, and these new ones must be among them
 *       ({@code expand brokers=4,5}).</li>
 * </ul>
 * {@code brokers} and {@code exclude} combine: the listed brokers minus the excluded ones.
 *
 * @param brokers  explicit target brokers; empty means all alive brokers
 * @param exclude  brokers removed from the target
 * @param required brokers that must be alive and in the target
 */
public record Target(List<Integer> brokers, List<Integer> exclude, List<Integer> required) {
    public Target {
        brokers = List.copyOf(brokers);
        exclude = List.copyOf(exclude);
        required = List.copyOf(required);
        if (new HashSet<>(brokers).size() != brokers.size()) {
            throw new IllegalArgumentException("a broker is listed twice in " + brokers);
        }
    }

    public static Target allAlive() {
        return new Target(List.of(), List.of(), List.of());
    }

    public static Target brokers(List<Integer> ids) {
        if (ids.isEmpty()) throw new IllegalArgumentException("empty broker list");
        return new Target(ids, List.of(), List.of());
    }

    public static Target exclude(List<Integer> ids) {
        return new Target(List.of(), ids, List.of());
    }

    public static Target expand(List<Integer> newBrokers) {
        return new Target(List.of(), List.of(), newBrokers);
    }

    public Target excluding(List<Integer> ids) {
        return new Target(brokers, ids, required);
    }

    /**
     * The target broker ids, ascending.
     *
     * @throws PlanningException for an unknown broker id, a dead broker in an explicit list or among the required
     *                           ones, or an empty result
     */
    public List<Integer> resolve(ClusterAssignment cluster) {
        var known = new TreeSet<>(cluster.brokerIds());
        var alive = new TreeSet<>(cluster.aliveBrokerIds());
        for (List<Integer> list : List.of(brokers, exclude, required)) {
            for (int id : list) {
                if (!known.contains(id)) {
                    throw new PlanningException("Broker " + id + " is not in the cluster (brokers: " + join(known)
                            + ")");
                }
            }
        }
        for (List<Integer> list : List.of(brokers, required)) {
            for (int id : list) {
                if (!alive.contains(id)) {
                    throw new PlanningException("Broker " + id + " is not alive, so it cannot receive replicas "
                            + "(alive brokers: " + join(alive) + ")");
                }
            }
        }
        var out = new TreeSet<>(brokers.isEmpty() ? alive : brokers);
        exclude.forEach(out::remove);
        for (int id : required) {
            if (!out.contains(id)) {
                throw new PlanningException("Broker " + id + " is both added and excluded");
            }
        }
        if (out.isEmpty()) {
            throw new PlanningException("No target brokers are left (alive: " + join(alive) + ", excluded: "
                    + join(exclude) + ")");
        }
        return List.copyOf(out);
    }

    /** "all alive brokers except 4" */
    public String describe() {
        String base = brokers.isEmpty() ? "all alive brokers" : "brokers " + join(brokers);
        return exclude.isEmpty() ? base : base + " except " + join(exclude);
    }

    static String join(java.util.Collection<Integer> ids) {
        return ids.isEmpty() ? "none" : ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
