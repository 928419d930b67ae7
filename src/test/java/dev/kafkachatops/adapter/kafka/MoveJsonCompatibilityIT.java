package dev.kafkachatops.adapter.kafka;

import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.localkafka.KafkaDistributions;
import dev.kafkachatops.plan.reassign.PartitionMove;
import dev.kafkachatops.plan.reassign.ReassignmentJson;
import dev.kafkachatops.plan.reassign.ReassignmentPlan;
import dev.kafkachatops.plan.reassign.RebalancePlanner;
import dev.kafkachatops.plan.reassign.Target;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exported {@code move.json} and rollback file run through Kafka's own {@code kafka-reassign-partitions}
 * tool (ReassignPartitionsCommand from the kafka-tools jar of a real distribution, as a separate process)
 * against a real cluster: accepted, executed, verified, and rolled back.
 */
class MoveJsonCompatibilityIT {
    private static KafkaClusterTestKit cluster;
    private static Admin admin;
    private static Path libs;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        libs = new KafkaDistributions().ensure("4.1.1").resolve("libs");
        cluster = dev.kafkachatops.TestClusters.start(4);
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < 8; p++) assignment.put(p, List.of(p % 3, (p + 1) % 3));
        admin.createTopics(List.of(new NewTopic("orders", assignment))).all().get();
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void kafkasOwnToolAcceptsTheExportedFiles() throws Exception {
        var source = new AdminAssignmentSource("test", admin, Duration.ofSeconds(15));
        ReassignmentPlan plan = RebalancePlanner.plan(source.read("orders"), "orders", Target.allAlive(),
                OptionalLong.of(10_000_000));
        assertThat(plan.moves()).isNotEmpty();
        Path move = dir.resolve("move.json");
        Path rollback = dir.resolve("rollback.json");
        Files.writeString(move, ReassignmentJson.toMoveJson(plan));
        Files.writeString(rollback, ReassignmentJson.rollbackJson(plan));

        String out = tool("--reassignment-json-file", move.toString(), "--execute", "--throttle", "10000000");
        assertThat(out).contains("Successfully started partition reassignment");
        awaitVerified(move);
        var port = new AdminReassignment("test", admin, Duration.ofSeconds(10));
        var now = port.replicas(plan.moves().stream().map(PartitionMove::tp).toList());
        for (PartitionMove m : plan.moves()) assertThat(now.get(m.tp())).as(m.tp().toString()).isEqualTo(m.to());

        assertThat(tool("--reassignment-json-file", rollback.toString(), "--execute"))
                .contains("Successfully started partition reassignment");
        awaitVerified(rollback);
        var back = port.replicas(plan.moves().stream().map(PartitionMove::tp).toList());
        for (PartitionMove m : plan.moves()) assertThat(back.get(m.tp())).isEqualTo(m.from());
        assertThat(port.brokerThrottle(3)).as("--verify removed the tool's throttle").isEmpty();
        assertThat(plan.moves().get(0).tp()).isInstanceOf(TopicPartitionRef.class);
    }

    @Test
    void cliPlansFromTheClusterAndAppliesWithItsOwnRunner() throws Exception {
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < 6; p++) assignment.put(p, List.of(p % 3, (p + 1) % 3));
        admin.createTopics(List.of(new NewTopic("payments", assignment))).all().get();
        Path move = dir.resolve("payments.json");
        var out = new java.io.StringWriter();
        int planned = dev.kafkachatops.app.Main.commandLine().setOut(new java.io.PrintWriter(out))
                .execute("plan", "rebalance", "--bootstrap-server", cluster.bootstrapServers(), "--topic", "payments",
                        "--out", move.toString());
        assertThat(planned).as(out.toString()).isZero();
        assertThat(dir.resolve("payments.rollback.json")).exists();
        var targets = ReassignmentJson.parseAssignment(Files.readString(move));
        int applied = dev.kafkachatops.app.Main.commandLine().execute("apply", move.toString(), "--bootstrap-server",
                cluster.bootstrapServers(), "--throttle", "50MB/s", "--data-dir", dir.resolve("data").toString());
        assertThat(applied).isZero();
        var port = new AdminReassignment("test", admin, Duration.ofSeconds(10));
        var now = port.replicas(targets.stream().map(t -> t.tp()).toList());
        for (var t : targets) assertThat(now.get(t.tp())).isEqualTo(t.replicas());
        for (int b = 0; b < 4; b++) assertThat(port.brokerThrottle(b)).isEmpty();
        assertThat(port.topicThrottle("payments")).isEmpty();
        // planning the applied result again moves nothing
        var again = new java.io.StringWriter();
        dev.kafkachatops.app.Main.commandLine().setOut(new java.io.PrintWriter(again)).execute("plan", "rebalance",
                "--bootstrap-server", cluster.bootstrapServers(), "--topic", "payments", "--out",
                dir.resolve("again.json").toString());
        assertThat(again.toString()).contains("Nothing to move");
    }

    private static void awaitVerified(Path file) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = tool("--reassignment-json-file", file.toString(), "--verify");
            if (!out.contains("is still in progress")) break;
            Thread.sleep(500);
        }
        assertThat(out).contains("is completed").doesNotContain("is still in progress");
    }

    private static String tool(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var cmd = new java.util.ArrayList<>(List.of(java, "-Xmx256m", "-cp", libs + "/*",
                "org.apache.kafka.tools.reassign.ReassignPartitionsCommand", "--bootstrap-server",
                cluster.bootstrapServers()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
