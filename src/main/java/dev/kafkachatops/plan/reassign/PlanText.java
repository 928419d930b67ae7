package dev.kafkachatops.plan.reassign;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A plan as plain text, for the terminal and for Slack's notification fallback. Pure. */
public final class PlanText {
    private static final int MAX_MOVES = 50;

    private PlanText() {
    }

    /** "orders: 9 replica moves (the minimum), 9 partitions, 1.2 GB to copy, 3 leader changes, about 45s" */
    public static String summary(ReassignmentPlan p) {
        if (p.isEmpty()) {
            return p.topic() + ": nothing to move, already balanced over brokers " + Target.join(p.targetBrokers());
        }
        // a bound of 0 with moves: the topic was balanced on its own and moves for the cluster's balance
        String min = p.replicaMoves() == p.lowerBound() ? "the minimum"
                : p.lowerBound() == 0 ? "for cluster-wide balance" : "lower bound " + p.lowerBound();
        return p.topic() + ": " + plural(p.replicaMoves(), "replica move") + " (" + min + "), "
                + plural(p.dataMoves(), "partition") + " copying " + Bytes.format(p.bytesToCopy()) + ", "
                + plural(p.leaderChanges(), "leader change") + ", about " + duration(p.estimated());
    }

    public static String render(ReassignmentPlan p) {
        return render(p, MAX_MOVES);
    }

    /** The full text, listing at most {@code maxMoves} moves. */
    public static String render(ReassignmentPlan p, int maxMoves) {
        var b = new StringBuilder();
        b.append(summary(p)).append('\n');
        b.append("Target brokers:   ").append(Target.join(p.targetBrokers())).append('\n');
        b.append("Replica moves:    ").append(p.replicaMoves()).append(" (lower bound ").append(p.lowerBound())
                .append(": no balanced plan needs fewer)\n");
        b.append("Leader changes:   ").append(p.leaderChanges()).append('\n');
        b.append("Data to copy:     ").append(Bytes.format(p.bytesToCopy())).append('\n');
        b.append("Estimated time:   ").append(duration(p.estimated())).append(p.throttleBytesPerSec().isPresent()
                ? " at the " + Bytes.rate(p.throttleBytesPerSec().getAsLong()) + " throttle"
                : " (no throttle: assuming " + Bytes.rate(PlanAssembler.DEFAULT_RATE) + " per broker)").append('\n');
        if (!p.isEmpty()) b.append('\n').append(moves(p.moves(), maxMoves));
        b.append('\n').append(brokers("Brokers (this topic, before -> after):", p.brokers()));
        b.append('\n').append("Risks:\n");
        if (p.risks().isEmpty()) b.append("  none\n");
        p.risks().forEach(r -> b.append("  - ").append(r.text()).append('\n'));
        return b.toString();
    }

    static String moves(List<PartitionMove> moves, int max) {
        int w = Math.max(9, moves.stream().mapToInt(m -> m.tp().toString().length()).max().orElse(9)) + 2;
        int fw = Math.max(4, moves.stream().mapToInt(m -> m.from().toString().length()).max().orElse(4)) + 2;
        int tw = Math.max(2, moves.stream().mapToInt(m -> m.to().toString().length()).max().orElse(2)) + 2;
        var b = new StringBuilder("Moves:\n");
        b.append("  ").append(pad("PARTITION", w)).append(pad("FROM", fw)).append(pad("TO", tw)).append("COPY\n");
        moves.stream().limit(max).forEach(m -> b.append("  ").append(pad(m.tp().toString(), w))
                .append(pad(m.from().toString(), fw)).append(pad(m.to().toString(), tw))
                .append(m.reorderOnly() ? "leader only" : Bytes.format(m.bytes())).append('\n'));
        if (moves.size() > max) b.append("  ... and ").append(moves.size() - max).append(" more\n");
        return b.toString();
    }

    /** A table of per-broker loads before -> after, under {@code heading}. */
    public static String brokers(String heading, Map<Integer, BrokerLoad> loads) {
        var b = new StringBuilder(heading).append('\n');
        b.append("  ").append(pad("BROKER", 8)).append(pad("REPLICAS", 14)).append(pad("LEADERS", 14))
                .append("BYTES\n");
        loads.forEach((id, l) -> b.append("  ").append(pad(String.valueOf(id), 8))
                .append(pad(l.replicasBefore() + " -> " + l.replicasAfter(), 14))
                .append(pad(l.leadersBefore() + " -> " + l.leadersAfter(), 14))
                .append(Bytes.format(l.bytesBefore())).append(" -> ").append(Bytes.format(l.bytesAfter()))
                .append('\n'));
        return b.toString();
    }

    /** "0s", "45s", "4m 10s", "2h 5m", "3d 4h" */
    public static String duration(Duration d) {
        long s = d.getSeconds();
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        if (s < 86_400) return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
        return s / 86_400 + "d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + "h");
    }

    /** The queue of a cluster-wide plan, one line per topic in order. */
    public static String queue(List<ReassignmentPlan> plans) {
        if (plans.isEmpty()) return "Nothing to move: every topic is balanced.\n";
        var b = new StringBuilder();
        for (int i = 0; i < plans.size(); i++) b.append(i + 1).append(". ").append(summary(plans.get(i))).append('\n');
        return b.toString();
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }
}
