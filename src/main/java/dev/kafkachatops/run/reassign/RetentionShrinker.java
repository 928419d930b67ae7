package dev.kafkachatops.run.reassign;

import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.RetentionAdmin;
import dev.kafkachatops.port.RetentionLedger;
import dev.kafkachatops.run.Sleeper;
import dev.kafkachatops.view.Format;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.Collection;

/**
 * {@code shrink-retention=}: lowers a topic's {@code retention.ms} for the duration of a move so that Kafka deletes
 * the old data before it is copied, and puts the original value back afterwards.
 * <p>Guarantees: the ledger entry (cluster, run, topic, original value or "none") is written BEFORE the topic is
 * changed and cleared only AFTER the original is back; {@link #restore} runs in the caller's {@code finally}
 * (done, cancelled, failed, refused, exception); if restoring fails the entry stays and {@link RetentionSweeper}
 * restores it at the next bot start (or the next shrink of the same topic restores it first). Two runs never
 * shrink the same topic at once (the second would read the lowered value as the original).
 */
public final class RetentionShrinker {

    /** What the plan promises: keep {@code keep} of data on {@code topic}; the estimate made when planning. */
    public record Plan(String topic, Duration keep, RetentionAdmin.Retention before, RetentionEstimate estimate) {
        /** The bold line of the plan message. */
        public String describe() {
            String from = before.topicValue().orElse(before.effectiveMs() + " (broker default)");
            return "*Deletes about " + Format.bytes(estimate.deletedBytes()) + ": data older than "
                    + Format.duration(keep) + " in " + topic + " (retention.ms " + from + " → " + keep.toMillis()
                    + " during the move, restored afterwards)*";
        }
    }

    /** How long to wait for Kafka's log cleaner thread: its check interval plus a margin, at most {@code max}. */
    public record Options(Duration margin, Duration max, Duration poll) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofSeconds(2));
        }

        Duration waitFor(OptionalLong checkIntervalMs) {
            Duration check = Duration.ofMillis(checkIntervalMs.orElse(300_000));
            Duration w = check.plus(margin);
            return w.compareTo(max) > 0 ? max : w;
        }
    }

    /** A lowered retention, to be handed back to {@link #restore}. */
    public record Lease(String cluster, String runId, String topic, Optional<String> original, long loweredMs,
                        Instant cutoff, long replicaBytesBefore) {
    }

    /** What waiting for the deletion saw. */
    public record Deletion(long replicaBytesBefore, long replicaBytesAfter, Duration waited, boolean allOldGone,
                           boolean cancelled) {
        public long deleted() {
            return Math.max(0, replicaBytesBefore - replicaBytesAfter);
        }
    }

    /** The shrink cannot start; nothing was changed (or the change was undone). */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final RetentionLedger ledger;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Options options;
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    public RetentionShrinker(RetentionLedger ledger, Clock clock, Sleeper sleeper, Options options) {
        this.ledger = ledger;
        this.clock = clock;
        this.sleeper = sleeper;
        this.options = options;
    }

    /** Reads the current retention and estimates what {@code keep} would delete (plan time; changes nothing). */
    public static Plan plan(RetentionAdmin admin, String topic, Duration keep, Instant now)
            throws AdminException, Refused {
        if (keep.isZero() || keep.isNegative()) throw new Refused("shrink-retention must be positive.");
        RetentionAdmin.Retention r = admin.retention(topic);
        if (r.effectiveMs() >= 0 && r.effectiveMs() <= keep.toMillis()) {
            throw new Refused("retention.ms of " + topic + " is already " + r.effectiveMs() + " ("
                    + Format.duration(Duration.ofMillis(r.effectiveMs())) + "), not longer than shrink-retention="
                    + Format.duration(keep) + "; nothing to shrink.");
        }
        var estimate = RetentionEstimate.of(admin.offsets(topic, now.minus(keep)), admin.partitionSizes(topic));
        return new Plan(topic, keep, r, estimate);
    }

    /** How long {@link #awaitDeletion} waits at most on this cluster. */
    public Duration maxWait(RetentionAdmin admin) {
        try {
            return options.waitFor(admin.retentionCheckIntervalMs());
        } catch (AdminException e) {
            return options.waitFor(OptionalLong.empty());
        }
    }

    /** Records the original value in the ledger, then lowers {@code retention.ms}. */
    public Lease lower(RetentionAdmin admin, String cluster, String runId, String topic, Duration keep)
            throws AdminException, Refused {
        String key = cluster + "/" + topic;
        if (!active.add(key)) {
            throw new Refused("Another run is shrinking the retention of " + topic + " right now; nothing was changed.");
        }
        boolean ok = false;
        try {
            // An earlier run's leftover (its restore failed): put its original back first, and take the original
            // from the ledger rather than from a read that may still show the lowered value (config propagation).
            Optional<String> original = null;
            for (RetentionLedger.Entry left : ledger.entries()) {
                if (left.cluster().equals(cluster) && left.topic().equals(topic)) {
                    RetentionSweeper.restore(admin, ledger, left);
                    original = left.originalValue();
                }
            }
            if (original == null) {
                RetentionAdmin.Retention r = admin.retention(topic);
                if (r.effectiveMs() >= 0 && r.effectiveMs() <= keep.toMillis()) {
                    throw new Refused("retention.ms of " + topic + " is now " + r.effectiveMs()
                            + ", not longer than shrink-retention; nothing was changed.");
                }
                original = r.topicValue();
            }
            ledger.record(new RetentionLedger.Entry(cluster, runId, topic, original.orElse(null)));
            // measured before lowering: Kafka may delete within a second of the change, before anyone waits for it
            long bytesBefore = admin.totalReplicaBytes(topic);
            Lease lease = new Lease(cluster, runId, topic, original, keep.toMillis(), clock.instant().minus(keep),
                    bytesBefore);
            try {
                admin.setRetention(topic, Optional.of(String.valueOf(keep.toMillis())));
            } catch (AdminException e) {
                restore(admin, lease); // the change may have applied although the answer was lost
                throw e;
            }
            ok = true;
            return lease;
        } finally {
            if (!ok) active.remove(key);
        }
    }

    /**
     * Waits until Kafka has deleted the old data: every partition's earliest offset has reached the cutoff, or the
     * replicas' size dropped and then held still for one check interval, or {@code maxWait} passed (Kafka deletes
     * only closed segments, so some old data may stay; that is fine, it is just copied).
     */
    public Deletion awaitDeletion(RetentionAdmin admin, Lease lease, Duration maxWait, BooleanSupplier cancel,
                                  Consumer<String> progress) throws AdminException, InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(maxWait);
        long before = lease.replicaBytesBefore();
        long last = before;
        Instant lastDrop = null;
        Duration still = Duration.ofMillis(Math.max(2000, admin.retentionCheckIntervalMs().orElse(300_000) + 2000));
        while (true) {
            if (cancel.getAsBoolean()) {
                return new Deletion(before, last, Duration.between(start, clock.instant()), false, true);
            }
            boolean gone = allOldGone(admin.offsets(lease.topic(), lease.cutoff()).values());
            long now = admin.totalReplicaBytes(lease.topic());
            if (now < last) {
                lastDrop = clock.instant();
                progress.accept("Kafka deleted " + Format.bytes(before - now) + " of old data so far.");
            }
            last = now;
            Instant t = clock.instant();
            if (gone || !t.isBefore(deadline) || lastDrop != null && !t.isBefore(lastDrop.plus(still))) {
                return new Deletion(before, now, Duration.between(start, t), gone, false);
            }
            sleeper.sleep(options.poll());
        }
    }

    static boolean allOldGone(Collection<RetentionAdmin.Offsets> offsets) {
        for (RetentionAdmin.Offsets o : offsets) {
            if (o.latest() <= o.earliest()) continue; // empty
            if (o.atCutoff().isEmpty()) return false; // everything is old and something is left
            if (o.earliest() < o.atCutoff().getAsLong()) return false;
        }
        return true;
    }

    /**
     * Puts the original value back (SET, or DELETE when the topic had none) and clears the ledger entry. Tries a
     * few times; if the cluster still refuses, the entry stays for the sweep at the next start.
     *
     * @return empty when restored, else a warning for the chat
     */
    public Optional<String> restore(RetentionAdmin admin, Lease lease) {
        String key = lease.cluster() + "/" + lease.topic();
        boolean interrupted = Thread.interrupted(); // restore even when the run was interrupted (bot stopping)
        try {
            AdminException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                try {
                    admin.setRetention(lease.topic(), lease.original());
                    ledger.clear(lease.cluster(), lease.runId());
                    return Optional.empty();
                } catch (AdminException e) {
                    last = e;
                    try {
                        sleeper.sleep(Duration.ofSeconds(1));
                    } catch (InterruptedException ie) {
                        interrupted = true;
                        break;
                    }
                }
            }
            return Optional.of("retention.ms of " + lease.topic() + " is still " + lease.loweredMs()
                    + " and could not be restored to " + lease.original().orElse("the broker default") + " ("
                    + (last == null ? "interrupted" : last.getMessage()) + "); the bot restores it at its next start. "
                    + "To restore it by hand: kafka-configs.sh --alter --entity-type topics --entity-name "
                    + lease.topic() + lease.original().map(v -> " --add-config retention.ms=" + v)
                    .orElse(" --delete-config retention.ms"));
        } finally {
            active.remove(key);
            if (interrupted) Thread.currentThread().interrupt();
        }
    }
}
