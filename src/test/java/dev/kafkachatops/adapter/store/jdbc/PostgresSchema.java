package dev.kafkachatops.adapter.store.jdbc;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A fresh schema {@code kc_<random>} on the test PostgreSQL server, dropped (CASCADE) on close, so test classes can
 * run in parallel and leave nothing behind. The server is {@code jdbc:postgresql://127.0.0.1:5432/test} unless
 * {@code KAFKA_CHATOPS_TEST_PG_URL} says otherwise; users {@code postgres} then {@code root} are tried (trust
 * auth). When no server answers, the calling test is skipped (an assumption), with the reason.
 */
public final class PostgresSchema implements AutoCloseable {
    private static final String SERVER = Optional.ofNullable(System.getenv("KAFKA_CHATOPS_TEST_PG_URL"))
            .orElse("jdbc:postgresql://127.0.0.1:5432/test");

    private final String user;
    private final String schema;

    private PostgresSchema(String user, String schema) {
        this.user = user;
        this.schema = schema;
    }

    public static PostgresSchema create() {
        List<String> failures = new ArrayList<>();
        for (String user : List.of("postgres", "root")) {
            String schema = "kc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            try (Connection c = DriverManager.getConnection(SERVER + "?connectTimeout=3", user, "")) {
                c.createStatement().execute("CREATE SCHEMA " + schema);
                return new PostgresSchema(user, schema);
            } catch (SQLException e) {
                failures.add(user + ": " + e.getMessage());
            }
        }
        Assumptions.abort("PostgreSQL tests skipped: no server at " + SERVER + " (" + String.join("; ", failures)
                + ")");
        throw new AssertionError("unreachable");
    }

    /** The server URL with this schema as the current one. */
    public String url() {
        return SERVER + (SERVER.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public Optional<String> user() {
        return Optional.of(user);
    }

    public String name() {
        return schema;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER, user, "")) {
            c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
