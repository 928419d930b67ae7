package dev.kafkachatops.e2e;

import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.adapter.kafka.AdminReassignment;
import dev.kafkachatops.adapter.store.jdbc.Database;
import dev.kafkachatops.adapter.store.jdbc.JdbcOperationStore;
import dev.kafkachatops.domain.TopicPartitionRef;
import dev.kafkachatops.domain.ops.AuditEvent;
import dev.kafkachatops.domain.ops.Checkpoint;
import dev.kafkachatops.domain.ops.OpState;
import dev.kafkachatops.sim.SimMessage;
import dev.kafkachatops.sim.SimOptions;
import dev.kafkachatops.sim.SlackSimulator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A durable run for real: the packaged bot runs as its own JVM against the Slack simulator and a real cluster,
 * an approved rebalance starts, the bot is killed with SIGKILL right after its first batch, and a new bot process
 * on the same data folder resumes the run from its checkpoints: it finishes, no completed batch is submitted
 * again, no partition is skipped, and no throttle is left behind.
 */
class KillAndResumeIT {
    @TempDir
    Path dir;
    private KafkaClusterTestKit cluster;
    private SlackSimulator sim;
    private Admin admin;
    private Process bot;

    @AfterEach
    void stop() throws Exception {
        if (bot != null) bot.destroyForcibly().waitFor();
        if (sim != null) sim.close();
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void botKilledMidRunResumesWithoutRepeatingOrSkippingAStep() throws Exception {
        cluster = dev.kafkachatops.TestClusters.start(4);
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        Map<Integer, List<Integer>> assignment = new HashMap<>();
        for (int p = 0; p < 12; p++) assignment.put(p, p % 2 == 0 ? List.of(0, 1) : List.of(1, 0));
        admin.createTopics(List.of(new NewTopic("big", assignment))).all().get();
        try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, "20"), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int p = 0; p < 12; p++) {
                for (int i = 0; i < 1500; i++) producer.send(new ProducerRecord<>("big", p, null, new byte[1000]));
            }
            producer.flush();
        }
        sim = SlackSimulator.start(SimOptions.builder().build());
        Path config = dir.resolve("bot.yaml");
        Files.writeString(config, """
                slack:
                  apiUrl: %s
                storage:
                  dataDir: %s
                clusters:
                  - name: test
                    bootstrapServers: %s
                    channels: [general]
                    approvals:
                      users: [U0BOB]
                    windows:
                      - cron: "0 0 * * * ?"
                        duration: 1h
                        timezone: UTC
                """.formatted(sim.apiUrlPrefix(), dir.resolve("data"), cluster.bootstrapServers()));

        bot = startBot(config, 1);
        sim.command("alice", "general", "rebalance big throttle=4MB/s");
        SimMessage plan = await(m -> m.bot() && m.text().startsWith("Plan R"), Duration.ofSeconds(60));
        String id = plan.text().substring("Plan ".length(), plan.text().indexOf(':'));
        sim.reaction("bob", "general", plan.ts(), "white_check_mark", false);
        await(m -> m.ts().equals(plan.ts()) && m.replies().stream().anyMatch(r -> r.text().contains("Batch 1/")
                && r.text().contains(" done in ")), Duration.ofSeconds(120));
        long killedAt = System.nanoTime();
        bot.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(sim.messages("general").stream().filter(m -> m.ts().equals(plan.ts())).findFirst().orElseThrow()
                .text()).doesNotEndWith("— done");

        bot = startBot(config, 2);
        await(m -> m.ts().equals(plan.ts()) && m.replies().stream().anyMatch(r -> r.text()
                .contains("resuming from its checkpoints")), Duration.ofSeconds(120));
        double resumedAfter = (System.nanoTime() - killedAt) / 1e9;
        SimMessage done = await(m -> m.ts().equals(plan.ts()) && m.text().endsWith("— done"), Duration.ofSeconds(180));
        System.out.printf("kill-and-resume: run resumed %.1f s after SIGKILL (including the new JVM's start)%n",
                resumedAfter);
        bot.destroy();
        bot.waitFor();
        bot = null;

        // the cluster: every partition at the planned target, balanced, no throttle left
        var port = new AdminReassignment("test", admin, Duration.ofSeconds(10));
        List<TopicPartitionRef> tps = new ArrayList<>();
        for (int p = 0; p < 12; p++) tps.add(new TopicPartitionRef("big", p));
        Map<Integer, Integer> perBroker = new HashMap<>();
        port.replicas(tps).values().forEach(r -> r.forEach(b -> perBroker.merge(b, 1, Integer::sum)));
        assertThat(perBroker).containsOnlyKeys(0, 1, 2, 3).allSatisfy((b, n) -> assertThat(n).isEqualTo(6));
        for (int b = 0; b < 4; b++) assertThat(port.brokerThrottle(b)).isEmpty();
        assertThat(port.topicThrottle("big")).isEmpty();
        assertThat(port.inProgress()).isEmpty();

        // the store: finished, resumed once, and every batch's partitions submitted by exactly one DONE batch
        try (Database db = Database.open(Database.defaultH2Url(dir.resolve("data")), Optional.empty(),
                Optional.empty())) {
            var store = new JdbcOperationStore(db);
            assertThat(store.find(id).orElseThrow().state()).isEqualTo(OpState.DONE);
            var events = store.history(Optional.empty(), Optional.of(id), 100).stream().map(e -> e.event()).toList();
            assertThat(events).containsOnlyOnce(AuditEvent.STARTED, AuditEvent.RESUMED, AuditEvent.FINISHED);
            List<Checkpoint> batches = store.checkpoints(id).stream()
                    .filter(c -> c.step().startsWith("topic-1/batch-")).toList();
            System.out.println("kill-and-resume checkpoints: " + batches);
            assertThat(batches).allSatisfy(c -> assertThat(c.status()).isIn(Checkpoint.Status.DONE,
                    Checkpoint.Status.SKIPPED));
            assertThat(batches.stream().filter(c -> c.status() == Checkpoint.Status.DONE).count()).isGreaterThan(1);
            Set<String> seen = new HashSet<>();
            for (Checkpoint c : batches) {
                if (c.status() != Checkpoint.Status.DONE) continue;
                for (String tp : c.detail().split(",")) {
                    assertThat(seen.add(tp)).as(tp + " submitted by two completed batches").isTrue();
                }
            }
            assertThat(store.checkpoints(id).stream().filter(c -> c.step().equals("topic-1")).findFirst())
                    .hasValueSatisfying(c -> assertThat(c.status()).isEqualTo(Checkpoint.Status.DONE));
        }
        assertThat(done.replies().stream().map(SimMessage::text)).anyMatch(t -> t.contains(": DONE."));
    }

    private Process startBot(Path config, int n) throws Exception {
        Path jar = Path.of("target/kafka-chatops.jar").toAbsolutePath();
        assertThat(jar).exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var pb = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("bot-" + n + ".log").toFile());
        pb.environment().put("SLACK_BOT_TOKEN", sim.botToken());
        pb.environment().put("SLACK_APP_TOKEN", sim.appToken());
        long before = connectionsOpened();
        Process p = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (connectionsOpened() < before + 2 && System.nanoTime() < deadline) { // Bolt opens two, uses the second
            if (!p.isAlive()) throw new AssertionError("bot " + n + " exited: " + Files.readString(
                    dir.resolve("bot-" + n + ".log")));
            Thread.sleep(50);
        }
        Thread.sleep(500);
        return p;
    }

    private long connectionsOpened() {
        return sim.apiCalls().stream().filter(c -> c.method().equals("apps.connections.open")).count();
    }

    private SimMessage await(Predicate<SimMessage> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SimMessage> m = sim.messages("general").stream().filter(match).findFirst();
            if (m.isPresent()) return m.get();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        String logs;
        try {
            logs = Files.readString(dir.resolve("bot-2.log").toFile().exists() ? dir.resolve("bot-2.log")
                    : dir.resolve("bot-1.log"));
        } catch (Exception e) {
            logs = e.toString();
        }
        throw new AssertionError("no matching message; have: " + sim.messages("general").stream()
                .map(x -> x.text() + " / replies " + x.replies().stream().map(SimMessage::text).toList()).toList()
                + "\nbot log tail: " + logs.substring(Math.max(0, logs.length() - 4000)));
    }
}
