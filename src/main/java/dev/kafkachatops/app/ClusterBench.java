package dev.kafkachatops.app;

import dev.kafkachatops.plan.balance.ClusterBalancer;
import dev.kafkachatops.plan.balance.ClusterPlan;
import dev.kafkachatops.plan.reassign.BrokerInfo;
import dev.kafkachatops.plan.reassign.BrokerLoad;
import dev.kafkachatops.plan.reassign.Bytes;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.KafkaGenerator;
import dev.kafkachatops.plan.reassign.Target;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.ToLongFunction;

/**
 * {@code bench rebalance --cluster}: the cluster-wide planner on the shapes. Each cluster's topics were
 * created by Kafka's round robin on the old brokers; the new brokers are empty; a drain excludes broker 1. Prints
 * the moves against the minimum for balanced counts and the surplus bound, the bytes against their bound, the
 * spreads after the plan over the target brokers, the fullest broker against the disk limit, what Kafka's
 * {@code --generate} would move for all topics, and the planning time.
 */
final class ClusterBench {
    /** topics x partitions of replication factor rf on old brokers, plus added new ones; sizes up to maxMb. */
    record Scenario(String name, int topics, int partitions, int rf, int old, int added, int racks, int maxMb,
                    boolean drain) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("100 topics x1, 3+1", 100, 1, 3, 3, 1, 0, 0, false),
            new Scenario("200 topics x1, 6+3", 200, 1, 3, 6, 3, 0, 0, false),
            new Scenario("30 topics x4, 6+2", 30, 4, 3, 6, 2, 0, 0, false),
            new Scenario("50 topics x3, 9+3, sizes", 50, 3, 3, 9, 3, 0, 1000, false),
            new Scenario("20 topics x12, 3+1, 1MB-1GB", 20, 12, 3, 3, 1, 0, 1000, false),
            new Scenario("60 topics x6, 3 racks, 9+3", 60, 6, 3, 9, 3, 3, 1000, false),
            new Scenario("decommission 1 of 12", 40, 6, 3, 12, 0, 0, 1000, true),
            new Scenario("110 brokers x 12,000 parts", 400, 30, 3, 100, 10, 0, 1000, false),
            new Scenario("110 brokers, 12,000 topics x1", 12_000, 1, 3, 100, 10, 0, 1000, false),
            new Scenario("110 brokers, 1 topic x12,000", 1, 12_000, 3, 100, 10, 0, 1000, false),
            new Scenario("108 brokers, 3 racks, 12,000", 400, 30, 3, 99, 9, 3, 1000, false));

    private ClusterBench() {
    }

    static void print(PrintWriter out, long seed, int maxPartitions) {
        String fmt = "%-28s %7s %6s %6s %5s %5s %10s %10s %8s %8s %8s %7s %11s %8s%n";
        out.printf(Locale.ROOT, fmt, "SCENARIO", "BROKERS", "PARTS", "MOVES", "MIN", "BOUND", "BYTES", "BYTES-LB",
                "REPL-SPR", "LEAD-SPR", "DISK/LIM", "KAFKA", "KAFKA-LEAD", "PLAN-MS");
        for (Scenario s : SCENARIOS) {
            if (s.topics() * s.partitions() > maxPartitions) continue;
            ClusterAssignment c = cluster(s, seed);
            Target target = s.drain() ? Target.exclude(List.of(1)) : Target.allAlive();
            long t0 = System.nanoTime();
            ClusterPlan p = ClusterBalancer.plan(c, target, OptionalLong.empty());
            double ms = (System.nanoTime() - t0) / 1e6;
            int[] kafka = kafka(c, target, seed);
            out.printf(Locale.ROOT, fmt, s.name(), p.targetBrokers().size(), c.partitions().size(),
                    p.replicaMoves(), p.fewestForCounts(), p.lowerBound(), Bytes.format(p.bytesToCopy()),
                    Bytes.format(p.bytesLowerBound()), spread(p, BrokerLoad::replicasAfter),
                    spread(p, BrokerLoad::leadersAfter), disk(p), kafka[0], spreadOf(kafka), String.format(
                            Locale.ROOT, "%.0f", ms));
            out.flush();
        }
    }

    /** Kafka's --generate, topic by topic: replica moves, then the preferred-leader spread it leaves. */
    private static int[] kafka(ClusterAssignment c, Target target, long seed) {
        Random rnd = new Random(seed);
        List<Integer> ids = target.resolve(c);
        int[] out = new int[1 + ids.size()];
        for (String topic : c.topics()) {
            var plan = KafkaGenerator.plan(c, topic, target, OptionalLong.empty(), rnd);
            out[0] += plan.replicaMoves();
            plan.brokers().forEach((b, l) -> {
                if (ids.contains(b)) out[1 + ids.indexOf(b)] += l.leadersAfter();
            });
        }
        return out;
    }

    private static int spreadOf(int[] kafka) {
        int max = Integer.MIN_VALUE;
        int min = Integer.MAX_VALUE;
        for (int i = 1; i < kafka.length; i++) {
            max = Math.max(max, kafka[i]);
            min = Math.min(min, kafka[i]);
        }
        return max - min;
    }

    private static long spread(ClusterPlan p, ToLongFunction<BrokerLoad> f) {
        long[] v = p.targetBrokers().stream().mapToLong(b -> f.applyAsLong(p.brokers().get(b))).toArray();
        long max = Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        for (long x : v) {
            max = Math.max(max, x);
            min = Math.min(min, x);
        }
        return max - min;
    }

    private static String disk(ClusterPlan p) {
        if (!p.sizesKnown()) return "-";
        long fullest = p.targetBrokers().stream().mapToLong(b -> p.brokers().get(b).bytesAfter()).max().orElse(0);
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * fullest / p.diskLimit().getAsLong());
    }

    /** Brokers 1..old+added (racks rack-a, rack-b, ... by id); each topic created on the old brokers. */
    static ClusterAssignment cluster(Scenario s, long seed) {
        Random rnd = new Random(seed);
        var b = ClusterAssignment.builder();
        List<BrokerInfo> old = new ArrayList<>();
        for (int id = 1; id <= s.old() + s.added(); id++) {
            BrokerInfo info = s.racks() == 0 ? BrokerInfo.of(id)
                    : BrokerInfo.of(id, "rack-" + (char) ('a' + (id - 1) % s.racks()));
            b.broker(info);
            if (id <= s.old()) old.add(info);
        }
        for (int t = 0; t < s.topics(); t++) {
            String topic = String.format(Locale.ROOT, "topic-%04d", t);
            KafkaGenerator.assign(old, s.partitions(), s.rf(), rnd).forEach((p, replicas) -> b.partition(topic, p,
                    replicas, s.maxMb() == 0 ? 0 : 1_000_000L + (long) (rnd.nextDouble() * (s.maxMb() - 1)
                            * 1_000_000L)));
        }
        return b.build();
    }
}
