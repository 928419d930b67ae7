package dev.kafkachatops.port;

import dev.kafkachatops.domain.ops.Operation;

/**
 * The channel side of the operation workflow. Rendering is the adapter's business; the core supplies the
 * operation as stored and a status line (approval state, schedule, outcome) in Slack mrkdwn.
 */
public interface OperationChat {
    /** Posts the plan message of a new operation and returns its ts. */
    String postPlan(Operation op, String statusLine);

    /** Re-renders the operation's plan message with a new status line (buttons only while it is waiting). */
    void refresh(Operation op, String statusLine);

    /** A line in the operation's thread. */
    void thread(Operation op, String text);

    /** A choice offered to the operators in the thread (a button): {@code action} is one of the CHOICE_ ids. */
    record Choice(String action, String label, boolean danger) {
    }

    String CHOICE_RETRY = "op_retry";
    String CHOICE_ROLLBACK = "op_rollback";
    String CHOICE_ABORT = "op_abort";

    /** A message in the thread with buttons (e.g. retry / roll back / abort after a halted upgrade step). */
    void choices(Operation op, String text, java.util.List<Choice> choices);

    /** A note only {@code user} sees in {@code channel}. */
    void ephemeral(String channel, String user, String text);
}
