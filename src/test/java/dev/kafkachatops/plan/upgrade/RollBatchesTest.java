package dev.kafkachatops.plan.upgrade;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Batches of brokers restarted together: as safe as one at a time, by rack or by colouring the conflict graph. */
class RollBatchesTest {

    /** {@code n} brokers 1..n on {@code racks} racks (broker i on rack (i-1) % racks), rack-aware RF 3 partitions. */
    static List<RollBatches.Broker> brokers(int n, int racks) {
        List<RollBatches.Broker> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(new RollBatches.Broker(i, Optional.of("r" + ((i - 1) % racks))));
        return out;
    }

    /** One partition per broker triple i, i+1, i+2 (mod n): rack-aware when racks = 3 and n % 3 == 0. */
    static List<RollBatches.Partition> rackAware(int n, int minIsr) {
        List<RollBatches.Partition> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Integer> r = List.of(i % n + 1, (i + 1) % n + 1, (i + 2) % n + 1);
            out.add(new RollBatches.Partition("t-" + i, r, r, minIsr));
        }
        return out;
    }

    @Test
    void oneIsOneBrokerAtATime() {
        var r = RollBatches.plan(BatchMode.ONE, brokers(4, 2), rackAware(4, 2), 10);
        assertThat(r.batches()).containsExactly(List.of(1), List.of(2), List.of(3), List.of(4));
    }

    @Test
    void rackRestartsARackAtATimeWhenEveryPartitionHasOneReplicaPerRack() {
        var r = RollBatches.plan(BatchMode.RACK, brokers(6, 3), rackAware(6, 2), 10);
        assertThat(r.batches()).containsExactly(List.of(1, 4), List.of(2, 5), List.of(3, 6));
        assertThat(r.note()).isEmpty();
    }

    @Test
    void rackFallsBackToOneAtATimeWhenARackIsUnknown() {
        List<RollBatches.Broker> b = new ArrayList<>(brokers(3, 3));
        b.add(new RollBatches.Broker(4, Optional.empty()));
        var r = RollBatches.plan(BatchMode.RACK, b, rackAware(4, 2), 10);
        assertThat(r.batches()).hasSize(4).allSatisfy(x -> assertThat(x).hasSize(1));
        assertThat(r.note()).contains("the rack of broker 4 is not known: one broker at a time");
    }

    @Test
    void aRackThatWouldTakeAPartitionBelowMinIsrIsSplit() {
        // brokers 1 and 3 share rack r0 and partition x (RF 3, min ISR 2): together they would leave 1 in sync
        List<RollBatches.Broker> b = List.of(new RollBatches.Broker(1, Optional.of("r0")),
                new RollBatches.Broker(2, Optional.of("r1")), new RollBatches.Broker(3, Optional.of("r0")));
        var x = new RollBatches.Partition("x-0", List.of(1, 2, 3), List.of(1, 2, 3), 2);
        assertThat(RollBatches.plan(BatchMode.RACK, b, List.of(x), 10).batches())
                .containsExactly(List.of(1), List.of(3), List.of(2));
        // with min ISR 1 the rack stays whole
        var y = new RollBatches.Partition("y-0", List.of(1, 2, 3), List.of(1, 2, 3), 1);
        assertThat(RollBatches.plan(BatchMode.RACK, b, List.of(y), 10).batches())
                .containsExactly(List.of(1, 3), List.of(2));
    }

    @Test
    void autoFindsBrokersThatShareNoPartitionCappedByMaxBatch() {
        var r = RollBatches.plan(BatchMode.AUTO, brokers(6, 3), rackAware(6, 2), 10);
        assertThat(r.batches()).hasSize(3).allSatisfy(x -> assertThat(x).hasSize(2));
        assertThat(RollBatches.plan(BatchMode.AUTO, brokers(6, 3), rackAware(6, 2), 1).batches()).hasSize(6);
        // no partitions: one colour, cut into equal parts of at most maxBatch
        assertThat(RollBatches.plan(BatchMode.AUTO, brokers(7, 1), List.of(), 3).batches())
                .containsExactly(List.of(1, 2), List.of(3, 4), List.of(5, 6, 7));
    }

    @Test
    void aBrokerUnsafeAloneRestartsAlone() {
        // x-0 already has only 2 of 3 in sync at min ISR 2: brokers 1 and 2 may not stop even alone (the runner's
        // gate waits for them, as in a one-at-a-time roll), so nobody waits with them
        var x = new RollBatches.Partition("x-0", List.of(1, 2, 3), List.of(1, 2), 2);
        var r = RollBatches.plan(BatchMode.RACK, brokers(5, 1), List.of(x), 10);
        assertThat(r.batches()).containsExactly(List.of(1), List.of(2), List.of(3, 4, 5));
    }

    /** Random clusters (racks, RF 1-4, ISR subsets, min ISR 1-3), every mode. */
    @Property(tries = 300)
    void everyBrokerOnceAndNoBatchLessSafeThanItsMembersAlone(@ForAll long seed,
                                                               @ForAll @IntRange(min = 1, max = 30) int n,
                                                               @ForAll @IntRange(min = 1, max = 8) int maxBatch) {
        Random rnd = new Random(seed);
        int racks = 1 + rnd.nextInt(4);
        List<RollBatches.Broker> b = brokers(n, racks);
        List<RollBatches.Partition> parts = new ArrayList<>();
        for (int i = 0, count = rnd.nextInt(3 * n + 1); i < count; i++) {
            List<Integer> all = new ArrayList<>();
            for (int k = 1; k <= n; k++) all.add(k);
            java.util.Collections.shuffle(all, rnd);
            List<Integer> replicas = all.subList(0, Math.min(n, 1 + rnd.nextInt(4)));
            List<Integer> isr = replicas.stream().filter(x -> rnd.nextInt(6) > 0).toList();
            parts.add(new RollBatches.Partition("p-" + i, replicas, isr, 1 + rnd.nextInt(3)));
        }
        for (BatchMode mode : BatchMode.values()) {
            var r = RollBatches.plan(mode, b, parts, maxBatch);
            assertThat(r.batches().stream().flatMap(List::stream).toList()).as(mode + ": every broker once")
                    .hasSize(n).doesNotHaveDuplicates();
            for (List<Integer> batch : r.batches()) {
                if (batch.size() == 1) continue; // alone: the exposure of a one-at-a-time roll
                for (RollBatches.Partition p : parts) {
                    long down = p.replicas().stream().filter(batch::contains).count();
                    long leftInSync = p.isr().stream().filter(x -> !batch.contains(x)).count();
                    assertThat(leftInSync).as(mode + " " + batch + " keeps " + p.name() + " at min ISR")
                            .isGreaterThanOrEqualTo(down == 0 ? 0 : p.minIsr());
                    if (mode == BatchMode.AUTO) assertThat(down).as("auto: one replica of " + p.name()).isLessThanOrEqualTo(1);
                }
                if (mode == BatchMode.AUTO) assertThat(batch.size()).isLessThanOrEqualTo(maxBatch);
                if (mode == BatchMode.RACK) {
                    Set<Optional<String>> rs = new HashSet<>();
                    batch.forEach(id -> rs.add(b.get(id - 1).rack()));
                    assertThat(rs).as("rack: one rack per batch").hasSize(1);
                }
            }
            assertThat(RollBatches.plan(mode, b, parts, maxBatch)).as("same input, same batches").isEqualTo(r);
        }
    }
}
