package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.adapter.store.OperationStoreContract;
import dev.kafkachatops.port.OperationStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The store contract on PostgreSQL, with two bots (two pools) on one schema. */
class JdbcPostgresOperationStoreTest extends OperationStoreContract {
    private static PostgresSchema schema;
    private static Database first;
    private static Database second;

    @BeforeAll
    static void open() {
        schema = PostgresSchema.create();
        first = Database.open(schema.url(), schema.user(), Optional.empty());
        second = Database.open(schema.url(), schema.user(), Optional.empty());
    }

    @AfterAll
    static void close() throws Exception {
        if (second != null) second.close();
        if (first != null) first.close();
        if (schema != null) schema.close();
    }

    @Override
    protected OperationStore store() {
        return new JdbcOperationStore(first);
    }

    @Override
    protected OperationStore secondInstance() {
        return new JdbcOperationStore(second);
    }

    @Test
    void theSchemaHoldsOurTablesAndQuartzsInTheTestSchema() throws Exception {
        assertThat(first.vendor()).isEqualTo(Vendor.POSTGRESQL);
        assertThat(JdbcTables.names(first.dataSource())).contains("operations", "approvals", "checkpoints",
                "audit_log", "flyway_schema_history").containsAll(JdbcTables.QUARTZ.stream()
                .map(String::toLowerCase).toList());
        assertThat(JdbcTables.currentSchema(first.dataSource())).isEqualTo(schema.name());
    }
}
