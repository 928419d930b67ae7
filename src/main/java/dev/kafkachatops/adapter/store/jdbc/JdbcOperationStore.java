package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.domain.ops.Approval;
import dev.kafkachatops.domain.ops.AuditEntry;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.ControlRequest;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.domain.ops.Operation;
import dev.kafkachatops.port.OperationStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.kafkachatops.adapter.store.jdbc.OperationRows.instant;
import static dev.kafkachatops.adapter.store.jdbc.OperationRows.setInstant;

/**
 * {@link OperationStore} in plain JDBC, safe for several bots on one database.
 * <ul>
 *   <li>{@link #update}: read the row, apply the change, {@code UPDATE ... WHERE id = ? AND version = ?}; when no
 *       row matched somebody else won, so read again and re-apply (with a short random pause after a few
 *       conflicts). Every conflict means another update succeeded, so the loop makes progress.</li>
 *   <li>{@link #addApproval}: the unique key (operation, approver) decides; a duplicate is {@code false}.</li>
 *   <li>{@link #checkpoint} and {@link #request}: update in place, else insert; an insert that loses a race falls
 *       back to the update ({@link Jdbc#upsert}).</li>
 *   <li>{@link #list}: "then by id" means by the id's number, i.e. creation order (R9 before R10).</li>
 * </ul>
 * An approval or checkpoint for an unknown operation is an {@link IllegalArgumentException}; a database failure is
 * a {@link StoreException} naming what was being done.
 */
public final class JdbcOperationStore implements OperationStore {
    private static final int MAX_ATTEMPTS = 1_000;
    private static final String TERMINAL_IDS = "SELECT id FROM operations WHERE state IN ("
            + Arrays.stream(OpState.values()).filter(OpState::terminal).map(s -> "'" + s.name() + "'")
            .sorted().collect(Collectors.joining(", ")) + ")";

    private final Jdbc jdbc;
    private final Vendor vendor;
    private final ControlRows controls;
    private final CheckpointRows checkpoints;
    private final AuditRows audit;

    public JdbcOperationStore(Database database) {
        this(database.dataSource(), database.vendor());
    }

    public JdbcOperationStore(DataSource dataSource, Vendor vendor) {
        this.jdbc = new Jdbc(dataSource);
        this.vendor = vendor;
        this.controls = new ControlRows(jdbc);
        this.checkpoints = new CheckpointRows(jdbc);
        this.audit = new AuditRows(jdbc);
    }

    @Override
    public Operation insert(NewOperation op) {
        return jdbc.run("inserting an operation", c -> {
            long num;
            try (var ps = c.prepareStatement(vendor.nextValueSql("operation_seq")); var rs = ps.executeQuery()) {
                rs.next();
                num = rs.getLong(1);
            }
            Operation stored = OperationRows.fresh(op, op.kind().prefix() + num);
            try (var ps = c.prepareStatement(OperationRows.INSERT)) {
                OperationRows.bindInsert(ps, stored, num);
                ps.executeUpdate();
            }
            return stored;
        });
    }

    @Override
    public Optional<Operation> find(String id) {
        return jdbc.run("reading operation " + id, c -> {
            try (var ps = c.prepareStatement("SELECT " + OperationRows.COLUMNS + " FROM operations WHERE id = ?")) {
                ps.setString(1, id);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(OperationRows.read(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Operation> list(Optional<String> cluster, Set<OpState> states) {
        if (states.isEmpty()) return List.of();
        String sql = "SELECT " + OperationRows.COLUMNS + " FROM operations WHERE state IN ("
                + states.stream().map(s -> "?").collect(Collectors.joining(", ")) + ")"
                + (cluster.isPresent() ? " AND cluster = ?" : "")
                + " ORDER BY CASE WHEN approved_at IS NULL THEN 1 ELSE 0 END, approved_at, created_at, num";
        return jdbc.run("listing operations", c -> {
            try (var ps = c.prepareStatement(sql)) {
                int i = 1;
                for (OpState s : states) ps.setString(i++, s.name());
                if (cluster.isPresent()) ps.setString(i, cluster.get());
                return Jdbc.readAll(ps, OperationRows::read);
            }
        });
    }

    @Override
    public Optional<Operation> findByMessage(String channel, String ts) {
        String sql = "SELECT " + OperationRows.COLUMNS + " FROM operations WHERE channel = ? AND message_ts = ?"
                + " ORDER BY created_at DESC, num DESC";
        return jdbc.run("finding the operation of a message", c -> {
            try (var ps = c.prepareStatement(sql)) {
                ps.setString(1, channel);
                ps.setString(2, ts);
                return Jdbc.readAll(ps, OperationRows::read).stream().findFirst();
            }
        });
    }

    @Override
    public Optional<Operation> update(String id, Function<Operation, Optional<Operation>> change) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Operation> current = find(id);
            if (current.isEmpty()) return Optional.empty();
            Optional<Operation> changed = change.apply(current.get());
            if (changed.isEmpty()) return Optional.empty();
            Operation next = OperationRows.stored(changed.get(), current.get().version() + 1);
            requireSameIdentity(current.get(), next);
            if (compareAndSet(next, current.get().version())) return Optional.of(next);
            pauseAfterConflict(attempt);
        }
        throw new StoreException("storage: operation " + id + " kept changing under " + MAX_ATTEMPTS
                + " attempts to update it");
    }

    private boolean compareAndSet(Operation next, long expectedVersion) {
        return jdbc.run("updating operation " + next.id(), c -> {
            try (var ps = c.prepareStatement(OperationRows.UPDATE)) {
                OperationRows.bindUpdate(ps, next, expectedVersion);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean addApproval(Approval approval) {
        return jdbc.run("recording the approval of " + approval.operationId(), c -> {
            try (var ps = c.prepareStatement(
                    "INSERT INTO approvals (operation_id, approver, approved_at) VALUES (?, ?, ?)")) {
                ps.setString(1, approval.operationId());
                ps.setString(2, approval.user());
                setInstant(ps, 3, Optional.of(approval.at()));
                ps.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (Jdbc.DUPLICATE_KEY.equals(e.getSQLState())) return false;
                throw Jdbc.translated(e, approval.operationId());
            }
        });
    }

    @Override
    public boolean removeApproval(String operationId, String user) {
        return jdbc.run("withdrawing an approval of " + operationId, c -> {
            try (var ps = c.prepareStatement("DELETE FROM approvals WHERE operation_id = ? AND approver = ?")) {
                ps.setString(1, operationId);
                ps.setString(2, user);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Approval> approvals(String operationId) {
        return jdbc.run("reading the approvals of " + operationId, c -> {
            try (var ps = c.prepareStatement("SELECT operation_id, approver, approved_at FROM approvals "
                    + "WHERE operation_id = ? ORDER BY approved_at, seq")) {
                ps.setString(1, operationId);
                return Jdbc.readAll(ps, rs -> new Approval(rs.getString(1), rs.getString(2),
                        instant(rs, "approved_at")));
            }
        });
    }

    @Override
    public void checkpoint(Checkpoint cp) {
        checkpoints.put(cp);
    }

    @Override
    public List<Checkpoint> checkpoints(String operationId) {
        return checkpoints.all(operationId);
    }

    @Override
    public void request(ControlRequest request) {
        controls.put(request);
    }

    @Override
    public Optional<ControlRequest> control(String operationId) {
        return controls.get(operationId);
    }

    @Override
    public void clearControl(String operationId) {
        controls.clear(operationId);
    }

    @Override
    public AuditEntry audit(AuditEntry e) {
        return audit.append(e);
    }

    @Override
    public List<AuditEntry> history(Optional<String> cluster, Optional<String> operationId, int limit) {
        return audit.newestFirst(cluster, operationId, limit);
    }

    @Override
    public int prune(Instant before) {
        return jdbc.run("pruning records older than " + before, c -> {
            c.setAutoCommit(false);
            try {
                int n = delete(c, "checkpoints", "written_at", before) + delete(c, "approvals", "approved_at", before)
                        + delete(c, "audit_log", "logged_at", before);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    private static int delete(Connection c, String table, String timeColumn, Instant before) throws SQLException {
        try (var ps = c.prepareStatement("DELETE FROM " + table + " WHERE " + timeColumn + " < ? AND operation_id IN ("
                + TERMINAL_IDS + ")")) {
            setInstant(ps, 1, Optional.of(before));
            return ps.executeUpdate();
        }
    }

    private static void requireSameIdentity(Operation current, Operation next) {
        if (!next.id().equals(current.id()) || !next.cluster().equals(current.cluster())
                || next.kind() != current.kind()) {
            throw new IllegalArgumentException("an update may not change the id, cluster or kind of " + current.id());
        }
    }

    private static void pauseAfterConflict(int attempt) {
        if (attempt < 3) return;
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, Math.min(attempt, 20) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("storage: interrupted while retrying an update", e);
        }
    }
}
