package dev.kafkachatops.sim;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * The faults pending in a simulator ({@code /api/sim/faults}), in the order they were added.
 *
 * <p>A Web API call takes the first pending {@link ApiFault} that matches its method, which counts the call
 * (and is removed when its {@code count} is used up): the call waits the fault's latency, then answers its
 * status without running, or runs when it has none. A Socket Mode handshake is refused while a
 * {@link SocketFault} refusal lasts; refusals end by themselves. {@link #clear()} removes everything.
 * Invalid faults throw {@link SimException} and change nothing. Thread-safe.
 */
public final class SimFaults {
    /** The longest latency a fault may add. */
    public static final long MAX_LATENCY_MS = 600_000;
    /** The longest refusal of Socket Mode connections. */
    public static final int MAX_REFUSE_SECONDS = 86_400;
    private static final Pattern SLACK_CODE = Pattern.compile("[a-z][a-z0-9_]{1,63}");

    private final Clock clock;
    private final boolean socketMode;
    private final IntSupplier dropConnections;
    private final AtomicInteger ids = new AtomicInteger();
    private final List<SimFault> pending = new ArrayList<>();

    /**
     * @param clock           time of creation and of the end of refusals
     * @param socketMode      false in HTTP delivery mode, where socket faults are refused
     * @param dropConnections closes every open Socket Mode connection without a goodbye, returns how many
     */
    SimFaults(Clock clock, boolean socketMode, IntSupplier dropConnections) {
        this.clock = clock;
        this.socketMode = socketMode;
        this.dropConnections = dropConnections;
    }

    /**
     * Adds a Web API fault (see {@link ApiFault}); a 429 without {@code retryAfter} sends {@code Retry-After: 1}.
     *
     * @param method     a Web API method name or {@code *}
     * @param status     400-599, or 0 for latency alone
     * @param retryAfter seconds for {@code Retry-After}, or null
     * @param latencyMs  0 to {@link #MAX_LATENCY_MS}
     * @param count      at least 1, or null: until cleared
     * @throws SimException when the fault is invalid
     */
    public ApiFault addApiFault(String method, int status, Integer retryAfter, long latencyMs, Integer count) {
        return addApiFault(method, status, retryAfter, latencyMs, count, ApiFault.SlackAnswer.NONE);
    }

    /**
     * Adds a fault that answers HTTP 200 with Slack's {@code {"ok":false,"error":error}} (with {@code needed} and
     * {@code provided} for {@code missing_scope}) instead of running {@code method}, e.g.
     * {@code addSlackError("files.getUploadURLExternal", "missing_scope", 1)}.
     */
    public ApiFault addSlackError(String method, String error, Integer count) {
        return addApiFault(method, 0, null, 0, count, new ApiFault.SlackAnswer(error, null, null, null));
    }

    /**
     * Adds a Web API fault with Slack's own answer: an error code (HTTP 200, {@code ok:false}; not with a
     * {@code status}) and/or a warning added to the answer.
     *
     * @throws SimException when the fault is invalid
     */
    public ApiFault addApiFault(String method, int status, Integer retryAfter, long latencyMs, Integer count,
                                ApiFault.SlackAnswer answer) {
        if (method == null || method.isBlank()) {
            throw invalid("method must be a Web API method name or \"*\"");
        }
        if (status != 0 && (status < 400 || status > 599)) {
            throw invalid("status must be an HTTP error status (400-599), got " + status);
        }
        if (latencyMs < 0 || latencyMs > MAX_LATENCY_MS) {
            throw invalid("latencyMs must be between 0 and " + MAX_LATENCY_MS + ", got " + latencyMs);
        }
        checkAnswer(status, answer);
        if (status == 0 && latencyMs == 0 && !answer.refuses() && answer.warning() == null) {
            throw invalid("a fault needs a status (400-599), an error, a warning, a latencyMs, or some of these");
        }
        if (retryAfter != null && status == 0) {
            throw invalid("retryAfter needs a status");
        }
        if (retryAfter != null && retryAfter < 0) {
            throw invalid("retryAfter must be 0 or more seconds, got " + retryAfter);
        }
        if (count != null && count < 1) {
            throw invalid("count must be at least 1, got " + count);
        }
        Integer retry = status == 429 && retryAfter == null ? Integer.valueOf(1) : retryAfter;
        ApiFault f = new ApiFault(nextId(), clock.instant(), method, status, retry, latencyMs, count, count, 0,
                answer);
        synchronized (this) {
            pending.add(f);
        }
        return f;
    }

    private static void checkAnswer(int status, ApiFault.SlackAnswer a) {
        if (a.error() != null && !SLACK_CODE.matcher(a.error()).matches()) {
            throw invalid("error must be a Slack error code like missing_scope, got \"" + a.error() + "\"");
        }
        if (a.warning() != null && !SLACK_CODE.matcher(a.warning()).matches()) {
            throw invalid("warning must be a Slack warning code like missing_charset, got \"" + a.warning() + "\"");
        }
        if (a.refuses() && status != 0) {
            throw invalid("give either status (an HTTP error) or error (Slack's ok:false in HTTP 200), not both");
        }
        if ((a.needed() != null || a.provided() != null) && !"missing_scope".equals(a.error())) {
            throw invalid("needed and provided go with \"error\":\"missing_scope\"");
        }
    }

    /** Closes every open Socket Mode connection now, without a {@code disconnect} message. Not kept pending. */
    public SocketFault dropSockets() {
        requireSocketMode();
        int dropped = dropConnections.getAsInt();
        return new SocketFault(nextId(), clock.instant(), SocketFault.Action.DROP, 0, null, dropped, 0);
    }

    /**
     * Refuses new Socket Mode connections (the WebSocket handshake fails) for {@code seconds} and drops the open
     * ones; {@code apps.connections.open} keeps answering with a URL.
     *
     * @throws SimException when seconds is not between 1 and {@link #MAX_REFUSE_SECONDS}, or in HTTP mode
     */
    public SocketFault refuseSockets(int seconds) {
        requireSocketMode();
        if (seconds < 1 || seconds > MAX_REFUSE_SECONDS) {
            throw invalid("seconds must be between 1 and " + MAX_REFUSE_SECONDS + ", got " + seconds);
        }
        Instant now = clock.instant();
        SocketFault f = new SocketFault(nextId(), now, SocketFault.Action.REFUSE, seconds,
                now.plusSeconds(seconds), 0, 0);
        synchronized (this) {
            pending.add(f);
        }
        int dropped = dropConnections.getAsInt();
        synchronized (this) {
            int i = indexOf(f.id());
            if (i >= 0) {
                pending.set(i, ((SocketFault) pending.get(i)).withDropped(dropped));
            }
        }
        return f.withDropped(dropped);
    }

    /** The faults still pending (used-up counts and ended refusals are gone), oldest first. */
    public synchronized List<SimFault> pending() {
        purge();
        return List.copyOf(pending);
    }

    /** Removes every pending fault; returns how many there were. */
    public synchronized int clear() {
        purge();
        int n = pending.size();
        pending.clear();
        return n;
    }

    /** The clock's current time (for the seconds left of refusals). */
    Instant now() {
        return clock.instant();
    }

    /** Counts one call of {@code method} against the first matching Web API fault; null when none matches. */
    synchronized ApiFault take(String method) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i) instanceof ApiFault a && a.matches(method)) {
                ApiFault hit = a.hit();
                if (hit.usedUp()) {
                    pending.remove(i);
                } else {
                    pending.set(i, hit);
                }
                return hit;
            }
        }
        return null;
    }

    /** True (and counted) when a refusal is in force: the handshake must fail. */
    synchronized boolean refuseConnection() {
        purge();
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i) instanceof SocketFault s && s.refusing(clock.instant())) {
                pending.set(i, s.withRefusal());
                return true;
            }
        }
        return false;
    }

    private void purge() {
        Instant now = clock.instant();
        pending.removeIf(f -> f instanceof SocketFault s && !s.refusing(now));
    }

    private int indexOf(String id) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private void requireSocketMode() {
        if (!socketMode) {
            throw new SimException("socket_mode_disabled",
                    "socket faults need Socket Mode; this simulator delivers over HTTP");
        }
    }

    private String nextId() {
        return "fault-" + ids.incrementAndGet();
    }

    private static SimException invalid(String detail) {
        return new SimException("invalid_fault", detail);
    }
}
