package dev.kafkachatops.app;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line fails the same way everywhere: one line on stderr that says what is wrong and what to do, and the
 * exit code its help documents (0 done, 1 failed or bad arguments, 2 status: needs attention, 3 apply: cancelled).
 * Every case runs in this JVM through the real picocli command line ({@link Main#commandLine()}).
 */
class CliErrorsTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        return run(Main.commandLine(), args);
    }

    static Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** One line on stderr, starting with "error: ", nothing on stdout. */
    private static void oneErrorLine(Run r) {
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ").endsWith("\n").hasLineCount(1).doesNotContain("\tat ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aBadBootstrapServerIsOneLineNotAStackTrace() {
        Run status = run("status", "--bootstrap-server", "nonsense");
        oneErrorLine(status);
        assertThat(status.err()).isEqualTo("error: `nonsense` is not a bootstrap server list (expected "
                + "HOST:PORT[,HOST:PORT...], e.g. kafka1:9092,kafka2:9092)\n");
        Run plan = run("plan", "rebalance", "--bootstrap-server", "nonsense", "--topic", "orders", "--out",
                dir.resolve("m.json").toString());
        oneErrorLine(plan);
        assertThat(plan.err()).contains("`nonsense` is not a bootstrap server list");
        Run apply = run("apply", "move.json", "--bootstrap-server", "nonsense");
        oneErrorLine(apply);
        assertThat(apply.err()).contains("`nonsense` is not a bootstrap server list");
    }

    @Test
    void aHostThatDoesNotResolveIsOneLine() {
        Run r = run("status", "--bootstrap-server", "no-such-host.invalid:9092", "--timeout", "2s");
        oneErrorLine(r);
        assertThat(r.err()).startsWith("error: cannot create a Kafka client for no-such-host.invalid:9092: ");
    }

    @Test
    void anUnreachableClusterSaysWhatAndWhatToCheck() {
        Run r = run("status", "--bootstrap-server", "127.0.0.1:1", "--timeout", "1s");
        oneErrorLine(r);
        assertThat(r.err()).isEqualTo("error: Cannot reach cluster 127.0.0.1:1: no answer within 1 s. Check that "
                + "the brokers are up and the bootstrap servers are right.\n");
    }

    @Test
    void aMissingFileSaysSoNotJustItsPath() {
        Run all = run("plan", "rebalance", "--assignment", "/no/such/file.json", "--all", "--out",
                dir.resolve("x.json").toString());
        oneErrorLine(all);
        assertThat(all.err()).isEqualTo("error: cannot read --assignment /no/such/file.json: no such file; check the "
                + "path\n");
        Run apply = run("apply", "/no/such.json", "--bootstrap-server", "127.0.0.1:1");
        oneErrorLine(apply);
        assertThat(apply.err()).isEqualTo("error: cannot read the plan file /no/such.json: no such file; check the "
                + "path\n");
        Run props = run("status", "--bootstrap-server", "127.0.0.1:1", "--command-config", "/no/client.properties");
        oneErrorLine(props);
        assertThat(props.err()).isEqualTo("error: cannot read --command-config /no/client.properties: no such file; "
                + "check the path\n");
    }

    @Test
    void anUnwritableOutputFileIsOneLine() throws Exception {
        Path current = Files.writeString(dir.resolve("current.json"), "{\"version\":1,\"partitions\":[{\"topic\":"
                + "\"t\",\"partition\":0,\"replicas\":[1]},{\"topic\":\"t\",\"partition\":1,\"replicas\":[1]}]}");
        Run r = run("plan", "rebalance", "--assignment", current.toString(), "--topic", "t", "--brokers", "1,2",
                "--out", dir.resolve("no/such/folder/m.json").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: cannot write --out " + dir.resolve("no/such/folder/m.json")
                + ": no such folder; create it or choose another path\n");
    }

    @Test
    void badArgumentsAreOneLineWithWhereTheHelpIsAndExitAsDocumented() {
        Run option = run("status", "--bogus");
        oneErrorLine(option);
        assertThat(option.err()).startsWith("error: Unknown option: '--bogus'")
                .endsWith(". See 'kafka-chatops status --help'.\n");
        Run command = run("frob");
        oneErrorLine(command);
        assertThat(command.err()).isEqualTo("error: unknown command 'frob' (commands: run, status, sandbox, plan, "
                + "apply, bench, doctor). See 'kafka-chatops --help'.\n");
        Run missing = run("status");
        oneErrorLine(missing);
        assertThat(missing.err()).startsWith("error: Missing required argument").contains("--bootstrap-server")
                .contains("See 'kafka-chatops status --help'.");
        Run parent = run("plan");
        assertThat(parent.code()).isZero();
        assertThat(parent.out()).startsWith("Usage: kafka-chatops plan ");
        Run value = run("plan", "rebalance", "--assignment", "a.json", "--all", "--out");
        oneErrorLine(value);
        assertThat(value.err()).contains("See 'kafka-chatops plan rebalance --help'.");
        Run bench = run("bench", "rebalance", "--runs", "many");
        oneErrorLine(bench);
        assertThat(bench.err()).contains("--runs").contains("'many'");
    }

    /** Every command's help lists its exit codes, and the code it gives for bad arguments is the one it documents. */
    @Test
    void everyHelpDocumentsTheExitCodesTheCommandReallyGives() {
        for (CommandLine cl : all(Main.commandLine())) {
            String name = cl.getCommandSpec().qualifiedName();
            List<String> path = new ArrayList<>(List.of(name.split(" ")).subList(1, name.split(" ").length));
            path.add("--help");
            Run help = run(path.toArray(String[]::new));
            assertThat(help.code()).as(name).isZero();
            assertThat(help.out()).as(name).contains("Exit codes:");
            Map<String, String> codes = cl.getCommandSpec().usageMessage().exitCodeList();
            String badArguments = codes.entrySet().stream().filter(e -> e.getValue().contains("bad arguments"))
                    .map(e -> e.getKey().strip()).findFirst().orElse("none");
            assertThat(badArguments).as(name + " documents an exit code for bad arguments").isEqualTo("1");
            path.set(path.size() - 1, "--no-such-option");
            Run bad = run(path.toArray(String[]::new));
            assertThat(bad.code()).as(name).isEqualTo(1);
            assertThat(bad.err()).as(name).hasLineCount(1);
        }
    }

    /** The README's list of exit codes is the top-level help's. */
    @Test
    void theReadmeListsTheSameExitCodes() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Map<String, String> codes = Main.commandLine().getCommandSpec().usageMessage().exitCodeList();
        assertThat(codes).hasSize(4);
        codes.forEach((code, what) -> assertThat(readme).contains("`" + code.strip() + "` " + what));
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("the state is wrong", new RuntimeException("because of this"));
        }
    }

    @Test
    void anUnexpectedErrorIsOneLineWithItsCause() {
        Run r = run(Main.configure(new CommandLine(new Boom())));
        oneErrorLine(r);
        assertThat(r.err()).isEqualTo("error: IllegalStateException: the state is wrong (because of this)\n");
    }

    @Test
    void theTerminalToolsQuietTheKafkaClientsWarningsTheBotKeepsThem() {
        Level before = LogManager.getLogger("org.apache.kafka").getLevel();
        try {
            Configurator.setLevel("org.apache.kafka", Level.WARN);
            Cli.quietKafkaClientLogs(new String[] {"run", "--config", "x.yaml"});
            assertThat(LogManager.getLogger("org.apache.kafka").getLevel()).isEqualTo(Level.WARN);
            Cli.quietKafkaClientLogs(new String[] {"status", "--bootstrap-server", "h:1"});
            assertThat(LogManager.getLogger("org.apache.kafka").getLevel()).isEqualTo(Level.ERROR);
        } finally {
            Configurator.setLevel("org.apache.kafka", before);
        }
    }

    private static List<CommandLine> all(CommandLine cl) {
        List<CommandLine> out = new ArrayList<>(List.of(cl));
        cl.getSubcommands().values().forEach(sub -> out.addAll(all(sub)));
        return out;
    }
}
