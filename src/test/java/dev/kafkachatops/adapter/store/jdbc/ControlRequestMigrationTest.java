package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.domain.ops.ControlRequest;
import dev.kafkachatops.domain.ops.OpState;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schema version 4 on a database an earlier bot wrote: its pending cancel / pause / rollback requests (kept then as a
 * pseudo-checkpoint {@code control}) become control requests, the pseudo-checkpoints go, and an operation that was
 * PAUSED with a {@code " — halted"} detail becomes HALTED with the rest of its detail. On H2 and PostgreSQL.
 */
class ControlRequestMigrationTest {

    @Test
    void h2() throws Exception {
        String url = "jdbc:h2:mem:kc-mig-" + System.nanoTime();
        try (Connection anchor = DriverManager.getConnection(url)) {
            check(url, Vendor.H2, Optional.empty(), () -> DriverManager.getConnection(url));
        }
    }

    @Test
    void postgresql() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create()) {
            check(schema.url(), Vendor.POSTGRESQL, schema.user(),
                    () -> DriverManager.getConnection(schema.url(), schema.user().orElseThrow(), ""));
        }
    }

    interface Connect {
        Connection open() throws SQLException;
    }

    private static void check(String url, Vendor vendor, Optional<String> user, Connect connect) throws Exception {
        try (Connection c = connect.open()) {
            Flyway.configure(Database.class.getClassLoader()).dataSource(new SingleConnection(connect))
                    .locations("classpath:db/migration/common").javaMigrations(new V2__Quartz_tables(vendor))
                    .target("3").load().migrate();
            var st = c.createStatement();
            for (String id : new String[] {"R1", "R2", "U3"}) {
                st.execute("INSERT INTO operations (id, num, cluster, kind, title, requester, channel, plan_json, "
                        + "plan_hash, fingerprint, state, created_at, expires_at, state_detail, version) VALUES ('"
                        + id + "', " + id.substring(1) + ", 'prod', 'REBALANCE', 't', 'U1', 'C1', '{}', 'h', 'f', "
                        + "'PAUSED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
                        + (id.equals("U3") ? "' — halted at Mon 02:00 UTC: node 2 did not come back'" : "'paused'")
                        + ", 1)");
            }
            st.execute("INSERT INTO checkpoints (operation_id, step, status, detail, written_at) VALUES "
                    + "('R1', 'control', 'STARTED', 'pause U0BOB', CURRENT_TIMESTAMP), "
                    + "('R2', 'control', 'SKIPPED', '', CURRENT_TIMESTAMP), "
                    + "('U3', 'control', 'STARTED', 'rollback U0CAROL', CURRENT_TIMESTAMP), "
                    + "('U3', 'hop1/broker-2/start', 'FAILED', '', CURRENT_TIMESTAMP)");
        }
        try (Database db = Database.open(url, user, Optional.empty())) {
            var store = new JdbcOperationStore(db);
            assertThat(store.control("R1")).map(r -> r.action() + " " + r.user()).contains("PAUSE U0BOB");
            assertThat(store.control("R2")).isEmpty();
            assertThat(store.control("U3")).map(ControlRequest::action).contains(ControlRequest.Action.ROLLBACK);
            assertThat(store.checkpoints("R1")).isEmpty();
            assertThat(store.checkpoints("U3")).extracting(cp -> cp.step()).containsExactly("hop1/broker-2/start");
            var halted = store.find("U3").orElseThrow();
            assertThat(halted.state()).isEqualTo(OpState.HALTED);
            assertThat(halted.stateDetail()).contains(" at Mon 02:00 UTC: node 2 did not come back");
            assertThat(store.find("R1").orElseThrow().state()).isEqualTo(OpState.PAUSED);
        }
    }

    /** Flyway on the connection the test also writes with (an in-memory H2 lives as long as one is open). */
    private record SingleConnection(Connect connect) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            return connect.open();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return connect.open();
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
