package dev.kafkachatops.adapter.slack;

import dev.kafkachatops.command.Values;
import dev.kafkachatops.ops.OperationService;
import dev.kafkachatops.ops.Reply;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * The buttons the bot's messages carry, by {@code action_id}, each with the operation id as its value. A click is
 * answered in one line whatever its payload says: an action id the bot does not (or no longer) handle, or a value
 * that is not an operation id (a forged or mangled payload), is refused without being echoed and changes nothing.
 */
final class Buttons {
    static final String UNKNOWN_BUTTON = ":x: This button is not one this bot handles (any more); nothing was done.";
    static final String NOT_AN_OPERATION = ":x: This button does not name an operation; nothing was done.";

    /** action id -> (operation id, user) -> answer. */
    private final Map<String, BiFunction<String, String, Reply>> handlers;

    Buttons(OperationService service) {
        this.handlers = Map.of(PlanView.DISCARD_ACTION, service::cancel, PlanView.RUN_ACTION, service::runNow,
                SlackOperationChat.CHOICE_RETRY, service::resume, SlackOperationChat.CHOICE_ROLLBACK,
                service::rollback, SlackOperationChat.CHOICE_ABORT, service::cancel);
    }

    /** What {@code user} clicking {@code actionId} with {@code value} does, and the line that answers it. */
    String click(String actionId, String value, String user) {
        var handler = handlers.get(actionId);
        if (handler == null) return UNKNOWN_BUTTON;
        if (!Values.isJobId(value)) return NOT_AN_OPERATION;
        return OpTexts.reply(handler.apply(value, user));
    }
}
