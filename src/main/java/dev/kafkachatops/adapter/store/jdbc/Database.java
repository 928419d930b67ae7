package dev.kafkachatops.adapter.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kafkachatops.config.BotConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bot's database: a HikariCP pool on H2 (embedded default) or PostgreSQL, migrated by Flyway on open.
 *
 * <ol>
 *   <li>The vendor is read from the URL; anything but {@code jdbc:h2:} and {@code jdbc:postgresql:} is refused.</li>
 *   <li>An embedded H2 file URL gets {@code WRITE_DELAY=0} unless it sets one: with H2's default (500 ms) the
 *       commits of the last half second are lost when the JVM is killed, and with them a step's STARTED
 *       checkpoint. An H2 in-memory database is held open by one extra connection for the life of this object.</li>
 *   <li>Flyway applies {@code classpath:db/migration/common} (portable SQL) and {@link V2__Quartz_tables} (Quartz's
 *       own DDL for this vendor, read from the Quartz jar). Several bots may migrate one PostgreSQL database at
 *       once: Flyway serializes them with a lock.</li>
 * </ol>
 * The password comes from {@value #PASSWORD_ENV} and never appears in messages or logs; a {@code password=}
 * inside the URL is masked as well.
 */
public final class Database implements AutoCloseable {
    public static final String PASSWORD_ENV = "KAFKA_CHATOPS_DB_PASSWORD";
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final String url;
    private final Vendor vendor;
    private final HikariDataSource pool;
    private final Connection anchor;

    private Database(String url, Vendor vendor, HikariDataSource pool, Connection anchor) {
        this.url = url;
        this.vendor = vendor;
        this.pool = pool;
        this.anchor = anchor;
    }

    /** Opens the configured database, with the password from {@value #PASSWORD_ENV} when set. */
    public static Database open(BotConfig.Storage storage) {
        Optional<String> password = Optional.ofNullable(System.getenv(PASSWORD_ENV)).filter(p -> !p.isEmpty());
        return open(storage.jdbcUrl(), storage.user(), password);
    }

    /** Connects, migrates the schema, and returns the open database; a {@link StoreException} says what failed. */
    public static Database open(String jdbcUrl, Optional<String> user, Optional<String> password) {
        Vendor vendor = Vendor.of(jdbcUrl);
        String url = vendor == Vendor.H2 ? withH2Settings(jdbcUrl) : jdbcUrl;
        Connection anchor = isH2InMemory(url) ? connect(url, user, password) : null;
        HikariDataSource pool = null;
        try {
            pool = pool(url, vendor, user, password);
            migrate(pool, vendor, url);
            LOG.info("storage: {} ({}) is ready", redact(url), vendor);
            return new Database(url, vendor, pool, anchor);
        } catch (RuntimeException e) {
            if (pool != null) pool.close();
            closeQuietly(anchor);
            throw e;
        }
    }

    /** The embedded default: an H2 file {@code kafka-chatops.mv.db} in {@code dataDir}, durable across kill -9. */
    public static String defaultH2Url(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("kafka-chatops");
        return "jdbc:h2:file:" + file + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Whether a connection answers now (the pool waits up to 10 s for one when the database is away). */
    public boolean reachable() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    public Vendor vendor() {
        return vendor;
    }

    /** The URL in use (with the settings this class added), any password masked. */
    public String url() {
        return redact(url);
    }

    @Override
    public void close() {
        pool.close();
        closeQuietly(anchor);
    }

    static String withH2Settings(String url) {
        String rest = url.substring("jdbc:h2:".length());
        boolean embeddedFile = !(rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:")
                || rest.startsWith("zip:"));
        boolean hasDelay = url.toUpperCase(Locale.ROOT).contains(";WRITE_DELAY=");
        return embeddedFile && !hasDelay ? url + ";WRITE_DELAY=0" : url;
    }

    private static boolean isH2InMemory(String url) {
        return url.startsWith("jdbc:h2:mem:");
    }

    /** The URL with the value of any {@code password=} parameter masked. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1******");
    }

    private static HikariDataSource pool(String url, Vendor vendor, Optional<String> user,
                                         Optional<String> password) {
        var config = new HikariConfig();
        config.setPoolName("kafka-chatops-db-" + POOLS.incrementAndGet());
        config.setDriverClassName(vendor.driverClass());
        config.setJdbcUrl(url);
        user.ifPresent(config::setUsername);
        password.ifPresent(config::setPassword);
        config.setMaximumPoolSize(10);
        config.setMinimumIdle(2); // several bots share one PostgreSQL: grow on demand, not 10 connections each
        config.setConnectionTimeout(10_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("storage.jdbcUrl: cannot connect to " + redact(url) + ": " + rootMessage(e), e);
        }
    }

    private static Connection connect(String url, Optional<String> user, Optional<String> password) {
        try {
            return DriverManager.getConnection(url, user.orElse(""), password.orElse(""));
        } catch (SQLException e) {
            throw new StoreException("storage.jdbcUrl: cannot connect to " + redact(url) + ": " + rootMessage(e), e);
        }
    }

    private static void migrate(DataSource dataSource, Vendor vendor, String url) {
        try {
            var result = Flyway.configure(Database.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/common")
                    .javaMigrations(new V2__Quartz_tables(vendor))
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("storage: migrated {} to schema version {}", redact(url), result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            throw new StoreException("storage: cannot migrate the schema of " + redact(url) + ": " + rootMessage(e),
                    e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return redact(message.strip());
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("storage: closing the in-memory database: {}", e.getMessage());
        }
    }
}
