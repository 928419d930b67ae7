package dev.kafkachatops.adapter.store;

import dev.kafkachatops.port.RetentionLedger.Entry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FileRetentionLedgerTest {
    @TempDir
    Path dir;

    @Test
    void survivesARestartWithTheOriginalValueOrItsAbsence() {
        Path file = dir.resolve("data/retention-ledger.json");
        var ledger = new FileRetentionLedger(file);
        assertThat(ledger.entries()).isEmpty();
        ledger.record(new Entry("prod", "R1", "orders", "604800000"));
        ledger.record(new Entry("prod", "R2", "payments", null));

        var reopened = new FileRetentionLedger(file);
        assertThat(reopened.entries()).containsExactly(new Entry("prod", "R1", "orders", "604800000"),
                new Entry("prod", "R2", "payments", null));
        assertThat(reopened.entries().get(0).originalValue()).contains("604800000");
        assertThat(reopened.entries().get(1).originalValue()).isEqualTo(Optional.empty());
        assertThat(Files.exists(dir.resolve("data/retention-ledger.json.tmp"))).isFalse();
    }

    @Test
    void clearRemovesOnlyThatRunOfThatCluster() {
        var ledger = new FileRetentionLedger(dir.resolve("retention-ledger.json"));
        ledger.record(new Entry("prod", "R1", "orders", "1"));
        ledger.record(new Entry("staging", "R1", "orders", "2"));
        ledger.record(new Entry("prod", "R1", "orders", "3")); // same run again: replaced, not duplicated
        assertThat(ledger.entries()).containsExactlyInAnyOrder(new Entry("staging", "R1", "orders", "2"),
                new Entry("prod", "R1", "orders", "3"));
        ledger.clear("prod", "R1");
        ledger.clear("prod", "R9");
        assertThat(new FileRetentionLedger(dir.resolve("retention-ledger.json")).entries())
                .containsExactly(new Entry("staging", "R1", "orders", "2"));
    }
}
