package dev.kafkachatops.plan.reassign;


import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits moves into batches in which no broker takes part in more than {@code maxPerBroker} moves as a
 * destination or as a source that loses its replica (Cruise Control's default cap is 5). Order is kept:
 * a batch takes moves in plan order while they fit; a single move always fits an empty batch.
 */
public final class Batches {
    /** The cap the bot's runs use (Cruise Control's default), and so the plan's estimate. */
    public static final int MAX_PER_BROKER = 5;

    private Batches() {
    }

    public static List<List<PartitionMove>> of(List<PartitionMove> moves, int maxPerBroker) {
        if (maxPerBroker < 1) throw new IllegalArgumentException("maxPerBroker must be >= 1");
        List<List<PartitionMove>> batches = new ArrayList<>();
        List<PartitionMove> pending = new ArrayList<>(moves);
        while (!pending.isEmpty()) {
            List<PartitionMove> batch = new ArrayList<>();
            Map<Integer, Integer> load = new HashMap<>();
            for (var it = pending.iterator(); it.hasNext(); ) {
                PartitionMove m = it.next();
                List<Integer> touched = new ArrayList<>(m.added());
                touched.addAll(m.removed());
                boolean fits = batch.isEmpty() || touched.stream().allMatch(b -> load.getOrDefault(b, 0) < maxPerBroker);
                if (!fits) continue;
                touched.forEach(b -> load.merge(b, 1, Integer::sum));
                batch.add(m);
                it.remove();
            }
            batches.add(List.copyOf(batch));
        }
        return batches;
    }
}
