package dev.kafkachatops.app;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad command lines, one row each, through the real picocli command line ({@link Main#commandLine()}): exit code 1
 * as every help documents, exactly one line on stderr starting with {@code error: } (no stack trace, no exception
 * class, no "unexpectedly"), nothing on stdout, and nothing written: no {@code --out} file, no rollback file, no
 * {@code apply} ledger folder. No row reaches a cluster (none is running; rows that would need one fail before it).
 * Part of the bad-input matrix of issue 14 (CLI surface); {@link CliErrorsTest} holds the exact wording of the first
 * cases, this is the breadth.
 */
class BadInputCliMatrixTest {
    @TempDir
    static Path dir;

    /** The current assignment of topic {@code t} on brokers 1 and 2 (Kafka's JSON format). */
    static final String CURRENT = "{\"version\":1,\"partitions\":[{\"topic\":\"t\",\"partition\":0,\"replicas\":[1,2]},"
            + "{\"topic\":\"t\",\"partition\":1,\"replicas\":[2,1]},{\"topic\":\"t\",\"partition\":2,\"replicas\":[1,2]}]}";

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("current.json"), CURRENT);
        Files.writeString(dir.resolve("move.json"), CURRENT);
        Files.writeString(dir.resolve("broken.json"), "{\"version\":1,\"partitions\":[{\"topic\":");
        Files.writeString(dir.resolve("shape.json"), "{\"version\":1,\"topics\":\"t\"}");
        Files.writeString(dir.resolve("empty.json"), "");
        Files.writeString(dir.resolve("array.json"), "[1,2,3]");
        Files.writeString(dir.resolve("twice.json"), "{\"version\":1,\"partitions\":[{\"topic\":\"t\",\"partition\":0,"
                + "\"replicas\":[1,2]},{\"topic\":\"t\",\"partition\":0,\"replicas\":[2,1]}]}");
        Files.writeString(dir.resolve("bad.yaml"), "clusters: [unclosed\n");
        Files.writeString(dir.resolve("logdirs.txt"), "not the output of kafka-log-dirs\n");
    }

    static Stream<Arguments> cases() {
        String plan = "plan rebalance --assignment {dir}/current.json --out {dir}/out/m.json ";
        return Stream.of(
                arguments("status: a bootstrap server that is not one", "status --bootstrap-server nonsense",
                        "is not a bootstrap server list"),
                arguments("status: a port out of range", "status --bootstrap-server kafka1:99999",
                        "is not a bootstrap server list"),
                arguments("status: an empty bootstrap server", "status --bootstrap-server ,",
                        "is not a bootstrap server list"),
                arguments("status: a timeout in words", "status --bootstrap-server 127.0.0.1:1 --timeout forever",
                        "--timeout: "),
                arguments("status: a negative timeout", "status --bootstrap-server 127.0.0.1:1 --timeout -5s",
                        "--timeout: "),
                arguments("status: both a server and a config",
                        "status --bootstrap-server 127.0.0.1:1 --config {dir}/bad.yaml", "mutually exclusive"),
                arguments("status: a config that does not exist", "status --config {dir}/nope.yaml", "nope.yaml"),
                arguments("status: a config that does not parse", "status --config {dir}/bad.yaml", "not valid YAML"),
                arguments("status: a client config that does not exist",
                        "status --bootstrap-server 127.0.0.1:1 --command-config {dir}/nope.properties",
                        "cannot read --command-config"),
                arguments("status: an unknown option", "status --bootstrap-server 127.0.0.1:1 --verbose",
                        "Unknown option: '--verbose'"),
                arguments("status: no target", "status", "Missing required argument"),
                arguments("an unknown command", "upgrade 3.9.1", "unknown command 'upgrade'"),
                arguments("plan: an assignment file that does not exist",
                        "plan rebalance --assignment {dir}/nope.json --topic t --out {dir}/out/m.json",
                        "cannot read --assignment"),
                arguments("plan: an assignment that is not JSON",
                        "plan rebalance --assignment {dir}/broken.json --topic t --out {dir}/out/m.json", "broken.json"),
                arguments("plan: an assignment of the wrong shape",
                        "plan rebalance --assignment {dir}/shape.json --topic t --out {dir}/out/m.json", "shape.json"),
                arguments("plan: an empty assignment file",
                        "plan rebalance --assignment {dir}/empty.json --topic t --out {dir}/out/m.json", "empty.json"),
                arguments("plan: an assignment that is an array",
                        "plan rebalance --assignment {dir}/array.json --topic t --out {dir}/out/m.json", "array.json"),
                arguments("plan: an unknown topic", plan + "--topic nosuch", "nosuch"),
                arguments("plan: a broker listed twice", plan + "--topic t --brokers 1,1", "listed twice"),
                arguments("plan: brokers that are not numbers", plan + "--topic t --brokers one,two", "broker list"),
                // --brokers lists the cluster's brokers and --exclude drains some of them (a documented use): too few remain
                arguments("plan: every broker but one excluded", plan + "--topic t --brokers 1,2 --exclude 2",
                        "Topic t has replication factor 2 but only 1 target broker"),
                arguments("plan: a zero throttle", plan + "--topic t --throttle 0", "rate `0` is out of range"),
                arguments("plan: a negative throttle", plan + "--topic t --throttle -50MB/s", "`-50MB/s` is not a rate"),
                arguments("plan: an absurd throttle", plan + "--topic t --throttle 1e30", "`1e30` is not a rate"),
                arguments("plan: a throttle in unknown units", plan + "--topic t --throttle 50parsecs", "`50parsecs` is not a rate"),
                arguments("plan: a topic and --all", plan + "--topic t --all", "mutually exclusive"),
                arguments("plan: an option given twice", plan + "--topic t --topic u", "--topic"),
                arguments("plan: a file and a cluster",
                        plan + "--topic t --bootstrap-server 127.0.0.1:1", "mutually exclusive"),
                arguments("plan: racks given twice for a broker", plan + "--topic t --broker-racks 1:a,1:b,2:c",
                        "broker 1 has two racks"),
                arguments("plan: log dirs that are not kafka-log-dirs output",
                        plan + "--all --log-dirs {dir}/logdirs.txt", "logdirs.txt"),
                arguments("plan: log dirs that do not exist", plan + "--all --log-dirs {dir}/nope.txt",
                        "cannot read --log-dirs"),
                arguments("apply: a plan file that does not exist",
                        "apply {dir}/nope.json --bootstrap-server 127.0.0.1:1 --data-dir {dir}/ledger",
                        "cannot read the plan file"),
                arguments("apply: a plan that is not JSON",
                        "apply {dir}/broken.json --bootstrap-server 127.0.0.1:1 --data-dir {dir}/ledger", "broken.json"),
                arguments("apply: a partition moved twice in one plan",
                        "apply {dir}/twice.json --bootstrap-server 127.0.0.1:1 --data-dir {dir}/ledger", "t-0"),
                arguments("apply: a bad bootstrap server",
                        "apply {dir}/move.json --bootstrap-server kafka1 --data-dir {dir}/ledger",
                        "is not a bootstrap server list"),
                arguments("apply: a zero throttle",
                        "apply {dir}/move.json --bootstrap-server 127.0.0.1:1 --throttle 0 --data-dir {dir}/ledger",
                        "rate `0` is out of range"),
                arguments("apply: no moves in flight", "apply {dir}/move.json --bootstrap-server 127.0.0.1:1 "
                        + "--max-moves-per-broker 0 --data-dir {dir}/ledger", "--max-moves-per-broker"),
                arguments("apply: moves in flight in words", "apply {dir}/move.json --bootstrap-server 127.0.0.1:1 "
                        + "--max-moves-per-broker many --data-dir {dir}/ledger", "--max-moves-per-broker"),
                arguments("bench: runs in words", "bench rebalance --runs many", "'many'"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void oneLineExitOneNothingWritten(String name, String line, String expected) {
        List<String> args = new ArrayList<>();
        for (String a : line.split(" ")) args.add(a.replace("{dir}", dir.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args.toArray(String[]::new));

        assertThat(code).as(name + ": exit code; stderr " + err).isEqualTo(1);
        assertThat(err.toString()).as(name).startsWith("error: ").endsWith("\n").hasLineCount(1)
                .contains(expected).doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContainIgnoringCase("unexpectedly");
        assertThat(out.toString()).as(name + ": nothing on stdout").isEmpty();
        assertThat(dir.resolve("out")).as(name + ": no move.json or rollback written").isEmptyDirectory();
        assertThat(dir.resolve("ledger")).as(name + ": no throttle ledger").doesNotExist();
    }
}
