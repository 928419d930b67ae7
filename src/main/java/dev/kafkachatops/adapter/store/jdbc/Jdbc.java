package dev.kafkachatops.adapter.store.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Borrows a pooled connection for one piece of work; an {@link SQLException} becomes a {@link StoreException}. */
final class Jdbc {
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

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} on a connection in auto-commit mode; {@code what} names it in the error message. */
    <T> T run(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException("storage: " + what + " failed: " + e.getMessage(), e);
        }
    }

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
