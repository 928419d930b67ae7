package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.Blocks;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.BlockCompositions;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.BlockElements;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.port.OperationChat;
import dev.kafkachatops.domain.ops.OpEvent;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.PlanStatus;
import dev.kafkachatops.ops.PlanCodec;
import dev.kafkachatops.run.reassign.ReassignmentPayload;
import dev.kafkachatops.run.upgrade.RestartPayload;
import dev.kafkachatops.run.upgrade.UpgradePayload;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Plan messages of operations: rendered by kind from the stored plan, with the status line the core computes
 * (approvals, schedule, outcome). The only button is "Cancel plan", while the plan waits.
 */
public final class SlackOperationChat implements OperationChat {
    private final ChatNotifier chat;
    /** The plan view of each kind: (operation, status line) -> blocks. A new kind adds its view here. */
    private static final Map<OpKind, BiFunction<Operation, String, List<LayoutBlock>>> VIEWS = Map.of(
            OpKind.REBALANCE, SlackOperationChat::reassignment,
            OpKind.EXPAND, SlackOperationChat::reassignment,
            OpKind.UPGRADE, SlackOperationChat::upgrade,
            OpKind.RESTART, SlackOperationChat::restart);

    public SlackOperationChat(ChatNotifier chat) {
        this.chat = chat;
    }

    private static boolean waiting(Operation op) {
        return op.state() == OpState.AWAITING_APPROVAL || op.state() == OpState.APPROVED;
    }

    static List<LayoutBlock> reassignment(Operation op, String status) {
        ReassignmentPayload p = PlanCodec.readVerified(op, ReassignmentPayload.class);
        if (p.queueTitle().isPresent()) {
            return QueueView.render(op.id(), p.queueTitle().get(), op.cluster(), p.plans(), op.requester(),
                    Optional.of(status), waiting(op), p.balance());
        }
        return PlanView.render(op.id(), op.cluster(), p.plans().get(0), op.requester(), Optional.of(status),
                waiting(op), p.shrink().map(s -> PlanView.shrinkText(s, p.plans().get(0))));
    }

    static List<LayoutBlock> upgrade(Operation op, String status) {
        return UpgradePlanView.render(op.id(), PlanCodec.readVerified(op, UpgradePayload.class).plan(),
                op.requester(), Optional.of(status), waiting(op));
    }

    static List<LayoutBlock> restart(Operation op, String status) {
        return RestartPlanView.render(op.id(), PlanCodec.readVerified(op, RestartPayload.class).plan(),
                op.requester(), Optional.of(status), waiting(op));
    }

    private static List<LayoutBlock> blocks(Operation op, String status) {
        var view = VIEWS.get(op.kind());
        if (view == null) throw new IllegalStateException("no plan view for " + op.kind());
        return view.apply(op, status);
    }

    /** The choices a halted run offers in its thread (buttons; their action ids reach {@link SlackBot}). */
    static final String CHOICE_RETRY = "op_retry";
    static final String CHOICE_ROLLBACK = "op_rollback";
    static final String CHOICE_ABORT = "op_abort";

    private static String text(Operation op) {
        return "Plan " + op.id() + ": " + op.title() + " — " + op.state().name().toLowerCase(Locale.ROOT)
                .replace('_', ' ');
    }

    @Override
    public String postPlan(Operation op, PlanStatus status) {
        return chat.post(op.channel(), Optional.empty(), text(op), RunViews.json(blocks(op, StatusLine.of(op, status))));
    }

    @Override
    public void refresh(Operation op, PlanStatus status) {
        chat.update(op.channel(), op.messageTs().orElseThrow(), text(op),
                RunViews.json(blocks(op, StatusLine.of(op, status))));
    }

    @Override
    public void notify(Operation op, OpEvent event) {
        String text = OpTexts.event(op.id(), event);
        if (!(event instanceof OpEvent.Halted halted)) {
            chat.post(op.channel(), op.messageTs(), text, null);
            return;
        }
        // a restart changed no version and no config: nothing to roll back, so no such choice
        boolean restart = op.kind() == OpKind.RESTART;
        String choice = restart ? OpTexts.restartHalted(op.id(), halted.summary()) : text;
        List<BlockElement> buttons = restart
                ? List.of(button(op, CHOICE_RETRY, "Retry", false), button(op, CHOICE_ABORT, "Abort", true))
                : List.of(button(op, CHOICE_RETRY, "Retry", false),
                button(op, CHOICE_ROLLBACK, "Roll back the node", true), button(op, CHOICE_ABORT, "Abort", true));
        List<LayoutBlock> blocks = List.of(
                Blocks.section(x -> x.text(BlockCompositions.markdownText(choice))),
                Blocks.actions(a -> a.blockId("choices-" + op.id()).elements(buttons)));
        chat.post(op.channel(), op.messageTs(), choice, RunViews.json(blocks));
    }

    private static BlockElement button(Operation op, String action, String label, boolean danger) {
        return BlockElements.button(b -> {
            b.actionId(action).value(op.id()).text(BlockCompositions.plainText(label));
            if (danger) b.style("danger");
            return b;
        });
    }

    @Override
    public void ephemeral(String channel, String user, String text) {
        chat.ephemeral(channel, user, text);
    }
}
