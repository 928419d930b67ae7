package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import dev.kafkachatops.command.Command;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.OperationStore;
import dev.kafkachatops.view.Format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

/** {@code jobs} (the queue and everything open), {@code history} / {@code show <id>} (the audit log), run-now. */
public final class JobsView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Decisions on one page of {@code history}. */
    public static final int PAGE = Command.History.PAGE_SIZE;

    private JobsView() {
    }

    public static String text(OperationStore store, String cluster) {
        return "Operations of " + cluster + ": " + store.list(Optional.of(cluster), OpState.OPEN).size() + " open";
    }

    public static List<LayoutBlock> jobs(OperationStore store, String cluster) {
        List<Operation> open = store.list(Optional.of(cluster), OpState.OPEN);
        var blocks = new ArrayList<LayoutBlock>();
        blocks.add(header(h -> h.text(plainText("Operations of " + cluster, true))));
        if (open.isEmpty()) {
            blocks.add(section(s -> s.text(markdownText("Nothing is running, queued or waiting for approval."))));
            return blocks;
        }
        var sb = new StringBuilder();
        int position = 0;
        for (OpState state : List.of(OpState.RUNNING, OpState.PAUSED, OpState.APPROVED, OpState.AWAITING_APPROVAL)) {
            for (Operation op : open) {
                if (op.state() != state) continue;
                String where = switch (state) {
                    case RUNNING -> ":arrow_forward: running";
                    case PAUSED -> ":double_vertical_bar: paused" + op.scheduledFor().map(t -> ", continues "
                            + Format.when(t, ZoneOffset.UTC)).orElse("");
                    case APPROVED -> ":white_check_mark: queued #" + (++position) + op.scheduledFor()
                            .map(t -> ", next window " + Format.when(t, ZoneOffset.UTC)).orElse("");
                    default -> ":hourglass_flowing_sand: waiting for approval, expires "
                            + Format.when(op.expiresAt(), ZoneOffset.UTC);
                };
                sb.append("*").append(op.id()).append("* `").append(op.title()).append("` by <@")
                        .append(op.requester()).append("> — ").append(where).append('\n');
            }
        }
        blocks.add(section(s -> s.text(markdownText(StatusView.truncate(sb.toString(), 3000)))));
        blocks.add(context(c -> c.elements(List.of(markdownText("One operation per cluster at a time, in approval "
                + "order. `show <id>` for details, `cancel|pause|resume <id>`, `run <id> now` (approvers, "
                + "break-glass)")))));
        return blocks;
    }

    /**
     * One page of the cluster's audit log, newest first ({@value #PAGE} decisions a page, page 1 the newest); the
     * footer says how to see older ones ({@code slash}: the slash command, for the hint).
     */
    public static List<LayoutBlock> history(OperationStore store, String cluster, int page, String slash) {
        List<AuditEntry> fetched = store.history(Optional.of(cluster), Optional.empty(), page * PAGE + 1);
        List<AuditEntry> shown = fetched.subList(Math.min(fetched.size(), (page - 1) * PAGE),
                Math.min(fetched.size(), page * PAGE));
        var blocks = new ArrayList<LayoutBlock>();
        blocks.add(header(h -> h.text(plainText("History of " + cluster + (page > 1 ? ", page " + page : ""), true))));
        if (shown.isEmpty()) {
            String none = page == 1 ? "No decisions recorded yet." : "No page " + page + ": the history has "
                    + Format.plural(fetched.size(), "decision") + ". `" + slash + " history` shows the newest.";
            blocks.add(section(s -> s.text(markdownText(none))));
            return blocks;
        }
        blocks.add(section(s -> s.text(markdownText(StatusView.truncate(lines(shown), 3000)))));
        String older = fetched.size() > page * PAGE ? " Older ones: `" + slash + " history " + (page + 1) + "`." : "";
        blocks.add(context(c -> c.elements(List.of(markdownText("Times in UTC, newest first." + older)))));
        return blocks;
    }

    /** The audit log, newest first: every decision about one operation ({@code id}), or the cluster's newest page. */
    public static List<LayoutBlock> history(OperationStore store, String cluster, Optional<String> id) {
        List<AuditEntry> entries = store.history(Optional.of(cluster), id, id.isPresent() ? 100 : PAGE);
        var blocks = new ArrayList<LayoutBlock>();
        String title = id.map(i -> "Operation " + i).orElse("History of " + cluster);
        blocks.add(header(h -> h.text(plainText(title, true))));
        id.flatMap(store::find).ifPresent(op -> blocks.add(section(s -> s.text(markdownText("`" + op.title()
                + "` requested by <@" + op.requester() + ">, now *" + op.state().name().toLowerCase(Locale.ROOT)
                .replace('_', ' ') + "*" + StatusLine.detail(op, ZoneOffset.UTC))))));
        if (entries.isEmpty()) {
            blocks.add(section(s -> s.text(markdownText("No decisions recorded yet."))));
            return blocks;
        }
        blocks.add(section(s -> s.text(markdownText(StatusView.truncate(lines(entries), 3000)))));
        blocks.add(context(c -> c.elements(List.of(markdownText("Times in UTC, newest first.")))));
        return blocks;
    }

    /** One line per decision: when, which operation, what, by whom, and the detail. */
    private static String lines(List<AuditEntry> entries) {
        var sb = new StringBuilder();
        for (AuditEntry e : entries) {
            String actor = e.actor().startsWith("U") ? "<@" + e.actor() + ">" : e.actor();
            sb.append('`').append(TIME.format(e.at())).append("` ")
                    .append(e.operationId().map(o -> "*" + o + "* ").orElse(""))
                    .append(e.event().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(" by ").append(actor).append(detail(e.detail(), actor)).append('\n');
        }
        return sb.toString();
    }

    /**
     * The detail after ": ", without the "by <@U…>" that entries written by earlier versions repeat ("cancelled by
     * <@U0BOB>: by <@U0BOB> at …" reads "cancelled by <@U0BOB> at …").
     */
    static String detail(String detail, String actor) {
        String d = detail.strip();
        if (d.startsWith("by " + actor)) d = d.substring(("by " + actor).length()).strip();
        if (d.isEmpty()) return "";
        return d.startsWith("at ") ? " " + d : ": " + d;
    }

    /**
     * The break-glass confirmation: a button that starts the operation at once. {@code openUntil}: the end of the
     * window open now; empty when the window is closed, and only then does it say "outside the window".
     */
    public static List<LayoutBlock> runNowConfirmation(Operation op, Optional<Instant> openUntil) {
        String when = openUntil.map(end -> "The window is open now (until " + Format.when(end, ZoneOffset.UTC)
                + "); it starts at once").orElse("It would start outside the maintenance window");
        String dialog = op.id() + " starts immediately" + (openUntil.isPresent() ? "." : ", outside the window.");
        return List.of(
                section(s -> s.text(markdownText(":rotating_light: *Start " + op.id() + " now?* `" + op.title()
                        + "`: " + when + " (break-glass; recorded in the audit log)."))),
                actions(a -> a.elements(List.of(button(b -> b.actionId(PlanView.RUN_ACTION).value(op.id())
                        .style("danger").text(plainText("Start " + op.id() + " now"))
                        .confirm(ConfirmationDialogObject.builder().title(plainText("Start now?"))
                                .text(plainText(dialog))
                                .confirm(plainText("Start now")).deny(plainText("Back")).build()))))));
    }
}
