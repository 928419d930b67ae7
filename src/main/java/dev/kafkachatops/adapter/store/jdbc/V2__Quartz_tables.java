package dev.kafkachatops.adapter.store.jdbc;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates Quartz's tables ({@code QRTZ_*}) from the DDL script Quartz ships for this database
 * ({@link Vendor#quartzDdl()}), so that the schema always matches the Quartz version on the classpath. The script is
 * split on {@code ;}; comment lines, {@code DROP} statements (the PostgreSQL script starts by dropping the tables)
 * and {@code COMMIT} are skipped, every other statement ({@code CREATE TABLE}, {@code ALTER TABLE ... PRIMARY KEY},
 * {@code CREATE INDEX}) is executed. The tables are created once: a Quartz upgrade that changes its schema needs a
 * migration of its own.
 */
final class V2__Quartz_tables extends BaseJavaMigration {
    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)CREATE\\s+TABLE\\s+(\\w+)");
    private final Vendor vendor;

    V2__Quartz_tables(Vendor vendor) {
        this.vendor = vendor;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        try (Statement statement = context.getConnection().createStatement()) {
            for (String sql : statements(readDdl())) {
                statement.execute(sql);
            }
        }
    }

    static List<String> statements(String script) {
        var withoutComments = new StringBuilder();
        for (String line : script.split("\r?\n")) {
            if (!line.strip().startsWith("--")) withoutComments.append(line).append('\n');
        }
        var statements = new ArrayList<String>();
        for (String raw : withoutComments.toString().split(";")) {
            String sql = raw.strip();
            String upper = sql.toUpperCase(Locale.ROOT);
            if (sql.isEmpty() || upper.startsWith("DROP ") || upper.equals("COMMIT")) continue;
            statements.add(sql);
        }
        return statements;
    }

    /** The tables Quartz's DDL creates, upper-case ({@code QRTZ_JOB_DETAILS}, ...). */
    Set<String> tables() {
        var out = new TreeSet<String>();
        Matcher m = CREATE_TABLE.matcher(readDdl());
        while (m.find()) out.add(m.group(1).toUpperCase(Locale.ROOT));
        return out;
    }

    private String readDdl() {
        String resource = vendor.quartzDdl();
        try (InputStream in = V2__Quartz_tables.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Quartz's DDL " + resource + " is not on the classpath (is the "
                        + "quartz jar missing?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Quartz's DDL " + resource + ": " + e.getMessage(), e);
        }
    }
}
