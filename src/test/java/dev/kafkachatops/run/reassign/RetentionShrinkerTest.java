package dev.kafkachatops.run.reassign;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.port.ReassignmentAdmin.AdminException;
import dev.kafkachatops.port.RetentionAdmin;
import dev.kafkachatops.port.RetentionLedger;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The restore guarantees of {@link RetentionShrinker} with a fake cluster. */
class RetentionShrinkerTest {
    private static final long DEFAULT = 604_800_000L;

    /** One cluster's topic configs; {@code failSets} makes the next sets fail. */
    static final class FakeAdmin implements RetentionAdmin {
        final Map<String, String> own = new HashMap<>();
        final List<String> log = new ArrayList<>();
        int failSets;
        RetentionLedger watched;

        @Override
        public Retention retention(String topic) {
            String v = own.get(topic);
            return new Retention(Optional.ofNullable(v), v == null ? DEFAULT : Long.parseLong(v));
        }

        @Override
        public void setRetention(String topic, Optional<String> value) throws AdminException {
            log.add(topic + "=" + value.orElse("<delete>") + " ledger=" + (watched == null ? 0 : watched.entries().size()));
            if (failSets > 0) {
                failSets--;
                throw new AdminException("cluster unreachable", null);
            }
            if (value.isPresent()) own.put(topic, value.get());
            else own.remove(topic);
        }

        @Override
        public Map<TopicPartitionRef, Offsets> offsets(String topic, Instant cutoff) {
            return Map.of(new TopicPartitionRef(topic, 0), new Offsets(0, 10, OptionalLong.of(5)));
        }

        @Override
        public Map<TopicPartitionRef, Long> partitionSizes(String topic) {
            return Map.of(new TopicPartitionRef(topic, 0), 1000L);
        }

        @Override
        public long totalReplicaBytes(String topic) {
            return 2000;
        }

        @Override
        public OptionalLong retentionCheckIntervalMs() {
            return OptionalLong.of(1000);
        }
    }

    static final class MemoryLedger implements RetentionLedger {
        final List<Entry> entries = new ArrayList<>();

        @Override
        public synchronized void record(Entry entry) {
            clear(entry.cluster(), entry.runId());
            entries.add(entry);
        }

        @Override
        public synchronized void clear(String cluster, String runId) {
            entries.removeIf(e -> e.cluster().equals(cluster) && e.runId().equals(runId));
        }

        @Override
        public synchronized List<Entry> entries() {
            return List.copyOf(entries);
        }
    }

    private final FakeAdmin admin = new FakeAdmin();
    private final MemoryLedger ledger = new MemoryLedger();
    private final RetentionShrinker shrinker = new RetentionShrinker(ledger, Clock.systemUTC(), d -> {
    }, RetentionShrinker.Options.defaults());

    @Test
    void recordsBeforeLoweringAndClearsAfterRestoring() throws Exception {
        admin.watched = ledger;
        admin.own.put("orders", "86400000");
        var lease = shrinker.lower(admin, "prod", "R1", "orders", Duration.ofHours(2));
        assertThat(admin.log).containsExactly("orders=7200000 ledger=1");
        assertThat(ledger.entries()).containsExactly(new RetentionLedger.Entry("prod", "R1", "orders", "86400000"));
        assertThat(shrinker.restore(admin, lease)).isEmpty();
        assertThat(admin.own).containsEntry("orders", "86400000");
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void anAbsentValueIsDeletedAgain() throws Exception {
        var lease = shrinker.lower(admin, "prod", "R1", "orders", Duration.ofHours(2));
        assertThat(ledger.entries().get(0).originalValue()).isEmpty();
        assertThat(shrinker.restore(admin, lease)).isEmpty();
        assertThat(admin.own).doesNotContainKey("orders");
        assertThat(admin.log).containsExactly("orders=7200000 ledger=0", "orders=<delete> ledger=0");
    }

    @Test
    void aFailedRestoreKeepsTheEntryAndSaysHowToFixIt() throws Exception {
        admin.own.put("orders", "86400000");
        var lease = shrinker.lower(admin, "prod", "R1", "orders", Duration.ofHours(2));
        admin.failSets = 3;
        Optional<String> warning = shrinker.restore(admin, lease);
        assertThat(warning).hasValueSatisfying(w -> assertThat(w).contains("still 7200000", "next start",
                "--add-config retention.ms=86400000"));
        assertThat(ledger.entries()).hasSize(1);
        // the sweep (next start) puts it back
        assertThat(RetentionSweeper.sweep(ledger, c -> admin)).hasSize(1);
        assertThat(admin.own).containsEntry("orders", "86400000");
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void theSweepLeavesTheEntriesOfALiveRun() throws Exception {
        ledger.record(new RetentionLedger.Entry("prod", "R1", "orders", "86400000"));
        ledger.record(new RetentionLedger.Entry("prod", "R2", "payments", null));
        admin.own.put("orders", "3600000");
        admin.own.put("payments", "3600000");
        // R1 runs on another bot instance (or is about to be taken over by one): its own restore puts it back
        assertThat(RetentionSweeper.sweep(ledger, c -> admin, "R1"::equals)).singleElement().asString()
                .contains("payments", "R2");
        assertThat(admin.own).containsEntry("orders", "3600000").doesNotContainKey("payments");
        assertThat(ledger.entries()).containsExactly(new RetentionLedger.Entry("prod", "R1", "orders", "86400000"));
    }

    @Test
    void aRestoreThatFailsOnceIsRetried() throws Exception {
        var lease = shrinker.lower(admin, "prod", "R1", "orders", Duration.ofHours(2));
        admin.failSets = 1;
        assertThat(shrinker.restore(admin, lease)).isEmpty();
        assertThat(admin.own).doesNotContainKey("orders");
    }

    @Test
    void aLeftoverOfAnEarlierRunIsRestoredBeforeTheOriginalIsRead() throws Exception {
        admin.own.put("orders", "3600000"); // lowered by a run whose restore failed
        ledger.record(new RetentionLedger.Entry("prod", "R0", "orders", "86400000"));
        var lease = shrinker.lower(admin, "prod", "R1", "orders", Duration.ofHours(2));
        assertThat(lease.original()).contains("86400000");
        assertThat(ledger.entries()).containsExactly(new RetentionLedger.Entry("prod", "R1", "orders", "86400000"));
    }

    @Test
    void twoRunsNeverShrinkTheSameTopicAtOnce() throws Exception {
        var lease = shrinker.lower(admin, "prod", "R1", "orders", Duration.ofHours(2));
        assertThatThrownBy(() -> shrinker.lower(admin, "prod", "R2", "orders", Duration.ofHours(1)))
                .isInstanceOf(RetentionShrinker.Refused.class).hasMessageContaining("Another run");
        shrinker.restore(admin, lease);
        shrinker.restore(admin, shrinker.lower(admin, "prod", "R2", "orders", Duration.ofHours(1)));
        assertThat(admin.own).doesNotContainKey("orders");
    }

    @Test
    void aFailedLowerIsUndoneAndNothingIsLeft() {
        admin.failSets = 1;
        assertThatThrownBy(() -> shrinker.lower(admin, "prod", "R1", "orders", Duration.ofHours(2)))
                .isInstanceOf(AdminException.class);
        assertThat(ledger.entries()).isEmpty();
        assertThat(admin.own).doesNotContainKey("orders");
    }

    @Test
    void refusesARetentionThatIsNotShorter() {
        admin.own.put("orders", "3600000");
        assertThatThrownBy(() -> RetentionShrinker.plan(admin, "orders", Duration.ofHours(2), Instant.now()))
                .isInstanceOf(RetentionShrinker.Refused.class).hasMessageContaining("already 3600000");
        assertThatThrownBy(() -> shrinker.lower(admin, "prod", "R1", "orders", Duration.ofHours(2)))
                .isInstanceOf(RetentionShrinker.Refused.class);
        assertThat(ledger.entries()).isEmpty();
    }

    @Test
    void thePlanLineIsBoldAndNamesBothValues() throws Exception {
        admin.own.put("orders", "604800000");
        var plan = RetentionShrinker.plan(admin, "orders", Duration.ofHours(2), Instant.now());
        assertThat(plan.describe()).isEqualTo("*Deletes about 500 B: data older than 2 h in orders (retention.ms "
                + "604800000 → 7200000 during the move, restored afterwards)*");
        admin.own.clear();
        assertThat(RetentionShrinker.plan(admin, "orders", Duration.ofHours(2), Instant.now()).describe())
                .contains("retention.ms 604800000 (broker default) → 7200000");
    }

    @Test
    void waitingStopsOnCancel() throws Exception {
        var lease = shrinker.lower(admin, "prod", "R1", "orders", Duration.ofHours(2));
        var d = shrinker.awaitDeletion(admin, lease, Duration.ofMinutes(5), () -> true, s -> {
        });
        assertThat(d.cancelled()).isTrue();
        shrinker.restore(admin, lease);
    }

    @Test
    void theWaitIsTheCheckIntervalPlusAMarginCapped() {
        var o = new RetentionShrinker.Options(Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofSeconds(1));
        assertThat(o.waitFor(OptionalLong.of(1000))).isEqualTo(Duration.ofSeconds(31));
        assertThat(o.waitFor(OptionalLong.empty())).isEqualTo(Duration.ofSeconds(330));
        assertThat(o.waitFor(OptionalLong.of(3_600_000))).isEqualTo(Duration.ofMinutes(15));
    }
}
