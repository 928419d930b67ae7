package dev.kafkachatops.sim;

import java.time.Instant;

/**
 * One Web API call the bot made (for assertions such as "at most N chat.update calls"). Every attempt is one
 * call, also those a fault answered.
 *
 * @param method e.g. {@code chat.postMessage}
 * @param at     when it was answered
 * @param ok     the {@code ok} field of the answer
 * @param error  the {@code error} field, or null
 * @param status the HTTP status of the answer (200, 404 for an unknown method, or a fault's status)
 * @param fault  the id of the {@link ApiFault} that applied to the call (its status or latency), or null
 */
public record SimApiCall(String method, Instant at, boolean ok, String error, int status, String fault) {
}
