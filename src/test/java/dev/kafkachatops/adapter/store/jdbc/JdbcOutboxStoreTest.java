package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.adapter.store.OutboxStoreContract;
import dev.kafkachatops.port.OutboxStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

/** The outbox contract on an H2 file and on PostgreSQL (a fresh schema). */
class JdbcOutboxStoreTest {
    @Nested
    class OnH2 extends OutboxStoreContract {
        @Override
        protected OutboxStore store() {
            return new JdbcOutboxStore(h2);
        }
    }

    @Nested
    class OnPostgres extends OutboxStoreContract {
        @Override
        protected OutboxStore store() {
            return new JdbcOutboxStore(postgres);
        }
    }

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
}
