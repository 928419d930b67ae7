package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.domain.ops.ControlRequest;

import java.util.Optional;

import static dev.kafkachatops.adapter.store.jdbc.OperationRows.instant;
import static dev.kafkachatops.adapter.store.jdbc.OperationRows.setInstant;

/** The {@code control_requests} table: at most one pending operator request per operation (upsert, read, delete). */
final class ControlRows {
    private final Jdbc jdbc;

    ControlRows(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void put(ControlRequest r) {
        jdbc.run("recording a " + r.action() + " request for " + r.operationId(), c -> {
            Jdbc.upsert(c, r.operationId(), () -> {
                try (var ps = c.prepareStatement("UPDATE control_requests SET action = ?, actor = ?, requested_at = ? "
                        + "WHERE operation_id = ?")) {
                    ps.setString(1, r.action().name());
                    ps.setString(2, r.user());
                    setInstant(ps, 3, Optional.of(r.at()));
                    ps.setString(4, r.operationId());
                    return ps.executeUpdate() == 1;
                }
            }, () -> {
                try (var ps = c.prepareStatement("INSERT INTO control_requests (operation_id, action, actor, "
                        + "requested_at) VALUES (?, ?, ?, ?)")) {
                    ps.setString(1, r.operationId());
                    ps.setString(2, r.action().name());
                    ps.setString(3, r.user());
                    setInstant(ps, 4, Optional.of(r.at()));
                    ps.executeUpdate();
                }
            });
            return null;
        });
    }

    Optional<ControlRequest> get(String operationId) {
        return jdbc.run("reading the control request of " + operationId, c -> {
            try (var ps = c.prepareStatement("SELECT operation_id, action, actor, requested_at FROM control_requests "
                    + "WHERE operation_id = ?")) {
                ps.setString(1, operationId);
                return Jdbc.readAll(ps, rs -> new ControlRequest(rs.getString(1),
                        ControlRequest.Action.valueOf(rs.getString(2)), rs.getString(3),
                        instant(rs, "requested_at"))).stream().findFirst();
            }
        });
    }

    void clear(String operationId) {
        jdbc.run("clearing the control request of " + operationId, c -> {
            try (var ps = c.prepareStatement("DELETE FROM control_requests WHERE operation_id = ?")) {
                ps.setString(1, operationId);
                return ps.executeUpdate();
            }
        });
    }
}
