package dev.kafkachatops.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What doctor says before it talks to anything: a configuration that does not parse, an unknown cluster, --help. */
class DoctorCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run doctor(String... args) {
        DoctorCommand cmd = new DoctorCommand();
        cmd.env = Map.of();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.configure(new CommandLine(cmd));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void everyProblemOfTheConfigIsAFailedLineAndNothingElseRuns() throws Exception {
        Path file = Files.writeString(dir.resolve("bot.yaml"), """
                slack: { mode: carrier-pigeon }
                clusters:
                  - name: a
                    channels: [general]
                """);
        Run r = doctor("--config", file.toString());
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.out.lines().filter(l -> l.startsWith("FAIL  config: parses")).count()).isEqualTo(2);
        assertThat(r.out).contains("slack.mode: must be `socket` or `http`", "bootstrapServers",
                "skip  doctor: everything else", "doctor: 0 passed, 2 failed, 1 skipped");
    }

    @Test
    void anUnknownClusterIsOneErrorLine() throws Exception {
        Path file = Files.writeString(dir.resolve("bot.yaml"), """
                clusters:
                  - { name: a, bootstrapServers: "127.0.0.1:1", channels: [C0A] }
                """);
        Run r = doctor("--config", file.toString(), "--cluster", "b");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err.strip()).isEqualTo("error: --cluster b: no such cluster in " + file + " (clusters: a)");
        assertThat(r.out).isEmpty();
    }

    @Test
    void theHelpListsTheChecksAndTheExitCodes() {
        Run r = doctor("--help");
        assertThat(r.exit).isZero();
        assertThat(r.out).contains("--config=FILE", "--cluster=NAME", "x-oauth-scopes", "describeCluster",
                        "DESCRIBE_CONFIGS", "Quartz", "0   every check passed", "1   a check failed",
                "JMX where jmxPort is set");
    }
}
