package dev.kafkachatops.ops.chat;

import dev.kafkachatops.port.ChatNotifier;
import dev.kafkachatops.port.ChatNotifier.Refused;
import dev.kafkachatops.port.ChatSender;
import dev.kafkachatops.port.ChatSender.Result;
import dev.kafkachatops.port.OutboxStore;
import dev.kafkachatops.port.OutboxStore.Item;
import dev.kafkachatops.port.OutboxStore.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.kafkachatops.view.LogText.safe;

/**
 * Every write to the chat goes through here: a chat that fails never fails the caller and never loses a message.
 * A write is sent at once when nothing is queued before it in its channel; when the chat answers "later" (HTTP 429
 * with {@code Retry-After}, 5xx, a network error) it is queued in the bot's database ({@link OutboxStore}) and a
 * worker delivers it, in order per channel, waiting what the chat asked for or backing off (1 s doubling to 60 s),
 * for at most {@code maxAge} (default 30 minutes), also after a bot restart. Bot instances sharing one database each
 * run a worker: an item is claimed by one of them before it is sent (a claim of an instance that died expires after
 * a minute), so none is sent twice and each lane stays in order. Queued updates of one message are
 * coalesced to the latest. A post that had to be queued is known by a reference ({@code q:<id>}) until it has a
 * ts: replies and updates naming the reference wait for it, and {@link Posted} tells the owner of the message its
 * ts once delivered. Only a top-level post the chat refuses for good (a bad request, no access) is an error to the
 * caller ({@link Refused}: a plan that cannot be shown must not be stored); everything else it refuses is logged (ids
 * and error codes, never the text), a refused file is also noted in its thread and a private line for a user who is
 * not in the channel goes to their direct messages ({@link Refusals}), so a chat failure never fails an operation.
 */
public final class ChatOutbox implements ChatNotifier, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatOutbox.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final int PER_LANE_PER_TICK = 20;
    /** How long a claim on a queued item holds: longer than one delivery takes, short for an instance that died. */
    private static final Duration CLAIM = Duration.ofSeconds(60);
    /** How often an idle worker looks for what another bot instance on the store left (e.g. one that died). */
    private static final Duration LOOK_EVERY = Duration.ofSeconds(5);

    /** Told when a queued top-level post (a plan message, a checklist) was delivered: its reference and its ts. */
    public interface Posted {
        /** @return true when the reference was known to the owner (so it need not be told again) */
        boolean posted(String channel, String ref, String ts);
    }

    private final ChatSender sender;
    private final Refusals refusals;
    private final OutboxStore store;
    private final OutboxRefs refs;
    private final Clock clock;
    private final Duration maxAge;
    private final Map<String, Object> lanes = new ConcurrentHashMap<>();
    private final AtomicBoolean work = new AtomicBoolean(true);
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chat-outbox");
        t.setDaemon(true);
        return t;
    });
    private volatile Posted posted = (channel, ref, ts) -> true;
    private volatile Instant lastPurge = Instant.EPOCH;
    private final String owner = UUID.randomUUID().toString(); // this deliverer among the instances on the store
    private volatile Instant lastLook = Instant.EPOCH;

    public ChatOutbox(ChatSender sender, OutboxStore store, Clock clock, Duration maxAge) {
        this.sender = sender;
        this.refusals = new Refusals(sender);
        this.store = store;
        this.refs = new OutboxRefs(store);
        this.clock = clock;
        this.maxAge = maxAge;
    }

    /** Delivers what is queued (also what a previous process left) every {@code every}. */
    public ChatOutbox start(Duration every) {
        worker.scheduleWithFixedDelay(this::drainSafely, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public void onPosted(Posted listener) {
        this.posted = listener;
    }

    @Override
    public String post(String channel, Optional<String> threadTs, String text, String blocksJson) {
        synchronized (lane(channel)) {
            Optional<Optional<String>> thread = refs.thread(threadTs);
            if (thread.isPresent() && store.pending(channel).isEmpty()) {
                Result r = sender.post(channel, thread.get(), text, blocksJson);
                if (r instanceof Result.Sent s) return s.ts().orElse("");
                if (r instanceof Result.Refused f) {
                    log.warn("chat.postMessage {}in {} refused: {}", threadTs.isEmpty() ? "" : "in a thread ",
                            safe(channel), safe(f.error()));
                    if (threadTs.isEmpty()) throw new Refused(channel, f.error());
                    return "";
                }
                return queue(Kind.POST, channel, threadTs, Optional.empty(), text, blocksJson, Optional.empty(),
                        Optional.empty(), null, (Result.Retry) r).ref();
            }
            return queue(Kind.POST, channel, threadTs, Optional.empty(), text, blocksJson, Optional.empty(),
                    Optional.empty(), null, null).ref();
        }
    }

    @Override
    public void update(String channel, String ts, String text, String blocksJson) {
        synchronized (lane(channel)) {
            Optional<Optional<String>> target = refs.resolve(ts);
            if (target.isPresent() && target.get().isEmpty()) {
                log.warn("chat.update of {} dropped: the message was never posted", safe(ts));
                return;
            }
            if (target.isPresent() && store.pending(channel).isEmpty()) {
                Result r = sender.update(channel, target.get().get(), text, blocksJson);
                if (r instanceof Result.Retry retry) {
                    queue(Kind.UPDATE, channel, Optional.empty(), Optional.of(ts), text, blocksJson, Optional.empty(),
                            Optional.empty(), null, retry);
                } else if (r instanceof Result.Refused f) {
                    log.warn("chat.update of {} in {} refused: {}", safe(ts), safe(channel), safe(f.error()));
                }
                return;
            }
            if (!store.coalesce(channel, ts, text, blocksJson)) {
                queue(Kind.UPDATE, channel, Optional.empty(), Optional.of(ts), text, blocksJson, Optional.empty(),
                        Optional.empty(), null, null);
            }
        }
    }

    @Override
    public void ephemeral(String channel, String user, String text) {
        synchronized (lane(channel)) {
            Result r = store.pending(channel).isEmpty() ? sender.ephemeral(channel, user, text) : null;
            if (r instanceof Result.Refused f) refusals.ephemeral(channel, user, text, f.error());
            if (r == null || r instanceof Result.Retry) {
                queue(Kind.EPHEMERAL, channel, Optional.empty(), Optional.empty(), text, null, Optional.of(user),
                        Optional.empty(), null, (Result.Retry) r);
            }
        }
    }

    @Override
    public void upload(String channel, Optional<String> threadTs, String filename, String title, String content) {
        upload(Kind.UPLOAD_TEXT, channel, threadTs, filename, title, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void uploadBytes(String channel, Optional<String> threadTs, String filename, String title, byte[] content) {
        upload(Kind.UPLOAD_BYTES, channel, threadTs, filename, title, content);
    }

    private void upload(Kind kind, String channel, Optional<String> threadTs, String filename, String title,
                        byte[] content) {
        synchronized (lane(channel)) {
            Optional<Optional<String>> thread = refs.thread(threadTs);
            if (thread.isPresent() && store.pending(channel).isEmpty()) {
                Result r = sender.upload(channel, thread.get(), filename, title, content, kind == Kind.UPLOAD_TEXT);
                if (r instanceof Result.Retry retry) {
                    queue(kind, channel, threadTs, Optional.empty(), title, null, Optional.empty(),
                            Optional.of(filename), content, retry);
                } else if (r instanceof Result.Refused f) {
                    refusals.upload(channel, thread.get(), filename, f.error());
                }
                return;
            }
            queue(kind, channel, threadTs, Optional.empty(), title, null, Optional.empty(), Optional.of(filename),
                    content, null);
        }
    }

    /** Delivers every due item (also called by the worker); public for tests and for a final flush. */
    public void drain() {
        Instant started = clock.instant();
        if (!work.getAndSet(false) && started.isBefore(lastLook.plus(LOOK_EVERY))) return;
        lastLook = started;
        Set<String> laneNames = new LinkedHashSet<>();
        store.pending().forEach(i -> laneNames.add(i.lane()));
        for (String name : laneNames) {
            synchronized (lane(name)) {
                for (int n = 0; n < PER_LANE_PER_TICK; n++) {
                    Optional<Item> next = store.pending(name).stream().findFirst();
                    Instant now = clock.instant();
                    if (next.isEmpty() || next.get().due().isAfter(now)) break;
                    // another instance is delivering this lane's head: leave the lane to it, in order
                    if (!store.claim(next.get().id(), owner, now.plus(CLAIM), now)) break;
                    deliver(next.get());
                }
            }
        }
        if (!store.pending().isEmpty()) work.set(true);
        purgeNow();
    }

    private void drainSafely() {
        try {
            drain();
        } catch (RuntimeException e) {
            work.set(true); // the database may be restarting: try again at the next tick
            log.warn("the chat outbox could not be delivered now: {}", e.toString());
        }
    }

    private void deliver(Item item) {
        Optional<Optional<String>> thread = refs.thread(item.thread());
        Optional<Optional<String>> target = item.target().map(refs::resolve).orElse(Optional.of(Optional.empty()));
        if (thread.isEmpty() || target.isEmpty()) return; // a parent earlier in another lane: wait for it
        if (item.kind() == Kind.UPDATE && target.get().isEmpty()) {
            store.failed(item.id(), "the message to update was never posted", clock.instant());
            return;
        }
        Result r = switch (item.kind()) {
            case POST -> sender.post(item.channel(), thread.get(), item.text(), item.blocks());
            case UPDATE -> sender.update(item.channel(), target.get().orElseThrow(), item.text(), item.blocks());
            case EPHEMERAL -> sender.ephemeral(item.channel(), item.user().orElseThrow(), item.text());
            case UPLOAD_TEXT, UPLOAD_BYTES -> sender.upload(item.channel(), thread.get(), item.name().orElseThrow(),
                    item.text(), item.content(), item.kind() == Kind.UPLOAD_TEXT);
        };
        Instant now = clock.instant();
        if (r instanceof Result.Sent s) {
            store.delivered(item.id(), s.ts(), now);
            if (item.kind() == Kind.POST && item.thread().isEmpty() && s.ts().isPresent()) {
                tell(item.channel(), item.ref(), s.ts().get(), 3);
            }
        } else if (r instanceof Result.Retry retry) {
            if (!now.isBefore(item.created().plus(maxAge))) {
                store.failed(item.id(), retry.error(), now);
                log.warn("chat {} {} in {} given up after {} attempts over {}: {}", item.kind(), safe(item.ref()),
                        safe(item.channel()), item.attempts() + 1, maxAge, safe(retry.error()));
            } else {
                store.retryAt(item.id(), item.attempts() + 1, now.plus(delay(retry, item.attempts() + 1)),
                        retry.error());
            }
        } else {
            String error = ((Result.Refused) r).error();
            store.failed(item.id(), error, now);
            switch (item.kind()) {
                case EPHEMERAL -> refusals.ephemeral(item.channel(), item.user().orElseThrow(), item.text(), error);
                case UPLOAD_TEXT, UPLOAD_BYTES -> refusals.upload(item.channel(), thread.get(), item.name().orElseThrow(),
                        error);
                default -> log.warn("chat {} {} in {} refused: {}", item.kind(), safe(item.ref()), safe(item.channel()),
                        safe(error));
            }
        }
    }

    /** The owner may store the reference only just after the post returned it: ask again a few times. */
    private void tell(String channel, String ref, String ts, int tries) {
        if (posted.posted(channel, ref, ts) || tries <= 1) return;
        worker.schedule(() -> tell(channel, ref, ts, tries - 1), 1, TimeUnit.SECONDS);
    }

    private Item queue(Kind kind, String channel, Optional<String> thread, Optional<String> target, String text,
                       String blocks, Optional<String> user, Optional<String> name, byte[] content, Result.Retry first) {
        Instant now = clock.instant();
        int attempts = first == null ? 0 : 1;
        Instant due = first == null ? now : now.plus(delay(first, 1));
        Item item = new Item(0, channel, kind, channel, thread, target, text, blocks, user, name, content, now,
                attempts, due, Optional.ofNullable(first).map(Result.Retry::error));
        long id = store.add(item);
        work.set(true);
        if (first != null) log.info("chat {} q:{} in {} queued: {}", kind, id, safe(channel), safe(first.error()));
        return item.withId(id);
    }

    static Duration delay(Result.Retry retry, int attempts) {
        Duration backoff = Duration.ofSeconds(1L << Math.min(6, Math.max(0, attempts - 1)));
        if (backoff.compareTo(MAX_BACKOFF) > 0) backoff = MAX_BACKOFF;
        return retry.after().filter(a -> !a.isZero()).orElse(backoff);
    }

    private Object lane(String channel) {
        return lanes.computeIfAbsent(channel, c -> new Object());
    }

    private void purgeNow() {
        Instant now = clock.instant();
        if (Duration.between(lastPurge, now).compareTo(Duration.ofHours(1)) < 0) return;
        lastPurge = now;
        store.purge(now.minus(Duration.ofDays(7)));
    }

    /** Stops the worker; what is still queued stays in the store for the next start. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
