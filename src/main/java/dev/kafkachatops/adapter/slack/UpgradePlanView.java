package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import dev.kafkachatops.plan.upgrade.Finding;
import dev.kafkachatops.plan.upgrade.HopPlan;
import dev.kafkachatops.plan.upgrade.Phase;
import dev.kafkachatops.plan.upgrade.ReleaseNote;
import dev.kafkachatops.plan.upgrade.UpgradePlan;
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
 * An upgrade plan as Block Kit: the route and numbers an approver needs, blockers first (a blocked plan has no run
 * button), warnings and notes, each hop with its phases and restart order, and what happens next.
 */
public final class UpgradePlanView {

    private UpgradePlanView() {
    }

    /** "Upgrade prod 3.9.1 → 4.1.2" */
    public static String title(UpgradePlan p) {
        return "Upgrade " + p.cluster() + " " + p.route();
    }

    /**
     * {@code state} is the operation's status line (e.g. "Approved by ..."); the "what next" line stays only while
     * it is still ahead (no state, a blocked plan, or {@code buttons}: waiting or approved). {@code buttons} adds
     * the Cancel button, never on a blocked or empty plan.
     */
    public static List<LayoutBlock> render(String planId, UpgradePlan p, String requester, Optional<String> state,
                                           boolean buttons) {
        var blocks = new ArrayList<LayoutBlock>();
        blocks.add(header(h -> h.text(plainText(StatusView.truncate(":arrow_double_up: " + title(p), 150), true))));
        if (p.isEmpty()) {
            blocks.add(section(s -> s.text(markdownText(":white_check_mark: Every node of " + p.cluster() + " runs "
                    + p.target() + " and the upgrade is finished: nothing to do."))));
            return blocks;
        }
        blocks.add(section(s -> s.fields(List.of(
                markdownText("*Route*\n" + p.route()),
                markdownText("*Mode*\n" + p.mode().label()),
                markdownText("*Hops*\n" + p.hops().size()),
                markdownText("*Nodes restarted*\n" + UpgradePlanText.nodes(p)),
                markdownText("*Steps*\n" + p.steps().size()),
                markdownText("*Estimated duration*\n" + Format.duration(p.estimated())),
                markdownText("*Plan*\n" + planId),
                markdownText("*Requested by*\n<@" + requester + ">")))));
        findings(p, Finding.Severity.BLOCKER, ":no_entry: *Blockers: the plan cannot run*").ifPresent(blocks::add);
        findings(p, Finding.Severity.WARNING, ":warning: *Warnings*").ifPresent(blocks::add);
        findings(p, Finding.Severity.INFO, ":information_source: *Notes*").ifPresent(blocks::add);
        releaseNotes(p).ifPresent(blocks::add);
        p.hops().forEach(h -> blocks.add(section(s -> s.text(markdownText(hop(h))))));
        blocks.add(divider());
        state.ifPresent(st -> blocks.add(section(s -> s.text(markdownText(StatusView.truncate(st, 3000))))));
        // what happens next, while it is still ahead (no state yet, blocked, or waiting with its buttons)
        if (state.isEmpty() || buttons || p.blocked()) {
            blocks.add(context(c -> c.elements(List.of(markdownText(next(p))))));
        }
        if (buttons && !p.blocked()) blocks.add(buttons(planId, p));
        return blocks;
    }

    static String next(UpgradePlan p) {
        if (p.blocked()) {
            return "Next: fix the blockers, then plan again with `upgrade " + p.target() + "`. Nothing has been changed.";
        }
        return "Next: once approved, the run restarts one node at a time and goes on only when it is healthy again. "
                + "A node that does not come back halts the run: retry, roll it back to its old version, or abort.";
    }

    static String hop(HopPlan h) {
        var sb = new StringBuilder("*Hop " + h.number() + ": " + h.from() + " → " + h.to() + "*  <"
                + h.upgradeNotes() + "|upgrade notes>");
        h.note().ifPresent(n -> sb.append("\n_").append(n).append("_"));
        for (Phase ph : h.phases()) {
            sb.append("\n• *").append(UpgradePlanText.phaseLabel(ph)).append("*: ").append(ph.title())
                    .append(" (").append(Format.plural(ph.steps().size(), "step")).append(")");
            if (ph.restartsNodes()) {
                sb.append("\n   order: ").append(UpgradePlanText.order(ph, " → "));
            }
        }
        return StatusView.truncate(sb.toString(), 3000);
    }

    private static Optional<LayoutBlock> findings(UpgradePlan p, Finding.Severity severity, String title) {
        List<Finding> list = p.findings(severity);
        if (list.isEmpty()) return Optional.empty();
        var sb = new StringBuilder(title);
        list.forEach(f -> sb.append("\n• *").append(f.reason().headline()).append("*: ").append(f.detail()));
        String text = StatusView.truncate(sb.toString(), 3000);
        return Optional.of(section(s -> s.text(markdownText(text))));
    }

    /** One line per release line entered: its upgrade notes linked, then the catalogue's notable items. */
    static Optional<LayoutBlock> releaseNotes(UpgradePlan p) {
        if (p.releaseNotes().isEmpty()) return Optional.empty();
        var sb = new StringBuilder(":books: *Release notes* (read before approving)");
        for (ReleaseNote n : p.releaseNotes()) {
            sb.append("\n• <").append(n.upgradeNotes()).append("|").append(n.line()).append(" upgrade notes>");
            if (!n.items().isEmpty()) sb.append(": ").append(String.join("; ", n.items()));
        }
        String text = StatusView.truncate(sb.toString(), 3000);
        return Optional.of(section(s -> s.text(markdownText(text))));
    }

    private static LayoutBlock buttons(String planId, UpgradePlan p) {
        return actions(a -> a.blockId("upgrade-" + planId).elements(List.of(
                button(b -> b.actionId(PlanView.DISCARD_ACTION).value(planId).text(plainText("Cancel plan"))
                        .confirm(ConfirmationDialogObject.builder().title(plainText("Cancel plan " + planId + "?"))
                                .text(plainText("The plan is discarded; nothing runs."))
                                .confirm(plainText("Cancel plan")).deny(plainText("Keep it")).build())))));
    }
}
