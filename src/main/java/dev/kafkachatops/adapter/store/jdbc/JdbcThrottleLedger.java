package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.port.ThrottleLedger;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@link ThrottleLedger} in the {@code throttle_ledger} table: one row per cluster and run (recording a run again
 * replaces its row), brokers and topics comma-separated (neither a broker id nor a Kafka topic name holds a comma).
 * Shared by every bot instance on the database.
 */
public final class JdbcThrottleLedger implements ThrottleLedger {
    private final Jdbc jdbc;

    public JdbcThrottleLedger(Database database) {
        this.jdbc = new Jdbc(database.dataSource());
    }

    @Override
    public void record(Entry e) {
        String brokers = e.brokers().stream().sorted().map(String::valueOf).collect(Collectors.joining(","));
        String topics = String.join(",", new TreeSet<>(e.topics()));
        jdbc.run("recording the throttles of run " + e.runId(), c -> {
            try (var update = c.prepareStatement("UPDATE throttle_ledger SET brokers = ?, topics = ? WHERE cluster = ? "
                    + "AND run_id = ?");
                 var insert = c.prepareStatement("INSERT INTO throttle_ledger (cluster, run_id, brokers, topics) "
                         + "VALUES (?, ?, ?, ?)")) {
                update.setString(1, brokers);
                update.setString(2, topics);
                update.setString(3, e.cluster());
                update.setString(4, e.runId());
                insert.setString(1, e.cluster());
                insert.setString(2, e.runId());
                insert.setString(3, brokers);
                insert.setString(4, topics);
                Jdbc.upsert(c, e.runId(), () -> update.executeUpdate() == 1, insert::executeUpdate);
                return null;
            }
        });
    }

    @Override
    public void clear(String cluster, String runId) {
        jdbc.run("clearing the throttles of run " + runId, c -> {
            try (var ps = c.prepareStatement("DELETE FROM throttle_ledger WHERE cluster = ? AND run_id = ?")) {
                ps.setString(1, cluster);
                ps.setString(2, runId);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<Entry> entries() {
        return jdbc.run("reading the throttle ledger", c -> {
            try (var ps = c.prepareStatement("SELECT cluster, run_id, brokers, topics FROM throttle_ledger "
                    + "ORDER BY cluster, run_id")) {
                return Jdbc.readAll(ps, rs -> new Entry(rs.getString(1), rs.getString(2),
                        split(rs.getString(3)).stream().map(Integer::valueOf).collect(Collectors.toSet()),
                        split(rs.getString(4))));
            }
        });
    }

    private static Set<String> split(String list) {
        return list.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(list.split(",")));
    }
}
