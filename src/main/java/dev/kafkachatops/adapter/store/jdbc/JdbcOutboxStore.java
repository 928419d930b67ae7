package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.port.OutboxStore;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static dev.kafkachatops.adapter.store.jdbc.OperationRows.instant;
import static dev.kafkachatops.adapter.store.jdbc.OperationRows.setInstant;

/**
 * {@link OutboxStore} in the {@code chat_outbox} table (H2 or PostgreSQL). States: PENDING, DELIVERED, FAILED; a
 * file's bytes are kept as Base64 text (portable across both databases).
 */
public final class JdbcOutboxStore implements OutboxStore {
    private static final String COLUMNS = "id, lane, kind, channel, thread_ref, target_ref, text, blocks, recipient, "
            + "file_name, content_b64, created_at, attempts, due_at, last_error";
    private final Jdbc jdbc;

    public JdbcOutboxStore(Database database) {
        this(database.dataSource());
    }

    public JdbcOutboxStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public long add(Item i) {
        return jdbc.run("queueing a chat " + i.kind(), c -> {
            try (var ps = c.prepareStatement("INSERT INTO chat_outbox (lane, kind, channel, thread_ref, target_ref, "
                    + "text, blocks, recipient, file_name, content_b64, created_at, attempts, due_at, last_error, state) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, i.lane());
                ps.setString(2, i.kind().name());
                ps.setString(3, i.channel());
                string(ps, 4, i.thread());
                string(ps, 5, i.target());
                ps.setString(6, i.text());
                string(ps, 7, Optional.ofNullable(i.blocks()));
                string(ps, 8, i.user());
                string(ps, 9, i.name());
                string(ps, 10, i.content().length == 0 ? Optional.empty()
                        : Optional.of(Base64.getEncoder().encodeToString(i.content())));
                setInstant(ps, 11, Optional.of(i.created()));
                ps.setInt(12, i.attempts());
                setInstant(ps, 13, Optional.of(i.due()));
                string(ps, 14, i.error().map(JdbcOutboxStore::cut));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    @Override
    public boolean coalesce(String lane, String target, String text, String blocks) {
        return jdbc.run("coalescing a chat update", c -> {
            try (var ps = c.prepareStatement("UPDATE chat_outbox SET text = ?, blocks = ? WHERE id = (SELECT MIN(id) "
                    + "FROM chat_outbox WHERE state = 'PENDING' AND lane = ? AND kind = 'UPDATE' AND target_ref = ? "
                    + "AND claimed_by IS NULL)")) {
                ps.setString(1, text);
                string(ps, 2, Optional.ofNullable(blocks));
                ps.setString(3, lane);
                ps.setString(4, target);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Item> pending() {
        return jdbc.run("reading the chat outbox", c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM chat_outbox WHERE state = 'PENDING' "
                    + "ORDER BY id")) {
                return Jdbc.readAll(ps, JdbcOutboxStore::item);
            }
        });
    }

    @Override
    public List<Item> pending(String lane) {
        return jdbc.run("reading the chat outbox", c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM chat_outbox WHERE state = 'PENDING' "
                    + "AND lane = ? ORDER BY id")) {
                ps.setString(1, lane);
                return Jdbc.readAll(ps, JdbcOutboxStore::item);
            }
        });
    }

    @Override
    public boolean claim(long id, String owner, Instant until, Instant now) {
        return jdbc.run("claiming chat item " + id, c -> {
            try (var ps = c.prepareStatement("UPDATE chat_outbox SET claimed_by = ?, claimed_until = ? WHERE id = ? "
                    + "AND state = 'PENDING' AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until < ?)")) {
                ps.setString(1, owner);
                setInstant(ps, 2, Optional.of(until));
                ps.setLong(3, id);
                ps.setString(4, owner);
                setInstant(ps, 5, Optional.of(now));
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void delivered(long id, Optional<String> ts, Instant at) {
        finish(id, "DELIVERED", ts, Optional.empty(), at);
    }

    @Override
    public void failed(long id, String error, Instant at) {
        finish(id, "FAILED", Optional.empty(), Optional.of(error), at);
    }

    private void finish(long id, String state, Optional<String> ts, Optional<String> error, Instant at) {
        jdbc.run("marking chat item " + id + " " + state.toLowerCase(), c -> {
            try (var ps = c.prepareStatement("UPDATE chat_outbox SET state = ?, ts = ?, last_error = COALESCE(?, "
                    + "last_error), done_at = ?, content_b64 = NULL WHERE id = ?")) {
                ps.setString(1, state);
                string(ps, 2, ts);
                string(ps, 3, error.map(JdbcOutboxStore::cut));
                setInstant(ps, 4, Optional.of(at));
                ps.setLong(5, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void retryAt(long id, int attempts, Instant due, String error) {
        jdbc.run("rescheduling chat item " + id, c -> {
            try (var ps = c.prepareStatement("UPDATE chat_outbox SET attempts = ?, due_at = ?, last_error = ?, "
                    + "claimed_by = NULL, claimed_until = NULL WHERE id = ?")) {
                ps.setInt(1, attempts);
                setInstant(ps, 2, Optional.of(due));
                ps.setString(3, cut(error));
                ps.setLong(4, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<String> ts(String ref) {
        return id(ref).flatMap(id -> jdbc.run("resolving " + ref, c -> {
            try (var ps = c.prepareStatement("SELECT ts FROM chat_outbox WHERE id = ? AND state = 'DELIVERED'")) {
                ps.setLong(1, id);
                return Jdbc.readAll(ps, rs -> Optional.ofNullable(rs.getString(1))).stream().findFirst()
                        .flatMap(x -> x);
            }
        }));
    }

    @Override
    public boolean lost(String ref) {
        Optional<Long> id = id(ref);
        if (id.isEmpty()) return true;
        return jdbc.run("resolving " + ref, c -> {
            try (var ps = c.prepareStatement("SELECT state FROM chat_outbox WHERE id = ?")) {
                ps.setLong(1, id.get());
                List<String> states = Jdbc.readAll(ps, rs -> rs.getString(1));
                return states.isEmpty() || states.get(0).equals("FAILED");
            }
        });
    }

    @Override
    public int purge(Instant before) {
        return jdbc.run("purging the chat outbox", c -> {
            try (var ps = c.prepareStatement("DELETE FROM chat_outbox WHERE state <> 'PENDING' AND done_at < ?")) {
                setInstant(ps, 1, Optional.of(before));
                return ps.executeUpdate();
            }
        });
    }

    private static Item item(ResultSet rs) throws SQLException {
        String b64 = rs.getString("content_b64");
        return new Item(rs.getLong("id"), rs.getString("lane"), Kind.valueOf(rs.getString("kind")),
                rs.getString("channel"), Optional.ofNullable(rs.getString("thread_ref")),
                Optional.ofNullable(rs.getString("target_ref")), rs.getString("text"), rs.getString("blocks"),
                Optional.ofNullable(rs.getString("recipient")), Optional.ofNullable(rs.getString("file_name")),
                b64 == null ? new byte[0] : Base64.getDecoder().decode(b64), instant(rs, "created_at"),
                rs.getInt("attempts"), instant(rs, "due_at"), Optional.ofNullable(rs.getString("last_error")));
    }

    private static Optional<Long> id(String ref) {
        if (!ref.startsWith("q:")) return Optional.empty();
        try {
            return Optional.of(Long.parseLong(ref.substring(2)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void string(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) ps.setString(index, value.get());
        else ps.setNull(index, Types.VARCHAR);
    }

    private static String cut(String error) {
        return error.length() <= 500 ? error : error.substring(0, 500);
    }
}
