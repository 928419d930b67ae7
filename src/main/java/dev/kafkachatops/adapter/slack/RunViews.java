package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.util.json.GsonFactory;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.run.reassign.Progress;
import dev.kafkachatops.run.reassign.RunOutcome;
import dev.kafkachatops.view.Format;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import java.time.Duration;
import java.util.Locale;

/** Block Kit for a running reassignment: the in-place progress message, thread entries, the final summary. */
public final class RunViews {
    private RunViews() {
    }

    /** ":scissors: Batch {4, 7} split into {4} → {7}: why (each part with its own safety gate)." */
    public static String batchSplit(List<Integer> batch, List<List<Integer>> parts, String why) {
        return ":scissors: Batch " + braces(batch) + " split into " + parts.stream().map(RunViews::braces)
                .collect(Collectors.joining(" → ")) + ": " + why
                + " (each part restarts in turn, with its own safety gate).";
    }

    private static String braces(List<Integer> ids) {
        return "{" + ids.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "}";
    }

    public static String json(List<LayoutBlock> blocks) {
        return GsonFactory.createSnakeCase().toJson(blocks);
    }

    public static List<LayoutBlock> progress(String title, Progress p) {
        var blocks = new ArrayList<LayoutBlock>();
        blocks.add(header(h -> h.text(plainText(StatusView.truncate(":arrows_counterclockwise: " + title + ": "
                + Math.round(p.percent()) + "%", 150), true))));
        String line = "`" + Format.bar(p.percent(), 20) + "` *" + Math.round(p.percent()) + "%*  "
                + Format.bytes(p.bytesCopied()) + " of " + Format.bytes(p.bytesTotal());
        blocks.add(section(s -> s.text(markdownText(line))));
        blocks.add(section(s -> s.fields(List.of(
                markdownText("*Partitions*\n" + p.partitionsDone() + " of " + p.partitionsTotal() + " moved"),
                markdownText("*Batch*\n" + p.batch() + " of " + p.batches()),
                markdownText("*Rate*\n" + Format.rate(p.bytesPerSecond())),
                markdownText("*ETA*\n" + p.eta().map(Format::duration).orElse("estimating…")
                        + " (elapsed " + Format.duration(p.elapsed()) + ")")))));
        return blocks;
    }

    public static String progressText(String title, Progress p) {
        return title + ": " + Math.round(p.percent()) + "% (" + Format.bytes(p.bytesCopied()) + " of "
                + Format.bytes(p.bytesTotal()) + "), ETA " + p.eta().map(Format::duration).orElse("?");
    }

    public static String batchStarted(int batch, int batches, List<PartitionMove> moves) {
        String list = moves.stream().limit(20).map(m -> "`" + m.tp() + "` " + m.from() + " → " + m.to())
                .collect(Collectors.joining("\n"));
        return ":arrow_forward: Batch " + batch + "/" + batches + " started: " + moves.size() + " partition"
                + (moves.size() == 1 ? "" : "s") + ", " + Format.bytes(moves.stream().mapToLong(PartitionMove::bytes)
                .sum()) + "\n" + list + (moves.size() > 20 ? "\n… and " + (moves.size() - 20) + " more" : "");
    }

    public static String batchDone(int batch, int batches, Duration took) {
        return ":white_check_mark: Batch " + batch + "/" + batches + " done in " + Format.duration(took);
    }

    /** The emoji that marks how a run ended. */
    public static String icon(RunOutcome.Status status) {
        return switch (status) {
            case DONE -> ":white_check_mark:";
            case CANCELLED -> ":no_entry_sign:";
            case FAILED, REFUSED -> ":x:";
            case PAUSED -> ":double_vertical_bar:";
        };
    }

    public static List<LayoutBlock> finished(String title, RunOutcome o) {
        String icon = icon(o.status());
        var blocks = new ArrayList<LayoutBlock>();
        blocks.add(header(h -> h.text(plainText(StatusView.truncate(icon + " " + title + ": " + o.status().name()
                .toLowerCase(Locale.ROOT), 150), true))));
        blocks.add(section(s -> s.text(markdownText(o.message() + "\n" + Format.plural(o.partitionsMoved(),
                "partition") + ", "
                + Format.bytes(o.bytesMoved()) + " moved in " + Format.duration(o.took())
                + (o.took().toSeconds() > 0 ? " (" + Format.rate(o.bytesMoved() / (double) Math.max(1,
                o.took().toSeconds())) + " average)" : "")))));
        if (!o.warnings().isEmpty()) {
            blocks.add(context(c -> c.elements(List.of(markdownText(warnings(o.warnings(), 3000))))));
        }
        return blocks;
    }

    /**
     * One line per warning while they fit in {@code max} characters (a context element's limit), then how many more:
     * a run on hundreds of brokers can leave a warning per broker.
     */
    static String warnings(List<String> warnings, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < warnings.size(); i++) {
            String line = (i == 0 ? "" : "\n") + ":warning: " + warnings.get(i);
            String more = "\n:warning: … and " + (warnings.size() - i) + " more warnings; the bot's log has them all";
            if (out.length() + line.length() + (i == warnings.size() - 1 ? 0 : more.length()) > max) {
                return out.append(i == 0 ? more.strip() : more).toString();
            }
            out.append(line);
        }
        return out.toString();
    }
}
