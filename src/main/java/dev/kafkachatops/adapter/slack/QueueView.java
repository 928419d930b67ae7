package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.ConfirmationDialogObject;
import dev.kafkachatops.plan.balance.BalanceSummary;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.Risk;
import dev.kafkachatops.view.Format;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

/** A queue of per-topic plans ({@code expand}, {@code rebalance --all}), run strictly one topic at a time. */
public final class QueueView {
    private QueueView() {
    }

    public static List<LayoutBlock> render(String id, String title, String cluster, List<ReassignmentPlan> plans,
                                           String requester, Optional<String> state, boolean buttons,
                                           Optional<BalanceSummary> balance) {
        var blocks = new ArrayList<LayoutBlock>();
        blocks.add(header(h -> h.text(plainText(StatusView.truncate(":clipboard: Plan " + id + ": " + title, 150),
                true))));
        if (plans.isEmpty()) {
            String drained = balance.map(b -> b.drained().isEmpty() ? "" : " " + (b.drained().size() == 1
                    ? "Broker " + b.drained().get(0) + " holds no replicas: it may be stopped."
                    : "Brokers " + b.drained() + " hold no replicas: they may be stopped.")).orElse("");
            blocks.add(section(s -> s.text(markdownText(":white_check_mark: Every topic is already balanced on the "
                    + "target brokers: nothing to move." + drained))));
            balance.ifPresent(b -> blocks.addAll(BalanceView.blocks(b)));
            return blocks;
        }
        long bytes = plans.stream().mapToLong(ReassignmentPlan::bytesToCopy).sum();
        int moves = plans.stream().mapToInt(ReassignmentPlan::replicaMoves).sum();
        long bound = balance.map(BalanceSummary::fewestMoves)
                .orElse((long) plans.stream().mapToInt(ReassignmentPlan::lowerBound).sum());
        String bytesBound = balance.filter(BalanceSummary::sizesKnown)
                .map(b -> " (lower bound " + Format.bytes(b.bytesLowerBound()) + ")").orElse("");
        Duration est = plans.stream().map(ReassignmentPlan::estimated).reduce(Duration.ZERO, Duration::plus);
        blocks.add(section(s -> s.fields(List.of(
                markdownText("*Topics to move*\n" + plans.size() + ", one at a time"),
                markdownText("*Replica moves*\n" + moves + " (minimum possible: " + bound + ")"),
                markdownText("*Data to copy*\n" + Format.bytes(bytes) + bytesBound),
                markdownText("*Estimated duration*\n" + Format.duration(est)),
                markdownText("*Cluster*\n" + cluster),
                markdownText("*Requested by*\n<@" + requester + ">")))));
        balance.ifPresent(b -> blocks.addAll(BalanceView.blocks(b)));
        var order = new StringBuilder("*Order* (each topic finishes before the next starts; data leaves the fullest "
                + "brokers first)\n```");
        order.append(Format.pad("#", 4)).append(Format.pad("TOPIC", 28)).append(Format.pad("MOVES", 7))
                .append(Format.pad("DATA", 10)).append("EST\n");
        int shown = 0;
        for (ReassignmentPlan p : plans) {
            if (shown++ == 25) {
                order.append("... and ").append(plans.size() - 25).append(" more topics\n");
                break;
            }
            order.append(Format.pad(String.valueOf(shown), 4)).append(Format.pad(StatusView.truncate(p.topic(), 27), 28))
                    .append(Format.pad(String.valueOf(p.replicaMoves()), 7))
                    .append(Format.pad(Format.bytes(p.bytesToCopy()), 10)).append(Format.duration(p.estimated()))
                    .append('\n');
        }
        blocks.add(section(s -> s.text(markdownText(StatusView.truncate(order + "```", 3000)))));
        blocks.add(section(s -> s.text(markdownText(PlanView.risks(risks(plans))))));
        blocks.add(divider());
        state.ifPresent(st -> blocks.add(section(s -> s.text(markdownText(StatusView.truncate(st, 3000))))));
        OptionalLong rate = plans.stream().map(ReassignmentPlan::throttleBytesPerSec).filter(OptionalLong::isPresent)
                .findFirst().orElse(OptionalLong.empty());
        blocks.add(context(c -> c.elements(List.of(markdownText("Each topic runs in batches (at most 5 moves per "
                + "broker), " + (rate.isPresent() ? "throttled at " + Format.rate(rate.getAsLong()) + "; throttles "
                + "are removed after each topic." : "not throttled: nothing limits the copy rate.")
                + " Files are in the thread.")))));
        if (buttons) {
            blocks.add(actions(a -> a.blockId("plan-" + id).elements(List.of(
                    button(b -> b.actionId(PlanView.DISCARD_ACTION).value(id).text(plainText("Cancel plan"))
                            .confirm(ConfirmationDialogObject.builder().title(plainText("Cancel plan " + id + "?"))
                                    .text(plainText("The plan is discarded; nothing runs."))
                                    .confirm(plainText("Cancel plan")).deny(plainText("Keep it")).build()))))));
        }
        return blocks;
    }

    /** Each reason once: as it is when one topic has it, else "in N topics, e.g." the first topic's detail. */
    static List<Risk> risks(List<ReassignmentPlan> plans) {
        Map<Risk.Reason, List<Risk>> byReason = new LinkedHashMap<>();
        plans.forEach(p -> p.risks().forEach(r -> byReason.computeIfAbsent(r.reason(), k -> new ArrayList<>()).add(r)));
        List<Risk> out = new ArrayList<>();
        byReason.forEach((reason, list) -> {
            List<Risk> distinct = new ArrayList<>(new LinkedHashSet<>(list));
            out.add(distinct.size() == 1 ? distinct.get(0) : new Risk(reason, "in " + distinct.size()
                    + " topics, e.g. " + distinct.get(0).detail()));
        });
        return out;
    }

    /** Every move of the queue, for one combined reference file. */
    static List<PartitionMove> allMoves(List<ReassignmentPlan> plans) {
        return plans.stream().flatMap(p -> p.moves().stream()).toList();
    }
}
