package dev.kafkachatops.plan.cli;

import dev.kafkachatops.app.BenchCommand;
import dev.kafkachatops.app.Main;
import dev.kafkachatops.app.PlanCommand;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.plan.reassign.PartitionReplicas;
import dev.kafkachatops.plan.reassign.ReassignmentJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plan rebalance --all}: the whole cluster offline, from Kafka's files. */
class PlanAllCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        return run(new PlanCommand(), args);
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

    /** Twelve one-partition topics on brokers 1-3 (rotating leaders); sizes 1, 2, ... 12 MB. */
    private Path current() throws Exception {
        List<PartitionReplicas> parts = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            parts.add(new PartitionReplicas(new TopicPartitionRef("t" + t, 0),
                    List.of(1 + t % 3, 1 + (t + 1) % 3, 1 + (t + 2) % 3)));
        }
        return Files.writeString(dir.resolve("current.json"), "Current partition replica assignment\n"
                + ReassignmentJson.format(parts) + "\n");
    }

    private Path logDirs(int... brokers) throws Exception {
        StringBuilder b = new StringBuilder("{\"version\":1,\"brokers\":[");
        for (int i = 0; i < brokers.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"broker\":").append(brokers[i])
                    .append(",\"logDirs\":[{\"logDir\":\"/data\",\"error\":null,\"partitions\":[");
            for (int t = 0; t < 12 && brokers[i] <= 3; t++) {
                b.append(t == 0 ? "" : ",").append("{\"partition\":\"t").append(t).append("-0\",\"size\":")
                        .append((t + 1) * 1_000_000L - brokers[i]).append(",\"offsetLag\":0,\"isFuture\":false}");
            }
            b.append("]}]}");
        }
        return Files.writeString(dir.resolve("logdirs.txt"), "Querying brokers for log directories information\n"
                + "Received log directory information from brokers 1,2,3,4\n" + b + "]}\n");
    }

    @Test
    void theWholeClusterWithSizesWritesEveryTopicsMoves() throws Exception {
        Path move = dir.resolve("move.json");
        Run r = run("rebalance", "--assignment", current().toString(), "--all", "--log-dirs", logDirs(1, 2, 3, 4)
                .toString(), "--out", move.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Cluster rebalance over brokers 1, 2, 3, 4: 12 topics, 9 to move")
                .contains("Replica moves:    9 (minimum possible 9; surplus bound 9")
                .containsPattern("Disk: +fullest broker .* met\n")
                .contains("  4       0 -> 9        0 -> 3");
        List<PartitionReplicas> to = ReassignmentJson.parseAssignment(Files.readString(move));
        assertThat(to).hasSize(9).allSatisfy(p -> assertThat(p.replicas()).contains(4));
        Map<Integer, Integer> after = new TreeMap<>();
        List<PartitionReplicas> now = ReassignmentJson.parseAssignment(Files.readString(current()));
        for (PartitionReplicas p : now) {
            List<Integer> r2 = to.stream().filter(x -> x.tp().equals(p.tp())).findFirst().orElse(p).replicas();
            r2.forEach(b -> after.merge(b, 1, Integer::sum));
        }
        assertThat(after).isEqualTo(Map.of(1, 9, 2, 9, 3, 9, 4, 9));
        assertThat(now).containsAll(ReassignmentJson.parseAssignment(Files.readString(dir.resolve(
                "move.rollback.json"))));
    }

    @Test
    void withoutLogDirsTheDiskCriterionIsSkippedAndABalancedClusterGetsAnEmptyList() throws Exception {
        Path move = dir.resolve("m.json");
        Run r = run("rebalance", "--assignment", current().toString(), "--all", "--out", move.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("sizes unknown (no --log-dirs): the disk criterion is skipped")
                .contains("12 topics, 0 to move").contains("Nothing to execute: the cluster is balanced.");
        assertThat(Files.readString(move)).isEqualTo("{\"version\":1,\"partitions\":[]}\n");
        assertThat(Files.readString(dir.resolve("m.rollback.json"))).isEqualTo("{\"version\":1,\"partitions\":[]}\n");
    }

    @Test
    void racksOfUnequalSizeSplitTheSharedRack() throws Exception {
        Path move = dir.resolve("m.json");
        Run r = run("rebalance", "--assignment", current().toString(), "--all", "--brokers", "1,2,3,4",
                "--broker-racks", "1:a,2:b,3:c,4:a", "--out", move.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Replica moves:    6 (minimum possible 6;").contains("  1       12 -> 6")
                .contains("  2       12 -> 12").contains("  3       12 -> 12").contains("  4       0 -> 6");
        assertThat(ReassignmentJson.parseAssignment(Files.readString(move)))
                .filteredOn(p -> p.replicas().contains(4)).hasSize(6)
                .allSatisfy(p -> assertThat(p.replicas()).contains(2, 3).doesNotContain(1));
    }

    @Test
    void aDrainOfARackWithRacks() throws Exception {
        Path move = dir.resolve("m.json");
        Run r = run("rebalance", "--assignment", current().toString(), "--all", "--brokers", "1,2,3,4,5,6",
                "--exclude", "1,2", "--broker-racks", "1:a,2:a,3:b,4:b,5:c,6:c", "--out", move.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("  1       12 -> 0").contains("  2       12 -> 0");
        assertThat(ReassignmentJson.parseAssignment(Files.readString(move))).allSatisfy(p -> assertThat(p.replicas())
                .doesNotContain(1, 2).containsAnyOf(3, 4).containsAnyOf(5, 6));
    }

    @Test
    void scopeIsTopicOrAllNotBoth() throws Exception {
        String current = current().toString();
        Run both = run("rebalance", "--assignment", current, "--all", "--topic", "t1", "--out", "m.json");
        assertThat(both.code()).isEqualTo(1);
        assertThat(both.err()).contains("mutually exclusive");
        Run none = run("rebalance", "--assignment", current, "--out", "m.json");
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("Missing required argument").contains("--topic").contains("--all");
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws Exception {
        String current = current().toString();
        Path move = dir.resolve("m.json");
        Path bad = Files.writeString(dir.resolve("bad.txt"), "Querying brokers\n{\"version\":1}\n");
        Run logDirs = run("rebalance", "--assignment", current, "--all", "--log-dirs", bad.toString(),
                "--out", move.toString());
        assertThat(logDirs.code()).isEqualTo(1);
        assertThat(logDirs.err()).isEqualTo("error: " + bad + ": expected a \"brokers\" array\n");
        Run online = run("rebalance", "--bootstrap-server", "h:1", "--all", "--out", move.toString());
        assertThat(online.code()).isEqualTo(1);
        assertThat(online.err()).startsWith("error: --all plans offline from --assignment").hasLineCount(1);
        Run topic = run("rebalance", "--assignment", current, "--topic", "t1", "--log-dirs", bad.toString(),
                "--out", move.toString());
        assertThat(topic.err()).isEqualTo("error: --log-dirs goes with --all\n");
        Run rackless = run("rebalance", "--assignment", current, "--all", "--broker-racks", "1:a,2:b",
                "--out", move.toString());
        assertThat(rackless.code()).isEqualTo(1);
        assertThat(rackless.err()).startsWith("error: Brokers 3 have no broker.rack").hasLineCount(1);
        assertThat(move).doesNotExist();
        assertThat(dir.resolve("m.rollback.json")).doesNotExist();
    }

    @Test
    void benchClusterPrintsTheIssuesShapesBalanced() {
        Run r = run(new BenchCommand(), "rebalance", "--cluster", "--max-partitions", "150");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("SCENARIO").contains("MOVES   MIN BOUND");
        assertThat(lines.get(1)).startsWith("100 topics x1, 3+1").containsPattern("4 +100 +75 +75 +75 ");
        assertThat(lines.get(2)).startsWith("30 topics x4, 6+2").containsPattern(" 0 +0 +- ");
    }
}
