package dev.kafkachatops.view;

import dev.kafkachatops.domain.BrokerState;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.domain.QuorumState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The status as plain text, for the terminal and for Slack's notification fallback. Same facts as
 * {@link dev.kafkachatops.adapter.slack.StatusView}.
 */
public final class StatusText {
    private StatusText() {
    }

    /** One line: "sandbox: healthy, 3/3 brokers, 12 topics, 36 partitions". */
    public static String summary(ClusterStatus s) {
        String state = s.healthy() ? "healthy" : "NEEDS ATTENTION (" + String.join(", ", s.problems()) + ")";
        return "Cluster " + s.clusterName() + ": " + state + "; " + s.aliveBrokers() + "/" + s.brokers().size()
                + " brokers alive, " + Format.plural(s.topics(), "topic") + ", " + Format.plural(s.partitions(),
                "partition");
    }

    public static String render(ClusterStatus s) {
        var b = new StringBuilder();
        b.append(summary(s)).append('\n');
        b.append("Cluster id:          ").append(s.clusterId()).append('\n');
        b.append("Mode:                ").append(s.mode().label()).append('\n');
        b.append("Active controller:   ").append(s.activeController().map(String::valueOf).orElse("none")).append('\n');
        b.append("metadata.version:    ").append(s.metadataVersion().orElse("n/a")).append('\n');
        b.append("Topics:              ").append(s.topics()).append(" (+").append(s.internalTopics())
                .append(" internal), ").append(s.partitions()).append(" partitions\n");
        b.append("Under-replicated:    ").append(count(s.underReplicated().size(), Format.partitions(s.underReplicated(), 20))).append('\n');
        b.append("Under min ISR:       ").append(count(s.underMinIsr().size(), Format.partitions(s.underMinIsr(), 20))).append('\n');
        b.append("Offline:             ").append(count(s.offline().size(), Format.partitions(s.offline(), 20))).append('\n');
        b.append("Reassignments:       ").append(s.reassigning().isEmpty() ? "none in progress"
                : s.reassigning().size() + " in progress: " + Format.partitions(s.reassigning(), 20)).append('\n');
        b.append('\n').append(brokerTable(s.brokers(), Integer.MAX_VALUE));
        s.quorum().ifPresent(q -> b.append('\n').append(quorumLine(q)).append('\n'));
        b.append("\nRead at ").append(Format.utc(s.readAt())).append(" in ").append(s.readTook().toMillis())
                .append(" ms\n");
        return b.toString();
    }

    private static String count(int n, String detail) {
        return n == 0 ? "0" : n + ": " + detail;
    }

    /** A fixed-width table of brokers; at most {@code maxRows} rows, then a count of the rest. */
    public static String brokerTable(List<BrokerState> brokers, int maxRows) {
        return brokerTable(brokers, maxRows, Integer.MAX_VALUE);
    }

    /**
     * At most {@code maxRows} rows and {@code maxChars} characters; when not every broker fits, the brokers that
     * are down and the active controller are shown first, and a last line says how many are left out and whether
     * they are all up.
     */
    public static String brokerTable(List<BrokerState> brokers, int maxRows, int maxChars) {
        int endpointWidth = Math.min(60, Math.max(8, brokers.stream().mapToInt(x -> x.endpoint().length()).max()
                .orElse(8)));
        var b = new StringBuilder();
        b.append(Format.pad("ID", 6)).append(Format.pad("ENDPOINT", endpointWidth + 2)).append(Format.pad("RACK", 10))
                .append("STATE\n");
        List<BrokerState> first = new ArrayList<>(brokers.stream().filter(x -> !x.alive() || x.controller()).toList());
        brokers.stream().filter(x -> x.alive() && !x.controller()).forEach(first::add);
        List<BrokerState> shown = new ArrayList<>();
        int budget = maxChars - b.length() - 40; // room for the last line
        for (BrokerState x : first) {
            String row = row(x, endpointWidth);
            if (shown.size() == maxRows || budget < row.length()) break;
            budget -= row.length();
            shown.add(x);
        }
        shown.sort(Comparator.comparingInt(BrokerState::id));
        shown.forEach(x -> b.append(row(x, endpointWidth)));
        int hidden = brokers.size() - shown.size();
        if (hidden > 0) {
            boolean allUp = brokers.stream().filter(x -> !shown.contains(x)).allMatch(BrokerState::alive);
            b.append("... and ").append(hidden).append(" more").append(allUp ? ", all up" : "").append('\n');
        }
        return b.toString();
    }

    private static String row(BrokerState x, int endpointWidth) {
        String endpoint = x.endpoint().length() > endpointWidth ? x.endpoint().substring(0, endpointWidth - 1) + "…"
                : x.endpoint();
        return Format.pad(String.valueOf(x.id()), 6) + Format.pad(endpoint, endpointWidth + 2)
                + Format.pad(x.rack().orElse("-"), 10) + (x.alive() ? "up" : "DOWN")
                + (x.controller() ? ", active controller" : "") + "\n";
    }

    public static String quorumLine(QuorumState q) {
        long maxLag = q.voters().stream().mapToLong(QuorumState.Replica::lag).max().orElse(0);
        String voters = String.join(", ", q.voters().stream().map(v -> String.valueOf(v.id())).toList());
        return "Controller quorum:   voters " + voters + "; leader " + q.leaderId() + " (epoch " + q.leaderEpoch()
                + "); " + (maxLag == 0 ? "all voters caught up" : "max voter lag " + maxLag + " records")
                + (q.observers().isEmpty() ? "" : "; " + q.observers().size() + " observers");
    }
}
