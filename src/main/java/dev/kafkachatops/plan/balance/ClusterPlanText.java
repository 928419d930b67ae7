package dev.kafkachatops.plan.balance;

import dev.kafkachatops.plan.reassign.BrokerLoad;
import dev.kafkachatops.plan.reassign.Bytes;
import dev.kafkachatops.plan.reassign.PlanText;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.Risk;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A cluster-wide plan as plain text for the terminal: the totals, the brokers before -> after, the topic queue. */
public final class ClusterPlanText {
    private static final int MAX_TOPICS = 50;

    private ClusterPlanText() {
    }

    public static String render(ClusterPlan p, int topicsInCluster) {
        var b = new StringBuilder();
        b.append("Cluster rebalance over brokers ").append(join(p)).append(": ").append(topicsInCluster)
                .append(" topics, ").append(p.topics().size()).append(" to move (one topic at a time)\n");
        b.append("Replica moves:    ").append(p.replicaMoves()).append(" (minimum possible ")
                .append(p.fewestForCounts()).append("; surplus bound ").append(p.lowerBound())
                .append(" = max(cluster-wide ").append(p.bounds().clusterSurplus()).append(", per-topic ")
                .append(p.bounds().topicSurplus()).append("))\n");
        b.append("Data to copy:     ").append(Bytes.format(p.bytesToCopy())).append(p.sizesKnown()
                ? " (lower bound " + Bytes.format(p.bytesLowerBound()) + ")" : " (sizes unknown)").append('\n');
        b.append("Disk:             ").append(disk(p)).append('\n');
        b.append("Leaders:          ").append(p.leadersBalanced() ? "within 1 per broker"
                : "cannot be balanced within 1 with these replicas; as even as they can be").append('\n');
        Duration total = p.topics().stream().map(ReassignmentPlan::estimated).reduce(Duration.ZERO, Duration::plus);
        b.append("Estimated time:   ").append(PlanText.duration(total)).append(" (topics one after another)\n");
        b.append('\n').append(PlanText.brokers("Brokers (whole cluster, before -> after):", p.brokers()));
        b.append('\n').append(spreads(p));
        b.append('\n').append("Topics to move, in order:\n");
        if (p.isEmpty()) b.append("  none: the cluster is balanced\n");
        p.topics().stream().limit(MAX_TOPICS).forEach(t -> b.append("  ").append(PlanText.summary(t)).append('\n'));
        if (p.topics().size() > MAX_TOPICS) b.append("  ... and ").append(p.topics().size() - MAX_TOPICS)
                .append(" more\n");
        b.append('\n').append("Risks:\n").append(risks(p));
        return b.toString();
    }

    private static String disk(ClusterPlan p) {
        if (!p.sizesKnown()) return "sizes unknown (no --log-dirs): the disk criterion is skipped";
        long limit = p.diskLimit().getAsLong();
        long fullest = p.brokers().entrySet().stream().filter(e -> p.targetBrokers().contains(e.getKey()))
                .mapToLong(e -> e.getValue().bytesAfter()).max().orElse(0);
        return "fullest broker " + Bytes.format(fullest) + ", limit " + Bytes.format(limit)
                + " = max(1.05 x mean, mean + largest partition): " + (fullest <= limit ? "met" : "NOT met");
    }

    private static String spreads(ClusterPlan p) {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("replicas", new long[4]);
        s.put("leaders", new long[4]);
        s.put("bytes", new long[4]);
        boolean first = true;
        for (int id : p.targetBrokers()) {
            BrokerLoad l = p.brokers().get(id);
            long[][] v = {{l.replicasBefore(), l.replicasAfter()}, {l.leadersBefore(), l.leadersAfter()},
                    {l.bytesBefore(), l.bytesAfter()}};
            int i = 0;
            for (long[] range : s.values()) {
                for (int k = 0; k < 2; k++) {
                    range[2 * k] = first ? v[i][k] : Math.min(range[2 * k], v[i][k]);
                    range[2 * k + 1] = first ? v[i][k] : Math.max(range[2 * k + 1], v[i][k]);
                }
                i++;
            }
            first = false;
        }
        var b = new StringBuilder("Spread over target brokers (max - min), before -> after:");
        s.forEach((name, r) -> b.append(' ').append(name).append(' ').append(fmt(name, r[1] - r[0])).append(" -> ")
                .append(fmt(name, r[3] - r[2])).append(name.equals("bytes") ? "" : ","));
        return b.append('\n').toString();
    }

    private static String fmt(String name, long v) {
        return name.equals("bytes") ? Bytes.format(v) : String.valueOf(v);
    }

    private static String risks(ClusterPlan p) {
        Map<Risk.Reason, Long> byReason = p.topics().stream().flatMap(t -> t.risks().stream())
                .collect(Collectors.groupingBy(Risk::reason, LinkedHashMap::new, Collectors.counting()));
        if (byReason.isEmpty()) return "  none\n";
        return byReason.entrySet().stream().map(e -> "  - " + e.getKey().headline() + " (" + e.getValue() + " topic"
                + (e.getValue() == 1 ? ")" : "s)")).collect(Collectors.joining("\n")) + "\n";
    }

    private static String join(ClusterPlan p) {
        return p.targetBrokers().stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
