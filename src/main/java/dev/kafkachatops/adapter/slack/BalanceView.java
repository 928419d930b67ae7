package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import dev.kafkachatops.plan.balance.BalanceSummary;
import dev.kafkachatops.plan.reassign.BrokerLoad;
import dev.kafkachatops.view.DiskChart;
import dev.kafkachatops.view.Format;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;

/**
 * The whole cluster before -> after in a cluster-wide plan ({@code expand}, {@code rebalance --all},
 * {@code decommission}): the spreads over the target brokers, then per broker replicas, preferred leaders, disk
 * bytes with % of the mean and % of the log-dir capacity. At most {@link #MAX_ROWS} broker rows (the ones whose
 * load changes most; the chart in the thread has them all), so the message stays within Block Kit's limits at 300
 * brokers.
 */
final class BalanceView {
    static final int MAX_ROWS = 24;

    private BalanceView() {
    }

    static List<LayoutBlock> blocks(BalanceSummary b) {
        List<LayoutBlock> out = new ArrayList<>();
        out.add(section(s -> s.text(markdownText(StatusView.truncate(spreads(b), 3000)))));
        out.add(section(s -> s.text(markdownText(StatusView.truncate(table(b), 3000)))));
        return out;
    }

    /** The spreads before -> after, the disk criteria, and for a decommission what happens to the brokers. */
    static String spreads(BalanceSummary b) {
        var t = new StringBuilder("*Whole cluster, over brokers ").append(ids(b.targetBrokers()))
                .append(" (before → after)*\n");
        long[] r = b.range(BrokerLoad::replicasBefore, BrokerLoad::replicasAfter);
        t.append("• Replicas per broker: ").append(r[0]).append('-').append(r[1]).append(" → ").append(r[2])
                .append('-').append(r[3]).append('\n');
        long[] l = b.range(BrokerLoad::leadersBefore, BrokerLoad::leadersAfter);
        t.append("• Preferred leaders per broker: ").append(l[0]).append('-').append(l[1]).append(" → ").append(l[2])
                .append('-').append(l[3]).append(b.leadersBalanced() ? "" : " (as even as these replicas allow)")
                .append('\n');
        if (!b.unequalRacks().isEmpty()) {
            t.append("• Racks of unequal size (").append(racks(b.unequalRacks())).append("): every partition keeps "
                    + "its replicas on as many racks as it can, so a broker alone in its rack keeps a replica of nearly "
                    + "every partition; replicas and disk are evened within each rack\n");
        }
        if (b.sizesKnown()) {
            long[] d = b.range(BrokerLoad::bytesBefore, BrokerLoad::bytesAfter);
            t.append("• Fullest broker: ").append(percent(d[1], b.meanBytesBefore())).append(" of the mean → ")
                    .append(percent(d[3], b.meanBytesAfter())).append(" (").append(Format.bytes(d[1])).append(" → ")
                    .append(Format.bytes(d[3])).append("; limit ").append(Format.bytes(b.diskLimit().getAsLong()))
                    .append(b.unequalRacks().isEmpty() ? " = max(1.05 × mean, mean + the largest partition))\n"
                            : ", the highest of the racks' limits, each max(1.05 × the rack's mean, its mean + the "
                            + "largest partition))\n");
        } else {
            t.append("• Disk: partition sizes unknown, so disk balance was not planned\n");
        }
        if (!b.capacity().isEmpty()) {
            double before = 0;
            double after = 0;
            for (var e : b.capacity().entrySet()) {
                BrokerLoad load = b.brokers().getOrDefault(e.getKey(), BrokerLoad.EMPTY);
                before = Math.max(before, (double) load.bytesBefore() / e.getValue());
                after = Math.max(after, (double) load.bytesAfter() / e.getValue());
            }
            t.append("• Fullest log dirs: ").append(Math.round(100 * before)).append("% → ")
                    .append(Math.round(100 * after)).append("% of capacity (no broker passes ")
                    .append(Math.round(100 * b.maxDiskUse())).append("% at any step)\n");
        }
        for (int id : b.drained()) {
            BrokerLoad load = b.brokers().getOrDefault(id, BrokerLoad.EMPTY);
            t.append("• Broker ").append(id).append(": ").append(load.replicasBefore()).append(" replicas (")
                    .append(Format.bytes(load.bytesBefore())).append(") → 0. It may be stopped once the run is done "
                            + "and it holds nothing.\n");
        }
        return t.toString();
    }

    /** {@code a: 1, 4 · b: 2 · c: 3} */
    private static String racks(Map<String, List<Integer>> racks) {
        StringBuilder out = new StringBuilder();
        for (var e : racks.entrySet()) {
            if (out.length() > 200) return out.append(" · …").toString();
            if (!out.isEmpty()) out.append(" · ");
            out.append(Format.mrkdwnEscape(e.getKey())).append(": ").append(ids(e.getValue()));
        }
        return out.toString();
    }

    /** Every broker's disk before and after, with its capacity when known, for the chart in the plan's thread. */
    static List<DiskChart.Bar> bars(BalanceSummary b) {
        return b.brokers().entrySet().stream().map(e -> new DiskChart.Bar(e.getKey(), e.getValue().bytesBefore(),
                e.getValue().bytesAfter(), b.capacity().containsKey(e.getKey())
                ? OptionalLong.of(b.capacity().get(e.getKey())) : OptionalLong.empty())).toList();
    }

    /** Per broker before -> after, the brokers whose load changes most (by bytes, then replicas), by id. */
    static String table(BalanceSummary b) {
        List<Integer> shown = b.brokers().keySet().stream()
                .sorted(Comparator.comparingLong((Integer id) -> -bytesChange(b.brokers().get(id)))
                        .thenComparingLong(id -> -replicasChange(b.brokers().get(id))).thenComparing(id -> id))
                .limit(MAX_ROWS).sorted().toList();
        boolean disk = b.sizesKnown();
        boolean cap = !b.capacity().isEmpty();
        double meanBefore = Math.max(1, b.meanBytesBefore());
        double meanAfter = Math.max(1, b.meanBytesAfter());
        var t = new StringBuilder("```");
        t.append(Format.pad("BROKER", 8)).append(Format.pad("REPLICAS", 11)).append(Format.pad("LEADERS", 10));
        if (disk) t.append(Format.pad("DISK", 20)).append(Format.pad("% MEAN", 11));
        if (cap) t.append("% CAPACITY");
        t.append('\n');
        for (int id : shown) {
            BrokerLoad l = b.brokers().get(id);
            t.append(Format.pad(String.valueOf(id), 8)).append(Format.pad(l.replicasBefore() + " → "
                    + l.replicasAfter(), 11)).append(Format.pad(l.leadersBefore() + " → " + l.leadersAfter(), 10));
            if (disk) {
                t.append(Format.pad(Format.bytes(l.bytesBefore()) + " → " + Format.bytes(l.bytesAfter()), 20))
                        .append(Format.pad(Math.round(100 * l.bytesBefore() / meanBefore) + " → "
                                + Math.round(100 * l.bytesAfter() / meanAfter), 11));
            }
            Long c = b.capacity().get(id);
            if (cap && c != null) {
                t.append(Math.round(100.0 * l.bytesBefore() / c)).append(" → ").append(Math.round(100.0 * l.bytesAfter()
                        / c));
            }
            t.append('\n');
        }
        int hidden = b.brokers().size() - shown.size();
        if (hidden > 0) {
            t.append("... and ").append(hidden).append(" brokers that change less (the chart shows every broker)\n");
        }
        return t.append("```").toString();
    }

    private static long bytesChange(BrokerLoad l) {
        return Math.abs(l.bytesAfter() - l.bytesBefore());
    }

    private static long replicasChange(BrokerLoad l) {
        return Math.abs(l.replicasAfter() - l.replicasBefore());
    }

    private static String percent(long value, double mean) {
        return mean <= 0 ? "-" : Math.round(100 * value / mean) + "%";
    }

    private static String ids(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
