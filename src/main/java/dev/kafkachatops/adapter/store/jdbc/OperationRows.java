package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The mapping between {@link Operation} and a row of {@code operations}. Instants are written as UTC
 * {@code TIMESTAMP WITH TIME ZONE}, cut to microseconds (both databases keep six digits), and the operation
 * returned by the store carries the same cut instants, so what {@code insert} returns equals what {@code find}
 * reads back.
 */
final class OperationRows {
    static final String COLUMNS = "id, num, cluster, kind, title, requester, channel, message_ts, plan_json, "
            + "plan_hash, fingerprint, state, created_at, expires_at, approved_at, scheduled_for, state_detail, "
            + "version";
    static final String INSERT = "INSERT INTO operations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?, ?, ?, ?, ?)";
    static final String UPDATE = "UPDATE operations SET title = ?, requester = ?, channel = ?, message_ts = ?, "
            + "plan_json = ?, plan_hash = ?, fingerprint = ?, state = ?, created_at = ?, expires_at = ?, "
            + "approved_at = ?, scheduled_for = ?, state_detail = ?, version = ? WHERE id = ? AND version = ?";

    private OperationRows() {
    }

    /** A new operation as stored: AWAITING_APPROVAL, version 0. */
    static Operation fresh(NewOperation op, String id) {
        return new Operation(id, op.cluster(), op.kind(), op.title(), op.requester(), op.channel(), Optional.empty(),
                op.planJson(), op.planHash(), op.fingerprint(), OpState.AWAITING_APPROVAL, micros(op.createdAt()),
                micros(op.expiresAt()), Optional.empty(), Optional.empty(), Optional.empty(), 0);
    }

    /** {@code op} as it will read back after an update to {@code version}. */
    static Operation stored(Operation op, long version) {
        return new Operation(op.id(), op.cluster(), op.kind(), op.title(), op.requester(), op.channel(),
                op.messageTs(), op.planJson(), op.planHash(), op.fingerprint(), op.state(), micros(op.createdAt()),
                micros(op.expiresAt()), op.approvedAt().map(OperationRows::micros),
                op.scheduledFor().map(OperationRows::micros), op.stateDetail(), version);
    }

    static void bindInsert(PreparedStatement ps, Operation op, long num) throws SQLException {
        ps.setString(1, op.id());
        ps.setLong(2, num);
        ps.setString(3, op.cluster());
        ps.setString(4, op.kind().name());
        bindMutable(ps, 5, op);
        ps.setLong(18, op.version());
    }

    static void bindUpdate(PreparedStatement ps, Operation op, long expectedVersion) throws SQLException {
        int next = bindMutable(ps, 1, op);
        ps.setLong(next, op.version());
        ps.setString(next + 1, op.id());
        ps.setLong(next + 2, expectedVersion);
    }

    /** Binds title .. state_detail (13 columns) from {@code first}; returns the next parameter index. */
    private static int bindMutable(PreparedStatement ps, int first, Operation op) throws SQLException {
        int i = first;
        ps.setString(i++, op.title());
        ps.setString(i++, op.requester());
        ps.setString(i++, op.channel());
        setString(ps, i++, op.messageTs());
        ps.setString(i++, op.planJson());
        ps.setString(i++, op.planHash());
        ps.setString(i++, op.fingerprint());
        ps.setString(i++, op.state().name());
        setInstant(ps, i++, Optional.of(op.createdAt()));
        setInstant(ps, i++, Optional.of(op.expiresAt()));
        setInstant(ps, i++, op.approvedAt());
        setInstant(ps, i++, op.scheduledFor());
        setString(ps, i++, op.stateDetail());
        return i;
    }

    static Operation read(ResultSet rs) throws SQLException {
        return new Operation(rs.getString("id"), rs.getString("cluster"), OpKind.valueOf(rs.getString("kind")),
                rs.getString("title"), rs.getString("requester"), rs.getString("channel"),
                Optional.ofNullable(rs.getString("message_ts")), rs.getString("plan_json"),
                rs.getString("plan_hash"), rs.getString("fingerprint"), OpState.valueOf(rs.getString("state")),
                instant(rs, "created_at"), instant(rs, "expires_at"), optionalInstant(rs, "approved_at"),
                optionalInstant(rs, "scheduled_for"), Optional.ofNullable(rs.getString("state_detail")),
                rs.getLong("version"));
    }

    static Instant micros(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement ps, int index, Optional<Instant> at) throws SQLException {
        if (at.isPresent()) {
            ps.setObject(index, micros(at.get()).atOffset(ZoneOffset.UTC));
        } else {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return optionalInstant(rs, column).orElseThrow(() -> new SQLException(column + " is null"));
    }

    private static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private static void setString(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            ps.setString(index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }
}
