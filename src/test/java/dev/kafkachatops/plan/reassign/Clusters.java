package dev.kafkachatops.plan.reassign;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Random cluster snapshots for tests: brokers 1..n (optionally in racks) plus extra brokers to drain. */
final class Clusters {
    private Clusters() {
    }

    /**
     * @param brokers  target brokers 1..brokers
     * @param racks    0 for no racks, else brokers spread over racks "r0".. (every rack non-empty)
     * @param drained  extra brokers brokers+1.. that hold replicas but are excluded from the target
     * @param rf       replication factor
     * @param parts    partitions of topic "t"
     */
    static ClusterAssignment random(Random rnd, int brokers, int racks, int drained, int rf, int parts,
                                    boolean sizes) {
        var b = ClusterAssignment.builder();
        List<Integer> rackOf = new ArrayList<>();
        for (int i = 0; i < brokers; i++) rackOf.add(racks == 0 ? -1 : i < racks ? i : rnd.nextInt(racks));
        Collections.shuffle(rackOf, rnd);
        for (int i = 0; i < brokers; i++) {
            if (racks == 0) b.brokers(i + 1);
            else b.broker(i + 1, "r" + rackOf.get(i));
        }
        for (int i = 0; i < drained; i++) {
            if (racks == 0) b.brokers(brokers + 1 + i);
            else b.broker(brokers + 1 + i, "r" + rnd.nextInt(racks));
        }
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= brokers + drained; i++) all.add(i);
        // current assignments: random, skewed towards low ids sometimes (as after an expansion)
        int pool = rnd.nextBoolean() ? all.size() : Math.max(rf, all.size() - rnd.nextInt(3));
        for (int p = 0; p < parts; p++) {
            List<Integer> c = new ArrayList<>(all.subList(0, pool));
            Collections.shuffle(c, rnd);
            b.partition("t", p, c.subList(0, rf), sizes ? 1 + rnd.nextInt(1000) : 0);
        }
        return b.build();
    }

    static Target target(int drained, int brokers) {
        if (drained == 0) return Target.allAlive();
        List<Integer> ex = new ArrayList<>();
        for (int i = 0; i < drained; i++) ex.add(brokers + 1 + i);
        return Target.exclude(ex);
    }
}
