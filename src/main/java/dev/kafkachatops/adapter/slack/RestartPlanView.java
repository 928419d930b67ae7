package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import dev.kafkachatops.plan.upgrade.Phase;
import dev.kafkachatops.plan.upgrade.RestartPlan;
import dev.kafkachatops.plan.upgrade.UpgradePlanText;
import dev.kafkachatops.view.Format;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

/**
 * A rolling restart's plan as Block Kit: what is restarted and why (the reason escaped, as typed), the numbers an
 * approver needs, each phase with its restart order, and what happens next; the Cancel button while it waits.
 */
public final class RestartPlanView {
    private RestartPlanView() {
    }

    /** "Restart prod: every node" */
    public static String title(RestartPlan p) {
        return "Restart " + p.cluster() + ": " + p.scope();
    }

    /** The reason as Slack shows it: escaped, so it is never read as a mention or a link. */
    static String reason(RestartPlan p) {
        return p.reason().map(Format::mrkdwnEscape).orElse("_none given_");
    }

    /** {@code state}: the operation's status line; {@code buttons}: waiting for approval (or approved). */
    public static List<LayoutBlock> render(String planId, RestartPlan p, String requester, Optional<String> state,
                                           boolean buttons) {
        var blocks = new ArrayList<LayoutBlock>();
        blocks.add(header(h -> h.text(plainText(StatusView.truncate(":arrows_counterclockwise: " + title(p), 150),
                true))));
        blocks.add(section(s -> s.fields(List.of(
                markdownText("*Reason*\n" + reason(p)),
                markdownText("*Mode*\n" + p.mode().label()),
                markdownText("*Nodes restarted*\n" + p.restartOrder().size()),
                markdownText("*Steps*\n" + p.steps().size()),
                markdownText("*Estimated duration*\n" + Format.duration(p.estimated())),
                markdownText("*Version and config*\nunchanged"),
                markdownText("*Plan*\n" + planId),
                markdownText("*Requested by*\n<@" + requester + ">")))));
        blocks.add(section(s -> s.text(markdownText(phases(p)))));
        blocks.add(divider());
        state.ifPresent(st -> blocks.add(section(s -> s.text(markdownText(StatusView.truncate(st, 3000))))));
        if (state.isEmpty() || buttons) blocks.add(context(c -> c.elements(List.of(markdownText(next(p))))));
        if (buttons) blocks.add(cancel(planId));
        return blocks;
    }

    static final String NEXT = "Next: once approved, the run restarts one node at a time in the window and goes on "
            + "only when it is healthy again. A node that does not come back halts the run: retry or abort (nothing "
            + "to roll back: no version and no config change).";

    static final String NEXT_BATCHED = "Next: once approved, the run restarts the controllers one at a time and the "
            + "brokers batch by batch (a batch's brokers together, after a check that no partition falls below "
            + "min.insync.replicas with all of them down) in the window, and goes on only when they are healthy "
            + "again. A node that does not come back halts the run: retry or abort (nothing to roll back: no version "
            + "and no config change).";

    /** What happens once approved: one node at a time, or batch by batch. */
    static String next(RestartPlan p) {
        return p.phases().stream().anyMatch(Phase::batched) ? NEXT_BATCHED : NEXT;
    }

    static String phases(RestartPlan p) {
        var sb = new StringBuilder();
        for (Phase ph : p.phases()) {
            if (sb.length() > 0) sb.append('\n');
            sb.append("• *").append(UpgradePlanText.phaseLabel(ph)).append("*: ").append(ph.title()).append(" (")
                    .append(Format.plural(ph.steps().size(), "step")).append(")");
            if (ph.restartsNodes()) {
                sb.append("\n   order: ").append(UpgradePlanText.order(ph, " → "));
            }
        }
        return StatusView.truncate(sb.toString(), 3000);
    }

    private static LayoutBlock cancel(String planId) {
        return actions(a -> a.blockId("restart-" + planId).elements(List.of(
                button(b -> b.actionId(PlanView.DISCARD_ACTION).value(planId).text(plainText("Cancel plan"))
                        .confirm(ConfirmationDialogObject.builder().title(plainText("Cancel plan " + planId + "?"))
                                .text(plainText("The plan is discarded; nothing runs."))
                                .confirm(plainText("Cancel plan")).deny(plainText("Keep it")).build())))));
    }
}
