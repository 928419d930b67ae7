package dev.kafkachatops.adapter.store.jdbc;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * {@link Jdbc#run} while the database goes away and comes back (issue 14, PostgreSQL restarted mid-run): the work is
 * tried again while the database cannot be reached, and only then; {@code PostgresRestartIT} does it for real.
 */
class JdbcOutageTest {
    private static final SQLException ADMIN_SHUTDOWN = new SQLException(
            "FATAL: terminating connection due to administrator command", "57P01");
    private static final SQLException REFUSED = new SQLException("Connection to 127.0.0.1:5432 refused", "08001");

    @Test
    void workEndedByARestartIsTriedAgainOnceTheDatabaseIsBack() throws Exception {
        DataSource ds = mock(DataSource.class);
        Connection c = mock(Connection.class);
        when(ds.getConnection()).thenThrow(new SQLTransientConnectionException("pool: connection not available"))
                .thenThrow(REFUSED).thenReturn(c);
        AtomicInteger ran = new AtomicInteger();
        String result = new Jdbc(ds, Duration.ofMinutes(1)).run("reading", conn -> {
            ran.incrementAndGet();
            return "read";
        });
        assertThat(result).isEqualTo("read");
        assertThat(ran).hasValue(1);
    }

    @Test
    void aSessionTerminatedMidWorkIsTriedAgain() throws Exception {
        DataSource ds = mock(DataSource.class);
        when(ds.getConnection()).thenReturn(mock(Connection.class));
        AtomicInteger ran = new AtomicInteger();
        int result = new Jdbc(ds, Duration.ofMinutes(1)).run("writing a checkpoint", conn -> {
            if (ran.incrementAndGet() == 1) throw ADMIN_SHUTDOWN;
            return 42;
        });
        assertThat(result).isEqualTo(42);
        assertThat(ran).hasValue(2);
    }

    @Test
    void aRefusedStatementFailsAtOnce() throws Exception {
        DataSource ds = mock(DataSource.class);
        when(ds.getConnection()).thenReturn(mock(Connection.class));
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> new Jdbc(ds, Duration.ofMinutes(1)).run("reading", conn -> {
            ran.incrementAndGet();
            throw new SQLException("relation \"operations\" does not exist", "42P01");
        })).isInstanceOf(StoreException.class).hasMessage("storage: reading failed: relation \"operations\" does not "
                + "exist");
        assertThat(ran).hasValue(1);
    }

    @Test
    void aDatabaseGoneLongerThanTheLimitFailsWithTheReason() throws Exception {
        DataSource ds = mock(DataSource.class);
        when(ds.getConnection()).thenThrow(REFUSED);
        assertThatThrownBy(() -> new Jdbc(ds, Duration.ZERO).run("reading", conn -> "never"))
                .isInstanceOf(StoreException.class)
                .hasMessage("storage: reading failed: Connection to 127.0.0.1:5432 refused");
    }

    @Test
    void whatCountsAsUnreachable() {
        assertThat(Jdbc.unreachable(ADMIN_SHUTDOWN)).isTrue();
        assertThat(Jdbc.unreachable(REFUSED)).isTrue();
        assertThat(Jdbc.unreachable(new SQLException("the database system is starting up", "57P03"))).isTrue();
        assertThat(Jdbc.unreachable(new SQLException("wrapped", null, REFUSED))).isTrue();
        assertThat(Jdbc.unreachable(new SQLException("duplicate key", "23505"))).isFalse();
        assertThat(Jdbc.unreachable(new SQLException("no state"))).isFalse();
    }
}
