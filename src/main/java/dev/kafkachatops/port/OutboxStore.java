package dev.kafkachatops.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable queue of writes to the chat that could not be delivered at once, in the bot's database, so that a
 * bot restart delivers them. A queued post is known by its reference {@code q:<id>} until it is delivered; its
 * message id (ts) is kept after delivery so later updates and thread replies can use the reference.
 */
public interface OutboxStore {
    enum Kind { POST, UPDATE, EPHEMERAL, UPLOAD_TEXT, UPLOAD_BYTES }

    /**
     * One queued write.
     *
     * @param id       assigned by the store (0 before it is added)
     * @param lane     writes in one lane are delivered in order (the channel)
     * @param thread   the thread's ts or reference (posts, uploads)
     * @param target   the message's ts or reference (updates)
     * @param user     the user an ephemeral message is for
     * @param name     a file's name
     * @param content  a file's content
     * @param attempts delivery attempts so far
     * @param due      the earliest time of the next attempt
     */
    record Item(long id, String lane, Kind kind, String channel, Optional<String> thread, Optional<String> target,
                String text, String blocks, Optional<String> user, Optional<String> name, byte[] content,
                Instant created, int attempts, Instant due, Optional<String> error) {
        public Item {
            Objects.requireNonNull(lane, "lane");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(due, "due");
            text = text == null ? "" : text;
            content = content == null ? new byte[0] : content;
        }

        /** How a queued post is known before it has a ts. */
        public String ref() {
            return "q:" + id;
        }

        public Item withId(long newId) {
            return new Item(newId, lane, kind, channel, thread, target, text, blocks, user, name, content, created,
                    attempts, due, error);
        }

        /** The same write with other content (a coalesced update). */
        public Item withContent(String newText, String newBlocks) {
            return new Item(id, lane, kind, channel, thread, target, newText, newBlocks, user, name, content, created,
                    attempts, due, error);
        }

        /** The same write after another failed attempt. */
        public Item withRetry(int newAttempts, Instant newDue, String newError) {
            return new Item(id, lane, kind, channel, thread, target, text, blocks, user, name, content, created,
                    newAttempts, newDue, Optional.of(newError));
        }
    }

    /** @return the item's id */
    long add(Item item);

    /**
     * Replaces the text and blocks of the queued (undelivered) update of {@code target} in {@code lane}, if there is
     * one and no deliverer has {@link #claim claimed} it (it may be on its way): updates are coalesced to the
     * latest.
     *
     * @return true when a queued update took the new content
     */
    boolean coalesce(String lane, String target, String text, String blocks);

    /** Every undelivered item, in id order. */
    List<Item> pending();

    /** The undelivered items of one lane, in id order. */
    List<Item> pending(String lane);

    /**
     * Takes the undelivered item {@code id} for delivery by {@code owner} until {@code until}, unless another owner
     * holds a claim on it that has not expired by {@code now}. Several bot instances share one database: each
     * delivers only what it claimed, so no item is sent twice; a claim of an instance that died expires.
     *
     * @return true when {@code owner} may deliver the item now
     */
    boolean claim(long id, String owner, Instant until, Instant now);

    void delivered(long id, Optional<String> ts, Instant at);

    /** To be tried again at {@code due} (by any deliverer: the claim is released). */
    void retryAt(long id, int attempts, Instant due, String error);

    /** Given up: the item leaves the queue, its error is kept. */
    void failed(long id, String error, Instant at);

    /** A delivered post's ts by its reference {@code q:<id>}; empty while it is queued or when it failed. */
    Optional<String> ts(String ref);

    /** Whether the reference names an item that failed or is unknown (its replies cannot be delivered). */
    boolean lost(String ref);

    /** Forgets delivered and failed items older than {@code before}. */
    int purge(Instant before);
}
