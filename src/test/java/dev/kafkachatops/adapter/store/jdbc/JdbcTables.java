package dev.kafkachatops.adapter.store.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads which tables a database holds (for the migration tests). */
final class JdbcTables {
    static final List<String> QUARTZ = List.of("QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "QRTZ_SIMPLE_TRIGGERS",
            "QRTZ_CRON_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "QRTZ_BLOB_TRIGGERS", "QRTZ_CALENDARS",
            "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_FIRED_TRIGGERS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS");

    private JdbcTables() {
    }

    /** The tables of the connection's current schema, as the database spells them. */
    static Set<String> names(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
             ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            var names = new TreeSet<String>();
            while (rs.next()) names.add(rs.getString("TABLE_NAME"));
            return names;
        }
    }

    static String currentSchema(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return c.getSchema();
        }
    }
}
