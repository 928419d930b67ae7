package dev.kafkachatops.plan.upgrade;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * Groups the broker-only nodes of a roll into batches restarted together, as safe as one at a time. Pure: same
 * input, same batches. Controllers (and combined nodes) are never batched: they restart one at a time, the active
 * one last, before the brokers.
 * <ol>
 *   <li>{@code one}: every broker alone, in the given order.</li>
 *   <li>{@code rack}: the brokers of one rack together, racks in the order of their first broker; when a broker's
 *       rack is unknown, one at a time (and a note says why).</li>
 *   <li>{@code auto}: colour the conflict graph (two brokers conflict when they hold replicas of the same
 *       partition) greedily, most conflicts first, ties by id: a broker takes the first colour with none of its
 *       neighbours; a colour of more than {@code maxBatch} brokers is cut into equal parts of at most
 *       {@code maxBatch}. No partition then loses more than one replica at once: the per-partition exposure of a
 *       one-at-a-time roll.</li>
 *   <li>The safety rule for every batch: no partition may fall below {@code min.insync.replicas} with every broker
 *       of the batch down (its in-sync replicas outside the batch at least its minimum). A batch that breaks it is
 *       split, first fit, into batches that keep it; a broker that breaks it alone stays alone (the runner's gate
 *       then waits, as in a one-at-a-time roll).</li>
 * </ol>
 */
public final class RollBatches {
    /** A broker to roll and its rack ({@code broker.rack}), if known. */
    public record Broker(int id, Optional<String> rack) {
        public Broker {
            Objects.requireNonNull(rack, "rack");
        }
    }

    /** A partition's replicas, its in-sync replicas and its topic's {@code min.insync.replicas}. */
    public record Partition(String name, List<Integer> replicas, List<Integer> isr, int minIsr) {
        public Partition {
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
            if (!replicas.containsAll(isr)) throw new IllegalArgumentException(name + ": ISR not within replicas");
            if (minIsr < 1) throw new IllegalArgumentException(name + ": min.insync.replicas must be >= 1");
        }
    }

    /** The batches in the order they restart (members by ascending id), and why the mode could not apply, if so. */
    public record Result(List<List<Integer>> batches, Optional<String> note) {
        public Result {
            batches = batches.stream().map(List::copyOf).toList();
            Objects.requireNonNull(note, "note");
        }

        public int largest() {
            return batches.stream().mapToInt(List::size).max().orElse(0);
        }

        /**
         * The estimate of the brokers' part of a roll: per batch one restart (its brokers restart together; the
         * slowest sets the pace, estimated as one), its health gate and its leader elections, as the plan's steps
         * estimate a single node.
         */
        public Duration estimate(UpgradeEstimates e) {
            Duration each = perBatch(e);
            return RollBatches.estimate(batches, id -> each);
        }

        public static Duration perBatch(UpgradeEstimates e) {
            return e.of(StepKind.START).plus(e.of(StepKind.HEALTH_GATE)).plus(e.of(StepKind.ELECT_LEADERS));
        }
    }

    private RollBatches() {
    }

    /**
     * The time of a roll in {@code units} (batches, or single nodes) restarted one unit after the other, the members
     * of a unit together: per unit its slowest member ({@code perNode}). Plans ({@link Phase#estimate()}) and
     * {@code bench roll} both estimate with this.
     */
    public static Duration estimate(List<List<Integer>> units, IntFunction<Duration> perNode) {
        Duration total = Duration.ZERO;
        for (List<Integer> unit : units) {
            total = total.plus(unit.stream().map(perNode::apply).max(Comparator.naturalOrder()).orElse(Duration.ZERO));
        }
        return total;
    }

    /**
     * The partitions that would fall below their {@code min.insync.replicas} with every node of {@code batch} down
     * ("orders-3"): those with an in-sync replica in the batch and fewer than their minimum in sync outside it. The
     * runner's batch safety gate, over the live state; for one node the single-node gate's rule.
     */
    public static List<String> belowMinIsr(Collection<Integer> batch, List<Partition> partitions) {
        List<String> out = new ArrayList<>();
        for (Partition p : partitions) {
            if (p.isr().stream().noneMatch(batch::contains)) continue;
            long left = p.isr().stream().filter(r -> !batch.contains(r)).count();
            if (left < p.minIsr()) out.add(p.name());
        }
        return out;
    }

    /**
     * Splits {@code batch} (in order) by first fit into smaller batches that keep the safety rule over
     * {@code partitions} (the live state): what the runner does when a planned batch would break it now.
     */
    public static List<List<Integer>> split(List<Integer> batch, List<Partition> partitions) {
        return firstFit(batch, new Safety(partitions)).stream().map(List::copyOf).toList();
    }

    public static Result plan(BatchMode mode, List<Broker> brokers, List<Partition> partitions, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        List<Integer> ids = brokers.stream().map(Broker::id).toList();
        if (new HashSet<>(ids).size() != ids.size()) throw new IllegalArgumentException("duplicate broker ids " + ids);
        Safety safety = new Safety(partitions);
        switch (mode) {
            case RACK -> {
                List<Integer> unknown = brokers.stream().filter(b -> b.rack().isEmpty()).map(Broker::id).toList();
                if (!unknown.isEmpty()) {
                    return new Result(singles(ids), Optional.of("the rack of broker" + (unknown.size() == 1 ? " "
                            : "s ") + RollOrder.ids(unknown) + " is not known: one broker at a time"));
                }
                Map<String, List<Integer>> byRack = new LinkedHashMap<>();
                brokers.stream().sorted(Comparator.comparingInt(Broker::id))
                        .forEach(b -> byRack.computeIfAbsent(b.rack().get(), r -> new ArrayList<>()).add(b.id()));
                List<List<Integer>> out = new ArrayList<>();
                byRack.values().forEach(rack -> out.addAll(firstFit(rack, safety)));
                return new Result(out, Optional.empty());
            }
            case AUTO -> {
                return new Result(auto(ids, partitions, safety, maxBatch), Optional.empty());
            }
            default -> {
                return new Result(singles(ids), Optional.empty());
            }
        }
    }

    private static List<List<Integer>> singles(List<Integer> ids) {
        return ids.stream().map(List::of).toList();
    }

    private static List<List<Integer>> auto(List<Integer> ids, List<Partition> partitions, Safety safety, int max) {
        Map<Integer, Set<Integer>> neighbours = new HashMap<>();
        ids.forEach(id -> neighbours.put(id, new TreeSet<>()));
        for (Partition p : partitions) {
            for (int a : p.replicas()) {
                for (int b : p.replicas()) {
                    if (a != b && neighbours.containsKey(a) && neighbours.containsKey(b)) neighbours.get(a).add(b);
                }
            }
        }
        List<Integer> order = ids.stream().sorted(Comparator.<Integer>comparingInt(id -> -neighbours.get(id).size())
                .thenComparingInt(id -> id)).toList();
        List<List<Integer>> colours = new ArrayList<>();
        for (int id : order) {
            Optional<List<Integer>> fits = colours.stream().filter(b -> b.stream().noneMatch(neighbours.get(id)::contains)
                    && safety.safe(b, id)).findFirst();
            if (fits.isPresent()) fits.get().add(id);
            else colours.add(new ArrayList<>(List.of(id)));
        }
        // a colour larger than the cap is cut into equal parts (fewer batches than filling each to the cap first)
        List<List<Integer>> batches = new ArrayList<>();
        for (List<Integer> colour : colours) {
            colour.sort(Comparator.naturalOrder());
            int parts = (colour.size() + max - 1) / max;
            for (int k = 0; k < parts; k++) {
                batches.add(colour.subList(k * colour.size() / parts, (k + 1) * colour.size() / parts));
            }
        }
        return batches;
    }

    /** Splits {@code ids} (in order) into batches that keep the safety rule. */
    private static List<List<Integer>> firstFit(List<Integer> ids, Safety safety) {
        List<List<Integer>> out = new ArrayList<>();
        for (int id : ids) {
            Optional<List<Integer>> fits = out.stream().filter(b -> safety.safe(b, id)).findFirst();
            if (fits.isPresent()) fits.get().add(id);
            else out.add(new ArrayList<>(List.of(id)));
        }
        return out;
    }

    /** The safety rule over the partitions each broker holds. */
    private static final class Safety {
        private final Map<Integer, List<Partition>> held = new HashMap<>();

        Safety(List<Partition> partitions) {
            for (Partition p : partitions) {
                for (int r : p.replicas()) held.computeIfAbsent(r, k -> new ArrayList<>()).add(p);
            }
        }

        /**
         * May {@code candidate} join {@code batch}: every partition it holds keeps its minimum in sync with the whole
         * batch down, and neither it nor a member breaks the rule alone (such a broker restarts alone).
         */
        boolean safe(List<Integer> batch, int candidate) {
            if (!keeps(List.of(), candidate) || batch.stream().anyMatch(m -> !keeps(List.of(), m))) return false;
            return keeps(batch, candidate);
        }

        private boolean keeps(List<Integer> batch, int candidate) {
            for (Partition p : held.getOrDefault(candidate, List.of())) {
                long left = p.isr().stream().filter(r -> r != candidate && !batch.contains(r)).count();
                if (left < p.minIsr()) return false;
            }
            return true;
        }
    }
}
