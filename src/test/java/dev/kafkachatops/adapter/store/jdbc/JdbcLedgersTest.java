package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.port.RetentionLedger;
import dev.kafkachatops.port.ThrottleLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledgers in the database (what several bot instances share): what one instance records another reads, a run
 * recorded again replaces its entry, clearing removes that run of that cluster only; on H2 and PostgreSQL.
 */
class JdbcLedgersTest {
    @TempDir
    static Path dir;
    private static Database h2;
    private static PostgresSchema schema;
    private static Database postgres;

    @BeforeAll
    static void open() {
        h2 = Database.open(Database.defaultH2Url(dir), Optional.empty(), Optional.empty());
        schema = PostgresSchema.create();
        postgres = Database.open(schema.url(), schema.user(), Optional.empty());
    }

    @AfterAll
    static void close() throws Exception {
        if (postgres != null) postgres.close();
        if (schema != null) schema.close();
        if (h2 != null) h2.close();
    }

    abstract static class Contract {
        abstract Database database();

        @Test
        void throttlesRecordedByOneInstanceAreSeenByAnother() {
            var a = new JdbcThrottleLedger(database());
            var b = new JdbcThrottleLedger(database());
            a.record(new ThrottleLedger.Entry("prod", "R1", Set.of(3, 1, 2), Set.of("orders", "payments.v2")));
            a.record(new ThrottleLedger.Entry("stage", "R1", Set.of(1), Set.of()));
            assertThat(b.entries()).containsExactly(
                    new ThrottleLedger.Entry("prod", "R1", Set.of(1, 2, 3), Set.of("orders", "payments.v2")),
                    new ThrottleLedger.Entry("stage", "R1", Set.of(1), Set.of()));
            b.record(new ThrottleLedger.Entry("prod", "R1", Set.of(2), Set.of("orders"))); // taken over: replaced
            b.clear("stage", "R1");
            assertThat(a.entries()).containsExactly(new ThrottleLedger.Entry("prod", "R1", Set.of(2), Set.of("orders")));
            a.clear("prod", "R1");
            assertThat(b.entries()).isEmpty();
        }

        @Test
        void retentionRecordedByOneInstanceIsSeenByAnother() {
            var a = new JdbcRetentionLedger(database());
            var b = new JdbcRetentionLedger(database());
            a.record(new RetentionLedger.Entry("prod", "R7", "orders", "604800000"));
            a.record(new RetentionLedger.Entry("prod", "R8", "payments", null));
            assertThat(b.entries()).containsExactly(new RetentionLedger.Entry("prod", "R7", "orders", "604800000"),
                    new RetentionLedger.Entry("prod", "R8", "payments", null));
            assertThat(b.entries().get(1).originalValue()).isEmpty();
            b.record(new RetentionLedger.Entry("prod", "R7", "orders", "86400000"));
            b.clear("prod", "R8");
            assertThat(a.entries()).containsExactly(new RetentionLedger.Entry("prod", "R7", "orders", "86400000"));
            a.clear("prod", "R7");
            assertThat(b.entries()).isEmpty();
        }
    }

    @Nested
    class OnH2 extends Contract {
        @Override
        Database database() {
            return h2;
        }
    }

    @Nested
    class OnPostgres extends Contract {
        @Override
        Database database() {
            return postgres;
        }
    }
}
