package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.port.RetentionLedger;

import java.util.List;

/**
 * {@link RetentionLedger} in the {@code retention_ledger} table: one row per cluster and run (recording a run again
 * replaces its row). Shared by every bot instance on the database.
 */
public final class JdbcRetentionLedger implements RetentionLedger {
    private final Jdbc jdbc;

    public JdbcRetentionLedger(Database database) {
        this.jdbc = new Jdbc(database.dataSource());
    }

    @Override
    public void record(Entry e) {
        jdbc.run("recording the retention lowered by run " + e.runId(), c -> {
            try (var update = c.prepareStatement("UPDATE retention_ledger SET topic = ?, original = ? WHERE cluster = ? "
                    + "AND run_id = ?");
                 var insert = c.prepareStatement("INSERT INTO retention_ledger (cluster, run_id, topic, original) "
                         + "VALUES (?, ?, ?, ?)")) {
                update.setString(1, e.topic());
                update.setString(2, e.original());
                update.setString(3, e.cluster());
                update.setString(4, e.runId());
                insert.setString(1, e.cluster());
                insert.setString(2, e.runId());
                insert.setString(3, e.topic());
                insert.setString(4, e.original());
                Jdbc.upsert(c, e.runId(), () -> update.executeUpdate() == 1, insert::executeUpdate);
                return null;
            }
        });
    }

    @Override
    public void clear(String cluster, String runId) {
        jdbc.run("clearing the retention ledger of run " + runId, c -> {
            try (var ps = c.prepareStatement("DELETE FROM retention_ledger WHERE cluster = ? AND run_id = ?")) {
                ps.setString(1, cluster);
                ps.setString(2, runId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<Entry> entries() {
        return jdbc.run("reading the retention ledger", c -> {
            try (var ps = c.prepareStatement("SELECT cluster, run_id, topic, original FROM retention_ledger "
                    + "ORDER BY cluster, run_id")) {
                return Jdbc.readAll(ps, rs -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4)));
            }
        });
    }
}
