package dev.kafkachatops.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The sandbox's demo topics as data, all placed only on the "old" brokers 1..n so that
 * {@code /kafka rebalance orders} and {@code /kafka expand brokers=4} have real work to do.
 *
 * <ol>
 *   <li>{@code orders}: 12 partitions of 1 MB, partition p on brokers p, p+1, ... (mod n), led by the first.</li>
 *   <li>Up to 30 small topics with names an operator would recognise, 1-3 partitions each, drawn with a fixed
 *       seed. A topic's partitions share one size; the sizes are 20 KB x 150^(q^2) at evenly spaced quantiles q
 *       (20 KB to 3 MB), shuffled over the topics: most are small, a few are large, so disk balance matters.</li>
 *   <li>The small topics' replicas are dealt round robin: each partition takes the next RF brokers of 1..n, so
 *       every old broker holds as many replicas as any other, within one; the leader of a partition is the replica
 *       that leads fewest partitions so far (ties: the partition's turn in the rotation).</li>
 * </ol>
 * The replication factor is min(3, n) and min.insync.replicas one less (at least 1), as for {@code orders}.
 * Same arguments, same topics.
 */
final class SandboxTopics {
    static final int ORDERS_PARTITIONS = 12;
    static final int ORDERS_BYTES_PER_PARTITION = 1_000_000;
    static final int SMALLEST_BYTES = 20_000;
    static final int LARGEST_BYTES = 3_000_000;
    /** Records are this large, so every size is a multiple of it. */
    static final int RECORD_BYTES = 1000;
    static final long SEED = 42;
    /** The small topics' names, in creation order; none is a topic name the tests use ({@code payments}, ...). */
    static final List<String> SMALL_NAMES = List.of("payments.authorized", "payments.settled", "audit-log",
            "web.clicks", "inventory.events", "shipments", "customers", "user-signups", "sessions", "page-views",
            "cart.updates", "invoices", "fraud.alerts", "email.outbox", "notifications", "search.queries",
            "price-changes", "stock-levels", "returns", "reviews", "loyalty.points", "ledger.entries", "app-metrics",
            "access-logs", "recommendations", "ad-impressions", "support.tickets", "warehouse.scans", "geo.locations",
            "config-changes");

    /**
     * One topic to create: partition p on {@code assignment.get(p)} (the first replica leads), each partition
     * filled with {@code bytesPerPartition} bytes.
     */
    record DemoTopic(String name, Map<Integer, List<Integer>> assignment, int bytesPerPartition) {
        DemoTopic {
            if (assignment.isEmpty()) throw new IllegalArgumentException(name + " has no partitions");
            if (bytesPerPartition < 0) throw new IllegalArgumentException(name + " has a negative size");
            Map<Integer, List<Integer>> copy = new TreeMap<>();
            assignment.forEach((p, replicas) -> copy.put(p, List.copyOf(replicas)));
            assignment = Collections.unmodifiableMap(copy);
        }

        int partitions() {
            return assignment.size();
        }

        long bytes() {
            return (long) partitions() * bytesPerPartition;
        }
    }

    private SandboxTopics() {
    }

    static int replicationFactor(int oldBrokers) {
        return Math.min(3, oldBrokers);
    }

    static int minInsyncReplicas(int oldBrokers) {
        return Math.max(1, replicationFactor(oldBrokers) - 1);
    }

    static DemoTopic orders(int oldBrokers) {
        int rf = replicationFactor(oldBrokers);
        Map<Integer, List<Integer>> assignment = new TreeMap<>();
        for (int p = 0; p < ORDERS_PARTITIONS; p++) {
            List<Integer> replicas = new ArrayList<>();
            for (int r = 0; r < rf; r++) replicas.add(1 + (p + r) % oldBrokers);
            assignment.put(p, replicas);
        }
        return new DemoTopic("orders", assignment, ORDERS_BYTES_PER_PARTITION);
    }

    /** The first {@code count} small topics (0 to {@link #SMALL_NAMES}' size) on brokers 1..{@code oldBrokers}. */
    static List<DemoTopic> small(int count, int oldBrokers) {
        if (count < 0 || count > SMALL_NAMES.size()) {
            throw new IllegalArgumentException("between 0 and " + SMALL_NAMES.size() + " small topics, not " + count);
        }
        Random random = new Random(SEED);
        List<Integer> sizes = sizes(count);
        Collections.shuffle(sizes, random);
        Placement placement = new Placement(oldBrokers);
        List<DemoTopic> topics = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            int partitions = 1 + random.nextInt(3);
            Map<Integer, List<Integer>> assignment = new TreeMap<>();
            for (int p = 0; p < partitions; p++) assignment.put(p, placement.next());
            topics.add(new DemoTopic(SMALL_NAMES.get(t), assignment, sizes.get(t)));
        }
        return topics;
    }

    /** 20 KB x 150^(q^2) for q = i / (count - 1), in whole records, smallest first. */
    private static List<Integer> sizes(int count) {
        List<Integer> sizes = new ArrayList<>();
        double ratio = (double) LARGEST_BYTES / SMALLEST_BYTES;
        for (int i = 0; i < count; i++) {
            double q = count == 1 ? 0 : (double) i / (count - 1);
            long bytes = Math.round(SMALLEST_BYTES * Math.pow(ratio, q * q) / RECORD_BYTES) * RECORD_BYTES;
            sizes.add((int) bytes);
        }
        return sizes;
    }

    /** One line for the start-up summary, e.g. "Created 30 small topics (1-3 partitions, ...) on brokers 1-3". */
    static String describeSmall(List<DemoTopic> topics, int oldBrokers) {
        int fewest = topics.stream().mapToInt(DemoTopic::partitions).min().orElse(0);
        int most = topics.stream().mapToInt(DemoTopic::partitions).max().orElse(0);
        int smallest = topics.stream().mapToInt(DemoTopic::bytesPerPartition).min().orElse(0);
        int largest = topics.stream().mapToInt(DemoTopic::bytesPerPartition).max().orElse(0);
        long total = topics.stream().mapToLong(DemoTopic::bytes).sum();
        String partitions = fewest == most ? String.valueOf(most) : fewest + "-" + most;
        String sizes = smallest == largest ? size(largest) : size(smallest) + "-" + size(largest);
        return "Created " + topics.size() + " small topic" + (topics.size() == 1 ? "" : "s") + " (" + partitions
                + " partition" + (most == 1 ? "" : "s") + ", " + sizes + " per partition, " + Math.round(total / 1e6)
                + " MB) on " + brokers(oldBrokers);
    }

    /** The line for {@code orders}: partitions, replication factor, brokers and bytes per replica set. */
    static String describeOrders(DemoTopic orders, int oldBrokers) {
        return "Created topic orders: " + orders.partitions() + " partitions, replication factor "
                + replicationFactor(oldBrokers) + ", on " + brokers(oldBrokers) + ", " + Math.round(orders.bytes() / 1e6)
                + " MB per replica set";
    }

    /** 20 KB, 450 KB, 1.5 MB, 3 MB (decimal units). */
    static String size(long bytes) {
        if (bytes < 1_000_000) return Math.round(bytes / 1e3) + " KB";
        double mb = Math.round(bytes / 1e5) / 10.0;
        return (mb == Math.rint(mb) ? String.valueOf((long) mb) : String.valueOf(mb)) + " MB";
    }

    private static String brokers(int oldBrokers) {
        return oldBrokers == 1 ? "broker 1" : "brokers 1-" + oldBrokers;
    }

    /** Deals replicas round robin over brokers 1..n and picks each partition's leader among them (class comment). */
    private static final class Placement {
        private final int brokers;
        private final int rf;
        private final int[] leads;
        private int partition;

        Placement(int brokers) {
            this.brokers = brokers;
            this.rf = replicationFactor(brokers);
            this.leads = new int[brokers];
        }

        List<Integer> next() {
            List<Integer> replicas = new ArrayList<>();
            for (int r = 0; r < rf; r++) replicas.add((partition * rf + r) % brokers);
            Collections.rotate(replicas, -(partition % rf));
            int leader = 0;
            for (int r = 1; r < rf; r++) if (leads[replicas.get(r)] < leads[replicas.get(leader)]) leader = r;
            Collections.rotate(replicas, -leader);
            leads[replicas.get(0)]++;
            partition++;
            return replicas.stream().map(b -> b + 1).toList();
        }
    }
}
