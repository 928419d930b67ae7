package dev.kafkachatops.plan.cli;

import dev.kafkachatops.app.BenchCommand;
import dev.kafkachatops.app.Main;
import dev.kafkachatops.app.PlanCommand;
import dev.kafkachatops.plan.reassign.ClusterAssignment;
import dev.kafkachatops.plan.reassign.PartitionReplicas;
import dev.kafkachatops.plan.reassign.ReassignmentJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlanCommandTest {
    private static final String CURRENT = """
            Current partition replica assignment
            {"version":1,"partitions":[{"topic":"orders","partition":0,"replicas":[1,2,3],"log_dirs":["any","any","any"]},{"topic":"orders","partition":1,"replicas":[2,3,1],"log_dirs":["any","any","any"]},{"topic":"orders","partition":2,"replicas":[3,1,2],"log_dirs":["any","any","any"]},{"topic":"orders","partition":3,"replicas":[1,2,3],"log_dirs":["any","any","any"]},{"topic":"other","partition":0,"replicas":[1,2,3],"log_dirs":["any","any","any"]}]}
            """;

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.configure(new CommandLine(command));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void offlinePlanWritesMoveAndRollbackFiles() throws Exception {
        Path current = Files.writeString(dir.resolve("current.json"), CURRENT);
        Path move = dir.resolve("move.json");
        Run r = run(new PlanCommand(), "rebalance", "--assignment", current.toString(), "--topic", "orders",
                "--brokers", "1,2,3,4", "--throttle", "50MB/s", "--out", move.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path rollback = dir.resolve("move.rollback.json");
        assertThat(r.out()).contains("orders: 3 replica moves (the minimum)")
                .contains("Wrote " + move + " (3 partitions) and " + rollback)
                .contains("--reassignment-json-file " + move + " --execute --throttle 50000000");
        List<PartitionReplicas> to = ReassignmentJson.parseAssignment(Files.readString(move));
        List<PartitionReplicas> back = ReassignmentJson.parseAssignment(Files.readString(rollback));
        assertThat(to).hasSize(3).allSatisfy(p -> assertThat(p.replicas()).contains(4));
        List<PartitionReplicas> now = ReassignmentJson.parseAssignment(CURRENT);
        assertThat(now).containsAll(back);
    }

    @Test
    void offlinePlanWithRacksAndADrain() throws Exception {
        Path current = Files.writeString(dir.resolve("current.json"), CURRENT);
        Run r = run(new PlanCommand(), "rebalance", "--assignment", current.toString(), "--topic", "orders",
                "--brokers", "1,2,3,4", "--exclude", "1", "--broker-racks", "1:a,2:a,3:b,4:c",
                "--out", dir.resolve("drain.json").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ReassignmentJson.parseAssignment(Files.readString(dir.resolve("drain.json"))))
                .allSatisfy(p -> assertThat(p.replicas()).doesNotContain(1).containsExactlyInAnyOrder(2, 3, 4));
    }

    @Test
    void errorsAreOneLine() throws Exception {
        Path current = Files.writeString(dir.resolve("current.json"), CURRENT);
        String out = dir.resolve("m.json").toString();
        Run unknown = run(new PlanCommand(), "rebalance", "--assignment", current.toString(), "--topic", "nope",
                "--out", out);
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("error: topic nope is not in " + current + " (topics: orders, other)\n");
        Run few = run(new PlanCommand(), "rebalance", "--assignment", current.toString(), "--topic", "orders",
                "--brokers", "1,2", "--out", out);
        assertThat(few.err()).isEqualTo("error: Topic orders has replication factor 3 but only 2 target brokers\n");
        Run racks = run(new PlanCommand(), "rebalance", "--assignment", current.toString(), "--topic", "orders",
                "--broker-racks", "1:a,2:b", "--out", out);
        assertThat(racks.err()).startsWith("error: Brokers 3 have no broker.rack");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"version\":1,\"partitions\":[{\"topic\":\"orders\"}]}");
        Run parse = run(new PlanCommand(), "rebalance", "--assignment", bad.toString(), "--topic", "orders",
                "--out", out);
        assertThat(parse.err()).isEqualTo("error: " + bad + ": partitions[0]: \"partition\" must be a number >= 0\n");
        assertThat(Files.exists(Path.of(out))).isFalse();
    }

    @Test
    void anUnreachableClusterIsOneLineAndWritesNothing() {
        Run r = run(new PlanCommand(), "rebalance", "--bootstrap-server", "127.0.0.1:1", "--topic", "orders",
                "--out", dir.resolve("m.json").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: Cannot reach cluster 127.0.0.1:1").doesNotContain("\n\n");
        assertThat(dir.resolve("m.json")).doesNotExist();
        Run both = run(new PlanCommand(), "rebalance", "--bootstrap-server", "h:1", "--assignment", "x.json",
                "--topic", "orders", "--out", "m.json");
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.err()).contains("mutually exclusive");
    }

    @Test
    void bootstrapServerReadsThroughTheSource() {
        ClusterAssignment cluster = ClusterAssignment.builder().brokers(1, 2, 3)
                .topic("orders", List.of(List.of(1, 2), List.of(1, 2), List.of(2, 1))).build();
        CommandLine cl = new CommandLine(new PlanCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == PlanCommand.Rebalance.class) {
                    return cls.cast(new PlanCommand.Rebalance(bootstrap -> topic -> cluster));
                }
                return CommandLine.defaultFactory().create(cls);
            }
        });
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute("rebalance", "--bootstrap-server", "h:9092", "--topic", "orders",
                "--out", dir.resolve("m.json").toString());
        assertThat(code).isZero();
        assertThat(out.toString()).contains("orders: 2 replica moves");
    }

    @Test
    void nothingToMoveWritesNothing() throws Exception {
        Path current = Files.writeString(dir.resolve("current.json"), CURRENT);
        Path move = dir.resolve("m.json");
        Run r = run(new PlanCommand(), "rebalance", "--assignment", current.toString(), "--topic", "other",
                "--out", move.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("nothing to move").contains("no files written");
        assertThat(Files.exists(move)).isFalse();
    }

    @Test
    void benchPrintsATable() {
        Run r = run(new BenchCommand(), "rebalance", "--max-partitions", "60", "--runs", "1");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList()).hasSize(3);
        assertThat(r.out()).startsWith("BROKERS RACKS PARTITIONS  RF LOWER-BOUND");
    }
}
