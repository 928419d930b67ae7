package dev.kafkachatops.sim;

import java.time.Instant;

/**
 * A fault on Web API calls: the next {@code count} calls of {@code method} ({@code *}: every method) wait
 * {@code latencyMs}, then answer HTTP {@code status} instead of running (nothing is posted), or, with a Slack error
 * code in {@code answer}, HTTP 200 {@code {"ok":false,"error":...}} like Slack refusing the call (nothing is posted
 * either); without both they run normally after the wait, with the answer's {@code warning} added when it has one.
 * A snapshot: {@link SimFaults} replaces it at every call it applies to.
 *
 * @param id         {@code fault-N}
 * @param created    when it was added
 * @param method     a Web API method name, or {@code *}
 * @param status     the HTTP status answered (400-599), or 0: the call runs (or gets the answer's error)
 * @param retryAfter seconds sent in {@code Retry-After}, or null for no header (a 429 always has one)
 * @param latencyMs  milliseconds each answer is delayed (0: none)
 * @param count      how many calls it applies to, or null: until cleared
 * @param remaining  calls it still applies to, or null: until cleared
 * @param hits       calls it has applied to so far
 * @param answer     Slack's own refusal or warning in an HTTP 200 answer ({@link SlackAnswer#NONE}: none)
 */
public record ApiFault(String id, Instant created, String method, int status, Integer retryAfter, long latencyMs,
                       Integer count, Integer remaining, int hits, SlackAnswer answer) implements SimFault {

    /** The wildcard method: every Web API method. */
    public static final String EVERY_METHOD = "*";

    public ApiFault {
        answer = answer == null ? SlackAnswer.NONE : answer;
    }

    /**
     * What Slack says in the body of an HTTP 200 answer.
     *
     * @param error    an error code ({@code missing_scope}, {@code not_in_channel}, {@code token_revoked}...):
     *                 {@code ok:false} and the method does not run; null: the method runs
     * @param needed   for {@code missing_scope}: the scope the method needs (null: the method's usual one)
     * @param provided for {@code missing_scope}: the scopes the token has (null: the simulator's bot scopes)
     * @param warning  a warning code added as {@code warning} and {@code response_metadata.messages}, or null
     */
    public record SlackAnswer(String error, String needed, String provided, String warning) {
        public static final SlackAnswer NONE = new SlackAnswer(null, null, null, null);

        boolean refuses() {
            return error != null;
        }
    }

    /** Whether it applies to a call of {@code webApiMethod}. */
    boolean matches(String webApiMethod) {
        return method.equals(EVERY_METHOD) || method.equals(webApiMethod);
    }

    /** This fault after applying to one more call. */
    ApiFault hit() {
        return new ApiFault(id, created, method, status, retryAfter, latencyMs, count,
                remaining == null ? null : remaining - 1, hits + 1, answer);
    }

    /** True when it applies to no more calls. */
    boolean usedUp() {
        return remaining != null && remaining <= 0;
    }

    /**
     * The {@code error} of the answer's body: the answer's Slack error code when it has one, else as Slack words an
     * HTTP status: {@code ratelimited} for 429, {@code internal_error} for 5xx, {@code invalid_request} for other 4xx.
     */
    public String error() {
        if (answer.refuses()) {
            return answer.error();
        }
        if (status == 429) {
            return "ratelimited";
        }
        return status >= 500 ? "internal_error" : "invalid_request";
    }
}
