package dev.kafkachatops.adapter.store.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Borrows a pooled connection for one piece of work; an {@link SQLException} becomes a {@link StoreException}.
 * While the database cannot be reached (a restart ends every session with SQLSTATE 57P01 and refuses new ones, a
 * failover or network cut gives class 08, the pool finds no connection in time) the work is tried again, pausing
 * 250 ms doubling to 5 s, for up to {@link #OUTAGE}: a run waits at its next checkpoint instead of failing, and
 * goes on when the database is back. (A commit whose answer was lost in the cut may thus be made twice: an audit
 * line or a queued chat message may show twice; updates and checkpoints are idempotent.)
 */
final class Jdbc {
    private static final Logger log = LoggerFactory.getLogger(Jdbc.class);
    /** How long a piece of work waits for a database that went away before it fails. */
    static final Duration OUTAGE = Duration.ofMinutes(2);
    private static final long FIRST_PAUSE_MS = 250;
    private static final long MAX_PAUSE_MS = 5_000;

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    interface Update {
        boolean run() throws SQLException;
    }

    interface Insert {
        void run() throws SQLException;
    }

    /**
     * Updates the row in place, else inserts it; an insert that loses a race with another writer (duplicate key)
     * falls back to the update. A missing parent operation is an {@link IllegalArgumentException}.
     */
    static void upsert(Connection c, String operationId, Update update, Insert insert) throws SQLException {
        if (update.run()) return;
        try {
            insert.run();
        } catch (SQLException e) {
            if (!DUPLICATE_KEY.equals(e.getSQLState())) {
                throw translated(e, operationId);
            }
            update.run();
        }
    }

    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** SQLSTATE of a unique-key violation (H2 and PostgreSQL). */
    static final String DUPLICATE_KEY = "23505";
    /** SQLSTATEs of a missing parent row (a foreign key to an unknown operation). */
    private static final Set<String> MISSING_PARENT = Set.of("23503", "23506");

    private final DataSource dataSource;
    private final Duration outage;

    Jdbc(DataSource dataSource) {
        this(dataSource, OUTAGE);
    }

    Jdbc(DataSource dataSource, Duration outage) {
        this.dataSource = dataSource;
        this.outage = outage;
    }

    /**
     * Runs {@code work} on a connection in auto-commit mode, again while the database cannot be reached (up to the
     * outage limit); {@code what} names it in the error message.
     */
    <T> T run(String what, Work<T> work) {
        long deadline = System.nanoTime() + outage.toNanos();
        long pause = FIRST_PAUSE_MS;
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                T result = work.run(c);
                if (attempt > 1) log.info("storage: {} succeeded at attempt {}: the database is back", what, attempt);
                return result;
            } catch (SQLException e) {
                if (!unreachable(e) || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) > deadline) {
                    throw new StoreException("storage: " + what + " failed: " + e.getMessage(), e);
                }
                if (attempt == 1) {
                    log.warn("storage: {} failed, the database cannot be reached ({}): trying again for up to {} s",
                            what, e.getMessage(), outage.toSeconds());
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("storage: " + what + " interrupted while waiting for the database", e);
            }
            pause = Math.min(pause * 2, MAX_PAUSE_MS);
        }
    }

    /** The database went away (restart, failover, network), rather than refusing this piece of work. */
    static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) return true;
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || UNAVAILABLE.contains(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** SQLSTATEs of a server going away: admin shutdown, crash shutdown, cannot connect now (starting up). */
    private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03");

    static <T> List<T> readAll(PreparedStatement ps, RowReader<T> reader) throws SQLException {
        try (var rs = ps.executeQuery()) {
            var rows = new ArrayList<T>();
            while (rs.next()) rows.add(reader.read(rs));
            return rows;
        }
    }

    /** A missing operation as an {@link IllegalArgumentException}; any other failure as it is. */
    static SQLException translated(SQLException e, String operationId) {
        if (MISSING_PARENT.contains(e.getSQLState())) {
            throw new IllegalArgumentException("unknown operation " + operationId);
        }
        return e;
    }
}
