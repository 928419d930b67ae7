package dev.kafkachatops.adapter.slack;

import com.slack.api.model.block.LayoutBlock;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.port.OperationChat;
import dev.kafkachatops.run.reassign.ReassignmentPayload;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Plan messages of operations: rendered by kind from the stored plan, with the status line the core computes
 * (approvals, schedule, outcome). The only button is "Cancel plan", while the plan waits.
 */
public final class SlackOperationChat implements OperationChat {
    private final ChatNotifier chat;
    /** Renderers for kinds other than rebalance/expand (upgrade): (operation, status line) -> blocks. */
    private final Map<dev.kafkachatops.domain.ops.OpKind, BiFunction<Operation, String, List<LayoutBlock>>> extra;

    public SlackOperationChat(ChatNotifier chat) {
        this(chat, Map.of());
    }

    public SlackOperationChat(ChatNotifier chat,
                              Map<dev.kafkachatops.domain.ops.OpKind, BiFunction<Operation, String, List<LayoutBlock>>> extra) {
        this.chat = chat;
        this.extra = Map.copyOf(extra);
    }

    public static List<LayoutBlock> render(Operation op, String status) {
        boolean buttons = op.state() == OpState.AWAITING_APPROVAL || op.state() == OpState.APPROVED;
        ReassignmentPayload p = ReassignmentOperations.payload(op);
        if (p.queueTitle().isPresent()) {
            return QueueView.render(op.id(), p.queueTitle().get(), op.cluster(), p.plans(), op.requester(),
                    Optional.of(status), buttons);
        }
        return PlanView.render(op.id(), op.cluster(), p.plans().get(0), op.requester(), Optional.of(status), buttons,
                p.shrink().map(s -> ReassignmentChat.shrinkText(s, p.plans().get(0))));
    }

    private List<LayoutBlock> blocks(Operation op, String status) {
        var r = extra.get(op.kind());
        return r != null ? r.apply(op, status) : render(op, status);
    }

    private static String text(Operation op, String status) {
        return "Plan " + op.id() + ": " + op.title() + " — " + op.state().name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ');
    }

    @Override
    public String postPlan(Operation op, String statusLine) {
        return chat.post(op.channel(), Optional.empty(), text(op, statusLine), RunViews.json(blocks(op, statusLine)));
    }

    @Override
    public void refresh(Operation op, String statusLine) {
        chat.update(op.channel(), op.messageTs().orElseThrow(), text(op, statusLine),
                RunViews.json(blocks(op, statusLine)));
    }

    @Override
    public void thread(Operation op, String text) {
        chat.post(op.channel(), op.messageTs(), text, null);
    }

    @Override
    public void choices(Operation op, String text, List<Choice> choices) {
        var buttons = choices.stream().map(c -> (com.slack.api.model.block.element.BlockElement)
                com.slack.api.model.block.element.BlockElements.button(b -> {
                    b.actionId(c.action()).value(op.id()).text(com.slack.api.model.block.composition.BlockCompositions
                            .plainText(c.label()));
                    if (c.danger()) b.style("danger");
                    return b;
                })).toList();
        List<LayoutBlock> blocks = List.of(
                com.slack.api.model.block.Blocks.section(x -> x.text(
                        com.slack.api.model.block.composition.BlockCompositions.markdownText(text))),
                com.slack.api.model.block.Blocks.actions(a -> a.blockId("choices-" + op.id()).elements(buttons)));
        chat.post(op.channel(), op.messageTs(), text, RunViews.json(blocks));
    }

    @Override
    public void ephemeral(String channel, String user, String text) {
        chat.ephemeral(channel, user, text);
    }
}
