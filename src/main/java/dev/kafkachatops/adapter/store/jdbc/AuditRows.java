package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.AuditEvent;

import java.util.List;
import java.util.Optional;

import static dev.kafkachatops.adapter.store.jdbc.OperationRows.instant;
import static dev.kafkachatops.adapter.store.jdbc.OperationRows.micros;
import static dev.kafkachatops.adapter.store.jdbc.OperationRows.setInstant;

/** The append-only {@code audit_log} table: entries get their sequence number on insert and are read newest first. */
final class AuditRows {
    private final Jdbc jdbc;

    AuditRows(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    AuditEntry append(AuditEntry e) {
        return jdbc.run("appending to the audit log", c -> {
            try (var ps = c.prepareStatement("INSERT INTO audit_log (cluster, operation_id, event, actor, detail, "
                    + "logged_at) VALUES (?, ?, ?, ?, ?, ?)", new String[] {"seq"})) {
                ps.setString(1, e.cluster());
                ps.setString(2, e.operationId().orElse(null));
                ps.setString(3, e.event().name());
                ps.setString(4, e.actor());
                ps.setString(5, e.detail());
                setInstant(ps, 6, Optional.of(e.at()));
                ps.executeUpdate();
                try (var keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return new AuditEntry(keys.getLong(1), e.cluster(), e.operationId(), e.event(), e.actor(),
                            e.detail(), micros(e.at()));
                }
            }
        });
    }

    List<AuditEntry> newestFirst(Optional<String> cluster, Optional<String> operationId, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must not be negative: " + limit);
        String sql = "SELECT seq, cluster, operation_id, event, actor, detail, logged_at FROM audit_log WHERE 1 = 1"
                + (cluster.isPresent() ? " AND cluster = ?" : "")
                + (operationId.isPresent() ? " AND operation_id = ?" : "") + " ORDER BY seq DESC LIMIT ?";
        return jdbc.run("reading the audit log", c -> {
            try (var ps = c.prepareStatement(sql)) {
                int i = 1;
                if (cluster.isPresent()) ps.setString(i++, cluster.get());
                if (operationId.isPresent()) ps.setString(i++, operationId.get());
                ps.setInt(i, limit);
                return Jdbc.readAll(ps, rs -> new AuditEntry(rs.getLong(1), rs.getString(2),
                        Optional.ofNullable(rs.getString(3)), AuditEvent.valueOf(rs.getString(4)), rs.getString(5),
                        rs.getString(6), instant(rs, "logged_at")));
            }
        });
    }
}
