package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import dev.kafkachatops.domain.ClusterStatus;
import dev.kafkachatops.view.Format;
import dev.kafkachatops.view.StatusText;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import java.util.Map;
import java.util.TreeMap;

/** {@code /kafka status} as Block Kit: a pure function of a {@link ClusterStatus}. */
public final class StatusView {
    static final int MAX_BROKER_ROWS = 30;
    static final int MAX_PARTITIONS_LISTED = 10;

    private StatusView() {
    }

    public static List<LayoutBlock> render(ClusterStatus s, Optional<String> requestedBy) {
        return render(s, requestedBy, Map.of(), List.of());
    }

    /**
     * With the version each node's host runs ({@code versions}, read from the {@code kafka} link and the jar names)
     * and what could not be read ({@code hostNotes}); mixed versions are called out (an interrupted upgrade).
     */
    public static List<LayoutBlock> render(ClusterStatus s, Optional<String> requestedBy,
                                           Map<Integer, String> versions, List<String> hostNotes) {
        var blocks = new ArrayList<LayoutBlock>();
        String title = (s.healthy() ? ":large_green_circle: " : ":red_circle: ") + s.clusterName() + ": "
                + (s.healthy() ? "healthy" : String.join(", ", s.problems()));
        blocks.add(header(h -> h.text(plainText(truncate(title, 150), true))));
        List<TextObject> fields = List.of(
                field("Brokers", s.aliveBrokers() + " of " + s.brokers().size() + " alive"),
                field("Mode", s.mode().label()),
                field("Active controller", s.activeController().map(id -> "node " + id
                        + s.quorum().map(q -> " (epoch " + q.leaderEpoch() + ")").orElse("")).orElse("none")),
                field("metadata.version", s.metadataVersion().orElse("n/a")),
                field("Topics", s.topics() + " (+" + s.internalTopics() + " internal), "
                        + Format.plural(s.partitions(), "partition")),
                field("Reassignments", s.reassigning().isEmpty() ? "none in progress"
                        : s.reassigning().size() + " in progress"),
                field("Under-replicated", mark(s.underReplicated().size())),
                field("Under min ISR", mark(s.underMinIsr().size())),
                field("Offline partitions", mark(s.offline().size())));
        blocks.add(section(x -> x.fields(fields)));
        if (!s.healthy() || !s.reassigning().isEmpty()) blocks.add(problems(s));
        blocks.add(divider());
        blocks.add(section(x -> x.text(markdownText("*Brokers*\n```" + StatusText.brokerTable(s.brokers(),
                MAX_BROKER_ROWS, 3000 - 20) + "```"))));
        if (!versions.isEmpty() || !hostNotes.isEmpty()) blocks.add(versions(versions, hostNotes));
        s.quorum().ifPresent(q -> blocks.add(section(x -> x.text(markdownText("*Controller quorum*: "
                + StatusText.quorumLine(q).substring("Controller quorum:".length()).strip())))));
        String ctx = "Cluster id `" + s.clusterId() + "` · read in " + s.readTook().toMillis() + " ms at "
                + Format.utc(s.readAt()) + requestedBy.map(u -> " · asked by <@" + u + ">").orElse("");
        blocks.add(context(c -> c.elements(List.of(markdownText(ctx)))));
        return blocks;
    }

    /** "3.9.1 on nodes 1, 2, 3", or the mixed versions of an upgrade in progress or interrupted. */
    static LayoutBlock versions(Map<Integer, String> versions, List<String> notes) {
        var byVersion = new TreeMap<String, List<Integer>>();
        versions.forEach((node, v) -> byVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(node));
        String list = String.join("; ", byVersion.entrySet().stream().map(e -> "*" + e.getKey() + "* on "
                + (e.getValue().size() == 1 ? "node " : "nodes ") + String.join(", ", e.getValue().stream().sorted()
                .map(String::valueOf).toList())).toList());
        String text = byVersion.size() > 1
                ? ":warning: *Mixed versions*: " + list + ". An upgrade is running or was interrupted: `upgrade <target>` "
                + "plans what is left."
                : "*Kafka version* (from each host's `kafka` link and jars): " + (list.isEmpty() ? "unknown" : list);
        if (!notes.isEmpty()) text += "\n" + String.join("\n", notes.stream().limit(5).map(n -> "• " + n).toList());
        String t = text;
        return section(x -> x.text(markdownText(truncate(t, 3000))));
    }

    private static LayoutBlock problems(ClusterStatus s) {
        var lines = new ArrayList<String>();
        if (!s.offline().isEmpty()) lines.add("• *Offline* (no leader): " + Format.partitions(s.offline(),
                MAX_PARTITIONS_LISTED));
        if (!s.underMinIsr().isEmpty()) lines.add("• *Under min.insync.replicas* (acks=all writes fail): "
                + Format.partitions(s.underMinIsr(), MAX_PARTITIONS_LISTED));
        if (!s.underReplicated().isEmpty()) lines.add("• *Under-replicated*: " + Format.partitions(
                s.underReplicated(), MAX_PARTITIONS_LISTED));
        s.brokers().stream().filter(b -> !b.alive()).forEach(b -> lines.add("• *Broker " + b.id()
                + " is down* (named in replica lists but not registered)"));
        if (!s.reassigning().isEmpty()) lines.add("• *Reassigning*: " + Format.partitions(s.reassigning(),
                MAX_PARTITIONS_LISTED));
        String text = ":warning: *Needs attention*\n" + String.join("\n", lines);
        return section(x -> x.text(markdownText(truncate(text, 3000))));
    }

    private static TextObject field(String label, String value) {
        return markdownText("*" + label + "*\n" + value);
    }

    private static String mark(int n) {
        return n == 0 ? "0" : ":warning: " + n;
    }

    /**
     * At most {@code max} characters: cut at a line end (else a space) so no emoji or word is split, with "…" and,
     * when the cut falls inside a code block, the closing fence.
     */
    static String truncate(String s, int max) {
        if (s.length() <= max) return s;
        int cut = max - 5;
        int nl = s.lastIndexOf('\n', cut);
        int space = s.lastIndexOf(' ', cut);
        if (nl > cut / 2) cut = nl;
        else if (space > cut / 2) cut = space;
        String head = s.substring(0, cut);
        int fences = 0;
        for (int i = head.indexOf("```"); i >= 0; i = head.indexOf("```", i + 3)) fences++;
        return fences % 2 == 1 ? head + "\n…```" : head + "…";
    }
}
