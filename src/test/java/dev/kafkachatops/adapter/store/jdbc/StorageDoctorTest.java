package dev.kafkachatops.adapter.store.jdbc;

import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.domain.doctor.Check;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** doctor's storage lines on real H2 files: none yet (and none created), in use by a bot, migrated. */
class StorageDoctorTest {
    @TempDir
    Path dir;

    private BotConfig.Storage storage() {
        return new BotConfig.Storage(Database.defaultH2Url(dir), Optional.empty(), dir);
    }

    @Test
    void aFileThatDoesNotExistYetPassesAndIsNotCreated() {
        List<Check> checks = StorageDoctor.check(storage(), Optional.empty());
        assertThat(checks).extracting(Check::outcome).containsExactly(Check.Outcome.PASS, Check.Outcome.SKIP,
                Check.Outcome.SKIP);
        assertThat(checks.get(0).detail()).contains("no database file yet");
        assertThat(Files.exists(dir.resolve("kafka-chatops.mv.db"))).isFalse();
    }

    @Test
    void aFileOpenInAnotherProcessIsSkippedAndOnceClosedItsSchemaIsCurrent() throws Exception {
        Process bot = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), H2WriterThenWait.class.getName(),
                storage().jdbcUrl()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var out = bot.inputReader()) {
            assertThat(out.lines().filter(line -> line.startsWith("ID=")).findFirst()).as("the bot wrote").isPresent();
            List<Check> inUse = StorageDoctor.check(storage(), Optional.empty());
            assertThat(inUse).extracting(Check::outcome).containsOnly(Check.Outcome.SKIP);
            assertThat(inUse.get(0).detail()).contains("is open in a running bot");
        } finally {
            bot.destroyForcibly();
            bot.waitFor();
        }
        List<Check> checks = StorageDoctor.check(storage(), Optional.empty());
        assertThat(checks).extracting(Check::outcome).containsOnly(Check.Outcome.PASS);
        assertThat(checks.get(1).detail()).endsWith("(current)");
        assertThat(checks.get(2).detail()).isEqualTo("all 11 QRTZ_ tables");
    }
}
