package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import dev.kafkachatops.plan.reassign.BrokerLoad;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.Risk;
import dev.kafkachatops.run.reassign.RetentionShrinker;
import dev.kafkachatops.view.Format;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.divider;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;
import java.util.Collections;

/** A reassignment plan as Block Kit: the numbers an approver needs, risks, and the confirm/discard buttons. */
public final class PlanView {
    public static final String RUN_ACTION = "reassign_run";
    public static final String DISCARD_ACTION = "reassign_discard";

    private PlanView() {
    }

    public static String title(String planId, ReassignmentPlan p) {
        return "Plan " + planId + ": rebalance " + p.topic() + " onto brokers " + join(p.targetBrokers());
    }

    public static List<LayoutBlock> render(String planId, String cluster, ReassignmentPlan p, String requester,
                                           Optional<String> state, boolean buttons) {
        return render(planId, cluster, p, requester, state, buttons, Optional.empty());
    }

    /** {@code shrink}: the bold {@code shrink-retention=} paragraph (what it deletes), shown right after the numbers. */
    public static List<LayoutBlock> render(String planId, String cluster, ReassignmentPlan p, String requester,
                                           Optional<String> state, boolean buttons, Optional<String> shrink) {
        var blocks = new ArrayList<LayoutBlock>();
        blocks.add(header(h -> h.text(plainText(StatusView.truncate(":clipboard: " + title(planId, p), 150), true))));
        if (p.isEmpty()) {
            blocks.add(section(s -> s.text(markdownText(":white_check_mark: `" + p.topic() + "` is already balanced "
                    + "on brokers " + join(p.targetBrokers()) + ": nothing to move."))));
            return blocks;
        }
        int partitions = (int) p.moves().size();
        blocks.add(section(s -> s.fields(List.of(
                markdownText("*Replica moves*\n" + p.replicaMoves() + " (minimum possible: " + p.lowerBound() + ")"),
                markdownText("*Data to copy*\n" + Format.bytes(p.bytesToCopy())),
                markdownText("*Partitions changing*\n" + partitions),
                markdownText("*Preferred leaders changing*\n" + p.leaderChanges()),
                markdownText("*Throttle*\n" + (p.throttleBytesPerSec().isPresent()
                        ? Format.rate(p.throttleBytesPerSec().getAsLong()) : "none")),
                markdownText("*Estimated duration*\n" + Format.duration(p.estimated())),
                markdownText("*Cluster*\n" + cluster),
                markdownText("*Requested by*\n<@" + requester + ">")))));
        shrink.ifPresent(text -> blocks.add(section(s -> s.text(markdownText(":scissors: " + text)))));
        blocks.add(section(s -> s.text(markdownText("*Per broker, before → after*\n```" + brokerTable(p.brokers())
                + "```" + rackNote(p)))));
        blocks.add(section(s -> s.text(markdownText(risks(p.risks())))));
        blocks.add(divider());
        state.ifPresent(st -> blocks.add(section(s -> s.text(markdownText(StatusView.truncate(st, 3000))))));
        blocks.add(context(c -> c.elements(List.of(markdownText("Moves run one batch at a time (at most 5 per broker), "
                + throttling(p.throttleBytesPerSec()) + " `move.json` and the rollback file are in the thread.")))));
        if (buttons) {
            blocks.add(actions(a -> a.blockId("plan-" + planId).elements(List.of(
                    button(b -> b.actionId(PlanView.DISCARD_ACTION).value(planId).text(plainText("Cancel plan"))
                            .confirm(ConfirmationDialogObject.builder().title(plainText("Cancel plan " + planId + "?"))
                                    .text(plainText("The plan is discarded; nothing runs."))
                                    .confirm(plainText("Cancel plan")).deny(plainText("Keep it")).build()))))));
        }
        return blocks;
    }

    /** How the copy is limited, as the context lines say it: "throttled at 50.0 MB/s, ..." or "not throttled." */
    static String throttling(OptionalLong rate) {
        return rate.isPresent() ? "throttled at " + Format.rate(rate.getAsLong()) + ", with the throttles removed "
                + "afterwards." : "not throttled: nothing limits the copy rate.";
    }

    /**
     * When the rack rule (one replica per rack) forces uneven counts, say so: otherwise a correct plan such as
     * 12/12/6/6 looks like a bug.
     */
    static String rackNote(ReassignmentPlan p) {
        var after = p.targetBrokers().stream().map(b -> p.brokers().getOrDefault(b, BrokerLoad.EMPTY).replicasAfter())
                .toList();
        if (after.isEmpty()) return "";
        int spread = Collections.max(after) - Collections.min(after);
        return spread <= 1 ? "" : "\n_Counts differ by " + spread + " because no two replicas of a partition may "
                + "share a rack: brokers in racks with fewer brokers must hold more replicas._";
    }

    static String risks(List<Risk> risks) {
        if (risks.isEmpty()) return ":white_check_mark: *No risks found*";
        var sb = new StringBuilder(":warning: *Risks*");
        risks.forEach(r -> sb.append("\n• *").append(r.reason().headline()).append("*: ").append(r.detail()));
        return StatusView.truncate(sb.toString(), 3000);
    }

    static String brokerTable(Map<Integer, BrokerLoad> loads) {
        var sb = new StringBuilder(Format.pad("BROKER", 8) + Format.pad("REPLICAS", 11) + Format.pad("LEADERS", 10)
                + "DATA\n");
        int rows = 0;
        for (var e : loads.entrySet()) {
            if (rows++ == 30) {
                sb.append("... and ").append(loads.size() - 30).append(" more\n");
                break;
            }
            BrokerLoad l = e.getValue();
            sb.append(Format.pad(String.valueOf(e.getKey()), 8))
                    .append(Format.pad(l.replicasBefore() + " → " + l.replicasAfter(), 11))
                    .append(Format.pad(l.leadersBefore() + " → " + l.leadersAfter(), 10))
                    .append(Format.bytes(l.bytesBefore())).append(" → ").append(Format.bytes(l.bytesAfter()))
                    .append('\n');
        }
        return sb.toString();
    }

    private static String join(List<Integer> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    /** What {@code shrink-retention=} deletes and what the moves then copy (an upper bound). */
    static String shrinkText(RetentionShrinker.Plan s, ReassignmentPlan plan) {
        long after = plan.moves().stream().mapToLong(m -> s.estimate().remaining(m.tp(), m.bytes())).sum();
        return s.describe() + "\n_An upper bound: Kafka deletes only closed log segments (never the active one). "
                + "The moves stay as planned; with the old data gone they copy about " + Format.bytes(after)
                + " instead of " + Format.bytes(plan.bytesToCopy()) + "._";
    }
}
