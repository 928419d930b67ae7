package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.doctor.Check;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code doctor}'s storage checks, which change nothing (no migration, no file created): the database answers a
 * connection within a few seconds; Flyway's schema history is at this build's latest version (pending migrations
 * are applied by {@code run} at start: they pass; a failed or newer migration fails); Quartz's {@code QRTZ_*} tables
 * are there. An embedded H2 file that does not exist yet is opened with {@code IFEXISTS=TRUE} and reported as
 * "created at the first start".
 */
public final class StorageDoctor {
    private static final String AREA = "storage";
    private static final int LOGIN_TIMEOUT_SECONDS = 5;

    private StorageDoctor() {
    }

    public static List<Check> check(BotConfig.Storage storage, Optional<String> password) {
        String shown = Database.redact(storage.jdbcUrl());
        Vendor vendor;
        try {
            vendor = Vendor.of(storage.jdbcUrl());
        } catch (StoreException e) {
            return List.of(Check.fail(AREA, "database", e.getMessage(), "set storage.jdbcUrl to a jdbc:h2: or "
                    + "jdbc:postgresql: URL"), Check.skip(AREA, "schema", "no database"),
                    Check.skip(AREA, "quartz tables", "no database"));
        }
        String url = vendor == Vendor.H2 ? ifExists(Database.withH2Settings(storage.jdbcUrl())) : storage.jdbcUrl();
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        try (Connection c = DriverManager.getConnection(url, storage.user().orElse(""), password.orElse(""))) {
            var v2 = new V2__Quartz_tables(vendor);
            return List.of(Check.pass(AREA, "database", vendor + " at " + shown + " answers"),
                    schema(url, storage.user(), password, v2), quartz(c, v2.tables()));
        } catch (SQLException e) {
            String why = Database.rootMessage(e);
            if (vendor == Vendor.H2 && e.getErrorCode() == 90146) { // DATABASE_NOT_FOUND_WITH_IF_EXISTS_1
                return List.of(Check.pass(AREA, "database", "no database file yet at " + shown
                                + ": run creates it at its first start"),
                        Check.skip(AREA, "schema", "no database yet"), Check.skip(AREA, "quartz tables",
                                "no database yet"));
            }
            if (vendor == Vendor.H2 && e.getErrorCode() == 90020) { // DATABASE_ALREADY_OPEN_1: a bot holds the file
                return List.of(Check.skip(AREA, "database", "the H2 file " + shown + " is open in a running bot "
                                + "(embedded H2 admits one process): stop it to check, or use PostgreSQL"),
                        Check.skip(AREA, "schema", "database in use"),
                        Check.skip(AREA, "quartz tables", "database in use"));
            }
            return List.of(Check.fail(AREA, "database", "cannot connect to " + shown + ": " + why,
                            "check storage.jdbcUrl, that the database is up and reachable from here, storage.user "
                                    + "and " + Database.PASSWORD_ENV),
                    Check.skip(AREA, "schema", "no database"), Check.skip(AREA, "quartz tables", "no database"));
        }
    }

    /** An embedded H2 file URL that does not create the file ({@code IFEXISTS=TRUE}). */
    static String ifExists(String url) {
        String rest = url.substring("jdbc:h2:".length());
        boolean embeddedFile = !(rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:"));
        return embeddedFile && !url.toUpperCase(Locale.ROOT).contains(";IFEXISTS=") ? url + ";IFEXISTS=TRUE" : url;
    }

    private static Check schema(String url, Optional<String> user, Optional<String> password, V2__Quartz_tables v2) {
        try {
            MigrationInfoService info = Flyway.configure(StorageDoctor.class.getClassLoader())
                    .dataSource(url, user.orElse(null), password.orElse(null))
                    .locations("classpath:db/migration/common").javaMigrations(v2)
                    .failOnMissingLocations(true).load().info();
            MigrationInfo[] all = info.all();
            String latest = Arrays.stream(all).filter(m -> m.getVersion() != null && m.getState().isResolved())
                    .map(m -> m.getVersion().getVersion()).reduce((a, b) -> b).orElse("none");
            MigrationInfo current = info.current();
            String at = current == null ? "empty" : "version " + current.getVersion();
            var failed = Arrays.stream(all).filter(m -> m.getState().isFailed()).findFirst();
            if (failed.isPresent()) {
                return Check.fail(AREA, "schema", "migration " + failed.get().getVersion() + " ("
                        + failed.get().getDescription() + ") failed", "fix the cause in the log of the start that "
                        + "ran it, then remove its failed row from flyway_schema_history and start the bot again");
            }
            if (Arrays.stream(all).anyMatch(m -> m.getState() == MigrationState.FUTURE_SUCCESS)) {
                return Check.fail(AREA, "schema", "at " + at + ", newer than this build knows (latest " + latest
                        + ")", "run the kafka-chatops version that migrated it, or a newer one");
            }
            int pending = info.pending().length;
            return Check.pass(AREA, "schema", pending == 0 ? "at version " + latest + " (current)"
                    : at + ", latest " + latest + ": run applies " + pending + " migration(s) at start");
        } catch (FlywayException e) {
            return Check.fail(AREA, "schema", "cannot read the schema history: " + Database.rootMessage(e),
                    "check the database user may read flyway_schema_history");
        }
    }

    private static Check quartz(Connection c, Set<String> needed) {
        Set<String> found = new TreeSet<>();
        try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[]{"TABLE"})) {
            while (rs.next()) found.add(rs.getString("TABLE_NAME").toUpperCase(Locale.ROOT));
        } catch (SQLException e) {
            return Check.fail(AREA, "quartz tables", "cannot list tables: " + Database.rootMessage(e),
                    "check the database user may read the schema");
        }
        Set<String> missing = new TreeSet<>(needed);
        missing.removeAll(found);
        if (missing.isEmpty()) return Check.pass(AREA, "quartz tables", "all " + needed.size() + " QRTZ_ tables");
        if (missing.size() == needed.size() && !found.contains("FLYWAY_SCHEMA_HISTORY")) {
            return Check.pass(AREA, "quartz tables", "none yet: run creates them at start (migration 2)");
        }
        return Check.fail(AREA, "quartz tables", "missing: " + String.join(", ", missing),
                "the schema was changed by hand: restore the tables from Quartz's DDL for this database");
    }
}
