package dev.kafkachatops.ops.chat;

import dev.kafkachatops.port.OutboxStore;

import java.util.Optional;

/**
 * What a message's ts or the outbox's reference to a queued post ({@code q:<id>}) stands for now: a post queued
 * while Slack could not be reached has no ts until it is delivered, and its thread replies and updates wait for it.
 */
record OutboxRefs(OutboxStore store) {

    /**
     * A ts or reference as a ts: {@code Optional.of(Optional.of(ts))} when known, {@code Optional.of(empty)} when the
     * referenced post failed for good, {@code Optional.empty()} while it is still queued.
     */
    Optional<Optional<String>> resolve(String tsOrRef) {
        if (!tsOrRef.startsWith("q:")) return Optional.of(Optional.of(tsOrRef));
        Optional<String> ts = store.ts(tsOrRef);
        if (ts.isPresent()) return Optional.of(ts);
        return store.lost(tsOrRef) ? Optional.of(Optional.empty()) : Optional.empty();
    }

    /** No thread is a known "no thread"; a thread's ts or reference is {@link #resolve}d. */
    Optional<Optional<String>> thread(Optional<String> thread) {
        return thread.isEmpty() ? Optional.of(Optional.empty()) : resolve(thread.get());
    }
}
