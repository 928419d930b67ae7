package dev.kafkachatops.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkachatops.TestClusters;
import dev.kafkachatops.adapter.kafka.AdminClients;
import dev.kafkachatops.app.DockerfileTest;
import dev.kafkachatops.sim.SimMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image's command line, run as a plain process (there is no container engine here): ENTRYPOINT + CMD
 * and ENV of {@code docker/Dockerfile}, with the jar and the configuration paths pointed at this build and the test's
 * bot configuration (Socket Mode to the Slack simulator, {@code metrics.port}, a real 4-broker cluster). A rebalance
 * is planned, approved and run through chat; then {@code /metrics} shows the operation, its steps, the planner and the
 * Slack calls, {@code /healthz} and {@code /readyz} answer 200, and every log line is a JSON object, the run's lines
 * naming the operation and the cluster.
 */
class OpsEndpointsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private KafkaClusterTestKit cluster;
    private ChatBotHarness chat;
    private Admin admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void stop() throws Exception {
        if (chat != null) chat.close();
        if (admin != null) admin.close();
        if (cluster != null) cluster.close();
    }

    @Test
    void afterARebalanceMetricsShowTheRunAndTheBotIsReady() throws Exception {
        cluster = TestClusters.start(4);
        admin = AdminClients.create(cluster.bootstrapServers(), Map.of(), Duration.ofSeconds(15));
        TestTopics.create(admin, "big", 6, p -> p % 2 == 0 ? List.of(0, 1) : List.of(1, 0), Map.of());
        TestTopics.fill(cluster.bootstrapServers(), "big", 6, 200);
        int port = freePort();
        var image = DockerfileTest.image();
        chat = ChatBotHarness.with(BotYaml.dataDir(dir.resolve("data")).metricsPort(port)
                        .cluster(BotYaml.Cluster.named("test", cluster.bootstrapServers()).approvers("U0BOB")
                                .window("0 0 * * * ?", "1h")))
                .launcher(BotProcess.command(dir, h -> image.commandLine(javaBin(), jar(), h.yamlFile.toString()),
                        image.env()))
                .start();
        String base = "http://127.0.0.1:" + port;
        assertThat(get(base + "/healthz").statusCode()).isEqualTo(200);
        Await.until("/readyz answers 200", Duration.ofSeconds(30), () -> get(base + "/readyz").statusCode() == 200);

        chat.command("alice", "rebalance big throttle=20MB/s");
        SimMessage plan = chat.await("the plan", Duration.ofSeconds(60), m -> m.bot() && m.text().startsWith("Plan R"));
        String id = ChatBotHarness.operationId(plan);
        // Slack rate-limits the next two updates (429, Retry-After 1 s): counted as rate_limited, then delivered
        chat.sim.faults().addApiFault("chat.update", 429, 1, 0, 2);
        chat.approve("bob", plan);
        chat.awaitPlanState(plan, "— done", Duration.ofSeconds(180));

        HttpResponse<String> ready = get(base + "/readyz");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).isEqualTo("ready\n");
        HttpResponse<String> metrics = get(base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain"));
        String text = metrics.body();
        Files.writeString(dir.resolve("metrics.txt"), text);
        System.out.println("/metrics after the run (kafka_chatops_ lines):");
        text.lines().filter(l -> l.startsWith("kafka_chatops_") && !l.endsWith(" 0.0")).forEach(System.out::println);

        assertThat(value(text, "kafka_chatops_operations{kind=\"rebalance\",state=\"done\"}")).isEqualTo(1.0);
        assertThat(value(text, "kafka_chatops_operations{kind=\"upgrade\",state=\"running\"}")).isEqualTo(0.0);
        assertThat(value(text, "kafka_chatops_step_duration_seconds_count{kind=\"rebalance\",step=\"batch\"}"))
                .isGreaterThan(0);
        assertThat(value(text, "kafka_chatops_step_duration_seconds_sum{kind=\"rebalance\",step=\"batch\"}"))
                .isGreaterThan(0);
        assertThat(value(text, "kafka_chatops_planner_duration_seconds_count{kind=\"rebalance\"}")).isEqualTo(1.0);
        assertThat(value(text, "kafka_chatops_reassignment_bytes_total{kind=\"rebalance\"}")).isGreaterThan(0);
        assertThat(value(text, "kafka_chatops_slack_calls_total{method=\"chat.postMessage\",outcome=\"ok\"}"))
                .isGreaterThan(0);
        assertThat(value(text, "kafka_chatops_slack_calls_total{method=\"chat.update\",outcome=\"ok\"}"))
                .isGreaterThan(0);
        assertThat(value(text, "kafka_chatops_slack_calls_total{method=\"chat.update\",outcome=\"rate_limited\"}"))
                .isEqualTo(2.0);
        assertThat(value(text, "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}")).isGreaterThan(0);
        assertThat(text).contains("jvm_gc_").contains("jvm_threads_live_threads").contains("process_uptime_seconds")
                .contains("system_cpu_count");

        chat.stopBot();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readString(dir.resolve("bot-1.log")).lines().filter(l -> !l.isBlank()).toList()) {
            JsonNode n = JSON.readTree(line); // each line one JSON object, or this throws
            assertThat(n.isObject()).as(line).isTrue();
            assertThat(n.fieldNames()).toIterable().contains("time", "level", "logger", "message", "operation",
                    "cluster");
            lines.add(n);
        }
        List<JsonNode> run = lines.stream().filter(n -> n.path("operation").asText().equals(id)).toList();
        System.out.println("log lines " + lines.size() + ", of the run " + id + ": " + run.size());
        run.forEach(System.out::println);
        assertThat(run).anyMatch(n -> n.path("message").asText().equals("operation " + id + " fired"));
        List<JsonNode> inRun = run.stream().filter(n -> n.path("cluster").asText().equals("test")).toList();
        assertThat(inRun).anyMatch(n -> n.path("message").asText().startsWith(id + " starts: rebalance on cluster test"))
                .anyMatch(n -> n.path("message").asText().startsWith(id + " ended DONE after "));
        assertThat(String.join("\n", lines.stream().map(JsonNode::toString).toList()))
                .doesNotContain(chat.sim.botToken()).doesNotContain(chat.sim.appToken());
    }

    /** The value of the sample {@code name} (name and labels exactly as Prometheus prints them). */
    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        assertThat(m.find()).as(name + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String jar() {
        Path jar = Path.of("target/kafka-chatops.jar").toAbsolutePath();
        assertThat(jar).exists();
        return jar.toString();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
