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

/** {@code /kafka help}: every command with its form, and which ones this build can already run. */
public final class HelpView {
    private HelpView() {
    }

    public static List<LayoutBlock> render(String slashCommand, Set<String> available, Optional<String> topic) {
        var blocks = new ArrayList<LayoutBlock>();
        blocks.add(header(h -> h.text(plainText("kafka-chatops: Kafka operations from Slack", true))));
        var forms = topic.flatMap(Grammar::form).map(List::of).orElse(Grammar.FORMS);
        var lines = new StringBuilder();
        for (Grammar.Form f : forms) {
            lines.append("`").append(slashCommand).append(' ').append(f.usage()).append("`\n    ")
                    .append(f.summary()).append(available.contains(f.verb()) ? "" : "  _(not available yet)_")
                    .append('\n');
        }
        blocks.add(section(s -> s.text(markdownText(StatusView.truncate(lines.toString().strip(), 3000)))));
        blocks.add(divider());
        blocks.add(context(c -> c.elements(List.of(markdownText("Every command takes `--cluster NAME` (or "
                + "`cluster=NAME`) when the channel can operate more than one cluster. Plans are posted here and "
                + "run only after an approver reacts with :white_check_mark:.")))));
        return blocks;
    }

    /** Plain-text fallback for notifications. */
    public static String text(String slashCommand) {
        return "kafka-chatops commands: " + String.join(", ", Grammar.FORMS.stream()
                .map(f -> slashCommand + " " + f.verb()).toList());
    }
}
