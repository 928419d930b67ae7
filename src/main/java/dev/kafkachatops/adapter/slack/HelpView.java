package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import dev.kafkachatops.command.Grammar;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

/**
 * {@code /kafka help}: every command with its form, and which ones this build can already run; {@code help <command>}:
 * that command in full, each argument and option on a line of its own, and an example.
 */
public final class HelpView {
    private HelpView() {
    }

    public static List<LayoutBlock> render(String slashCommand, Set<String> available, Optional<String> topic) {
        Optional<Grammar.Form> one = topic.flatMap(Grammar::form);
        if (one.isPresent()) return command(slashCommand, available, one.get());
        var blocks = new ArrayList<LayoutBlock>();
        blocks.add(header(h -> h.text(plainText("kafka-chatops: Kafka operations from Slack", true))));
        var lines = new StringBuilder();
        for (Grammar.Form f : Grammar.FORMS) {
            lines.append("`").append(slashCommand).append(' ').append(f.usage()).append("`\n    ")
                    .append(f.summary()).append(available.contains(f.verb()) ? "" : "  _(not available yet)_")
                    .append('\n');
        }
        blocks.add(section(s -> s.text(markdownText(StatusView.truncate(lines.toString().strip(), 3000)))));
        blocks.add(divider());
        blocks.add(context(c -> c.elements(List.of(markdownText("`" + slashCommand + " help <command>` explains one "
                + "command in full. Every command takes `--cluster NAME` (or `cluster=NAME`) when the channel can "
                + "operate more than one cluster. Plans are posted here and run only after an approver reacts with "
                + ":white_check_mark:.")))));
        return blocks;
    }

    /** One command: its full form, what it does, each argument and option in a line, and an example. */
    static List<LayoutBlock> command(String slashCommand, Set<String> available, Grammar.Form f) {
        var blocks = new ArrayList<LayoutBlock>();
        blocks.add(header(h -> h.text(plainText(StatusView.truncate("kafka-chatops: " + slashCommand + " " + f.verb(),
                150), true))));
        String form = "`" + slashCommand + " " + f.usage() + " " + Grammar.CLUSTER_OPTION + "`\n" + f.summary()
                + (available.contains(f.verb()) ? "" : "  _(not available yet)_");
        blocks.add(section(s -> s.text(markdownText(StatusView.truncate(form, 3000)))));
        var args = new StringBuilder("*Arguments and options*");
        for (Grammar.Arg a : f.args()) {
            args.append("\n• `").append(a.form()).append("`: ").append(a.meaning());
        }
        args.append("\n• `--cluster NAME` or `cluster=NAME`: the cluster, needed only when this channel can operate "
                + "more than one and none is the default");
        blocks.add(section(s -> s.text(markdownText(StatusView.truncate(args.toString(), 3000)))));
        blocks.add(section(s -> s.text(markdownText("*Example*\n`" + slashCommand + " " + f.example() + "`"))));
        blocks.add(divider());
        blocks.add(context(c -> c.elements(List.of(markdownText("`" + slashCommand + " help` lists every command.")))));
        return blocks;
    }

    /** Plain-text fallback for notifications. */
    public static String text(String slashCommand) {
        return "kafka-chatops commands: " + String.join(", ", Grammar.FORMS.stream()
                .map(f -> slashCommand + " " + f.verb()).toList());
    }
}
