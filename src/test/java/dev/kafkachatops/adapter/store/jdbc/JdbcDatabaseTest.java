package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.ops.NewOperation;
import dev.kafkachatops.domain.ops.OpKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcDatabaseTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void anUnsupportedDatabaseIsRefusedWithTheSupportedOnes() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://db:3306/bot?password=hunter2", Optional.of("bot"),
                Optional.empty()))
                .isInstanceOf(StoreException.class)
                .hasMessage("storage.jdbcUrl: unsupported database jdbc:mysql://db:3306/bot?password=******: use a "
                        + "jdbc:h2: or jdbc:postgresql: URL");
    }

    @Test
    void anUnreachableServerIsReportedWithTheUrlAndTheReasonButNoPassword() {
        assertThatThrownBy(() -> Database.open("jdbc:postgresql://127.0.0.1:1/test?password=hunter2",
                Optional.of("postgres"), Optional.of("s3cret")))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("storage.jdbcUrl: cannot connect to "
                        + "jdbc:postgresql://127.0.0.1:1/test?password=******: ")
                .hasMessageContaining("refused")
                .hasMessageNotContaining("hunter2")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void embeddedH2FilesAreMadeDurableUnlessTheUrlSaysOtherwise() {
        assertThat(Database.withH2Settings("jdbc:h2:file:./data/kafka-chatops"))
                .isEqualTo("jdbc:h2:file:./data/kafka-chatops;WRITE_DELAY=0");
        assertThat(Database.withH2Settings("jdbc:h2:./data/bot;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:./data/bot;MODE=PostgreSQL;WRITE_DELAY=0");
        assertThat(Database.withH2Settings("jdbc:h2:file:./x;write_delay=100"))
                .isEqualTo("jdbc:h2:file:./x;write_delay=100");
        assertThat(Database.withH2Settings("jdbc:h2:mem:sandbox")).isEqualTo("jdbc:h2:mem:sandbox");
        assertThat(Database.withH2Settings("jdbc:h2:tcp://db/bot")).isEqualTo("jdbc:h2:tcp://db/bot");
        assertThat(Database.defaultH2Url(Path.of("/var/lib/bot/../bot")))
                .isEqualTo("jdbc:h2:file:/var/lib/bot/kafka-chatops;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
    }

    @Test
    void anInMemoryH2DatabaseLivesAsLongAsTheDatabaseObject() {
        String url = "jdbc:h2:mem:kc-" + System.nanoTime();
        try (Database db = Database.open(url, Optional.empty(), Optional.empty())) {
            var op = new JdbcOperationStore(db).insert(newOp());
            assertThat(new JdbcOperationStore(db).find(op.id())).isPresent();
            assertThat(db.url()).isEqualTo(url);
        }
        try (Database db = Database.open(url, Optional.empty(), Optional.empty())) {
            assertThat(new JdbcOperationStore(db).find("R1")).as("a new, empty database").isEmpty();
        }
    }

    @Test
    void theConfiguredStorageIsOpened(@TempDir Path dir) {
        var storage = new BotConfig.Storage("jdbc:h2:file:" + dir.resolve("bot"), Optional.empty(), dir);
        try (Database db = Database.open(storage)) {
            assertThat(db.url()).isEqualTo("jdbc:h2:file:" + dir.resolve("bot") + ";WRITE_DELAY=0");
            assertThat(new JdbcOperationStore(db).insert(newOp()).id()).isEqualTo("R1");
        }
    }

    @Test
    void quartzDdlIsSplitIntoItsCreateAndAlterStatementsWithoutDropOrCommit() {
        var sql = """
                -- a comment; with a semicolon
                DROP TABLE IF EXISTS QRTZ_LOCKS;
                CREATE TABLE QRTZ_LOCKS (
                  SCHED_NAME VARCHAR(120) NOT NULL -- trailing words
                );
                  -- indented comment
                ALTER TABLE QRTZ_LOCKS ADD CONSTRAINT PK PRIMARY KEY (SCHED_NAME);
                commit;
                """;
        assertThat(V2__Quartz_tables.statements(sql)).containsExactly(
                "CREATE TABLE QRTZ_LOCKS (\n  SCHED_NAME VARCHAR(120) NOT NULL -- trailing words\n)",
                "ALTER TABLE QRTZ_LOCKS ADD CONSTRAINT PK PRIMARY KEY (SCHED_NAME)");
    }

    private static NewOperation newOp() {
        return new NewOperation("prod", OpKind.REBALANCE, "t", "U1", "C1", "{}", "h", "f", T0, T0.plusSeconds(60));
    }
}
