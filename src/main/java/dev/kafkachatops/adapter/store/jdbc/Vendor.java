package dev.kafkachatops.adapter.store.jdbc;

import java.util.Arrays;

/**
 * The databases the store runs on, and the little that differs between them: how to draw the next number of a
 * sequence, and which of Quartz's own DDL scripts creates its tables.
 */
public enum Vendor {
    H2("jdbc:h2:", "org.h2.Driver", "SELECT NEXT VALUE FOR %s", "org/quartz/impl/jdbcjobstore/tables_h2.sql"),
    POSTGRESQL("jdbc:postgresql:", "org.postgresql.Driver", "SELECT nextval('%s')",
            "org/quartz/impl/jdbcjobstore/tables_postgres.sql");

    private final String urlPrefix;
    private final String driverClass;
    private final String nextValue;
    private final String quartzDdl;

    Vendor(String urlPrefix, String driverClass, String nextValue, String quartzDdl) {
        this.urlPrefix = urlPrefix;
        this.driverClass = driverClass;
        this.nextValue = nextValue;
        this.quartzDdl = quartzDdl;
    }

    /** The vendor of a JDBC URL, or an error that says which URLs are supported. */
    public static Vendor of(String jdbcUrl) {
        return Arrays.stream(values()).filter(v -> jdbcUrl.startsWith(v.urlPrefix)).findFirst()
                .orElseThrow(() -> new StoreException("storage.jdbcUrl: unsupported database "
                        + Database.redact(jdbcUrl) + ": use a jdbc:h2: or jdbc:postgresql: URL"));
    }

    String driverClass() {
        return driverClass;
    }

    String nextValueSql(String sequence) {
        return nextValue.formatted(sequence);
    }

    /** The classpath resource of Quartz's DDL for this database (shipped inside the Quartz jar). */
    public String quartzDdl() {
        return quartzDdl;
    }
}
