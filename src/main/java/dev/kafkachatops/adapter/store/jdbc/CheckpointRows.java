package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.domain.ops.Checkpoint;

import java.util.List;
import java.util.Optional;

import static dev.kafkachatops.adapter.store.jdbc.OperationRows.instant;
import static dev.kafkachatops.adapter.store.jdbc.OperationRows.setInstant;

/** The {@code checkpoints} table: one row per (operation, step), replaced in place, read in first-written order. */
final class CheckpointRows {
    private final Jdbc jdbc;

    CheckpointRows(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void put(Checkpoint cp) {
        jdbc.run("writing checkpoint " + cp.operationId() + "/" + cp.step(), c -> {
            Jdbc.upsert(c, cp.operationId(), () -> {
                try (var ps = c.prepareStatement("UPDATE checkpoints SET status = ?, detail = ?, written_at = ? "
                        + "WHERE operation_id = ? AND step = ?")) {
                    ps.setString(1, cp.status().name());
                    ps.setString(2, cp.detail());
                    setInstant(ps, 3, Optional.of(cp.at()));
                    ps.setString(4, cp.operationId());
                    ps.setString(5, cp.step());
                    return ps.executeUpdate() == 1;
                }
            }, () -> {
                try (var ps = c.prepareStatement("INSERT INTO checkpoints (operation_id, step, status, detail, "
                        + "written_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, cp.operationId());
                    ps.setString(2, cp.step());
                    ps.setString(3, cp.status().name());
                    ps.setString(4, cp.detail());
                    setInstant(ps, 5, Optional.of(cp.at()));
                    ps.executeUpdate();
                }
            });
            return null;
        });
    }

    List<Checkpoint> all(String operationId) {
        return jdbc.run("reading the checkpoints of " + operationId, c -> {
            try (var ps = c.prepareStatement("SELECT operation_id, step, status, detail, written_at FROM checkpoints "
                    + "WHERE operation_id = ? ORDER BY seq")) {
                ps.setString(1, operationId);
                return Jdbc.readAll(ps, rs -> new Checkpoint(rs.getString(1), rs.getString(2),
                        Checkpoint.Status.valueOf(rs.getString(3)), rs.getString(4), instant(rs, "written_at")));
            }
        });
    }
}
