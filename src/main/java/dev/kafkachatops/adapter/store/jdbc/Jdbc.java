package dev.kafkachatops.adapter.store.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

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
            if (!JdbcOperationStore.DUPLICATE_KEY.equals(e.getSQLState())) {
                throw JdbcOperationStore.translated(e, operationId);
            }
            update.run();
        }
    }

    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

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
}
