package dev.kafkachatops.sim;

import java.time.Instant;

/**
 * One Web API call the bot made (for assertions such as "at most N chat.update calls").
 *
 * @param method e.g. {@code chat.postMessage}
 * @param at     when it was answered
 * @param ok     the {@code ok} field of the answer
 * @param error  the {@code error} field, or null
 */
public record SimApiCall(String method, Instant at, boolean ok, String error) {
}
