package dev.kafkachatops.sim;

import java.time.Instant;

/**
 * A fault on Web API calls: the next {@code count} calls of {@code method} ({@code *}: every method) wait
 * {@code latencyMs}, then answer HTTP {@code status} instead of running (nothing is posted); without a status
 * they run normally after the wait. A snapshot: {@link SimFaults} replaces it at every call it applies to.
 *
 * @param id         {@code fault-N}
 * @param created    when it was added
 * @param method     a Web API method name, or {@code *}
 * @param status     the HTTP status answered (400-599), or 0: the call runs, after the latency
 * @param retryAfter seconds sent in {@code Retry-After}, or null for no header (a 429 always has one)
 * @param latencyMs  milliseconds each answer is delayed (0: none)
 * @param count      how many calls it applies to, or null: until cleared
 * @param remaining  calls it still applies to, or null: until cleared
 * @param hits       calls it has applied to so far
 */
public record ApiFault(String id, Instant created, String method, int status, Integer retryAfter, long latencyMs,
                       Integer count, Integer remaining, int hits) implements SimFault {

    /** The wildcard method: every Web API method. */
    public static final String EVERY_METHOD = "*";

    /** Whether it applies to a call of {@code webApiMethod}. */
    boolean matches(String webApiMethod) {
        return method.equals(EVERY_METHOD) || method.equals(webApiMethod);
    }

    /** This fault after applying to one more call. */
    ApiFault hit() {
        return new ApiFault(id, created, method, status, retryAfter, latencyMs, count,
                remaining == null ? null : remaining - 1, hits + 1);
    }

    /** True when it applies to no more calls. */
    boolean usedUp() {
        return remaining != null && remaining <= 0;
    }

    /**
     * The {@code error} of the answer's body, as Slack words it: {@code ratelimited} for 429,
     * {@code internal_error} for 5xx, {@code invalid_request} for other 4xx.
     */
    public String error() {
        if (status == 429) {
            return "ratelimited";
        }
        return status >= 500 ? "internal_error" : "invalid_request";
    }
}
