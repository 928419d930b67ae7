package dev.kafkachatops.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kafkachatops.localkafka.LocalKafkaCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the packaged jar's {@code sandbox} as a user would, drives it only through {@code /api/sim/...}, then
 * stops it with SIGINT (Ctrl-C) and checks that no broker process is left.
 */
class SandboxJarIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private Process sandbox;
    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        if (sandbox != null && sandbox.isAlive()) sandbox.destroyForcibly().waitFor();
        LocalKafkaCluster.killLeftovers(dir.resolve("nodes"));
    }

    @Test
    void sandboxAnswersThroughTheSimApiAndCtrlCLeavesNothingBehind() throws Exception {
        Path jar = Path.of("target/kafka-chatops.jar").toAbsolutePath();
        assertThat(jar).exists();
        Path out = dir.resolve("sandbox.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // perl (essential on Debian) resets SIGINT to its default first: a test run from a background job of a
        // non-interactive shell would otherwise hand the sandbox an ignored SIGINT, which no JVM can handle
        sandbox = new ProcessBuilder("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\"", java,
                "-Xmx256m", "-jar", jar.toString(), "sandbox", "--port", "0", "--dir", dir.resolve("nodes").toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        long started = System.nanoTime();
        String page = awaitLine(out, Pattern.compile("Slack channel page:\\s+(http://\\S+)"), Duration.ofMinutes(3));
        long readyMs = (System.nanoTime() - started) / 1_000_000;
        String bootstrap = awaitLine(out, Pattern.compile("Bootstrap servers:\\s+(\\S+)"), Duration.ofSeconds(5));
        assertThat(bootstrap.split(",")).hasSize(4);
        assertThat(read(out)).contains("Created topic orders: 12 partitions")
                .contains("Created 30 small topics (1-3 partitions, 20 KB-3 MB per partition, ");
        System.out.println("sandbox ready after " + readyMs + " ms at " + page);
        String metricsUrl = awaitLine(out, Pattern.compile("(?m)^Metrics: (http://\\S+/metrics) "), Duration.ofSeconds(5));
        String ops = metricsUrl.substring(0, metricsUrl.length() - "/metrics".length());
        assertThat(read(out)).contains("Metrics: " + ops + "/metrics  health: " + ops + "/healthz  ready: " + ops
                + "/readyz");
        assertThat(get(ops + "/healthz").statusCode()).isEqualTo(200);
        assertThat(get(ops + "/readyz").body()).isEqualTo("ready\n");

        assertThat(get(page).body()).contains("<html");
        JsonNode ack = post(page + "api/sim/command", "{\"user\":\"alice\",\"channel\":\"general\",\"text\":\"status\"}");
        assertThat(ack.path("ok").asBoolean()).isTrue();
        JsonNode status = awaitMessage(page, m -> !m.path("ephemeral").asBoolean()
                && m.path("text").asText().startsWith("Cluster sandbox: healthy; 4/4 brokers alive, 31 topics, 77 partitions"));
        assertThat(status.path("blocks").toString()).contains("KRaft").contains("3.9-IV0");

        post(page + "api/sim/command", "{\"user\":\"alice\",\"channel\":\"general\",\"text\":\"upgrade three\"}");
        awaitMessage(page, m -> m.path("ephemeral").asBoolean()
                && m.path("text").asText().contains("`three` is not a Kafka version"));

        upgradeFromTheSandboxMirror(page);

        String metrics = get(ops + "/metrics").body();
        assertThat(metrics).contains("kafka_chatops_operations{kind=\"upgrade\",state=\"done\"} 1.0")
                .contains("kafka_chatops_gate_duration_seconds_count{gate=\"health_gate\",kind=\"upgrade\"} ")
                .contains("kafka_chatops_step_duration_seconds_count{kind=\"upgrade\",step=\"install\"} ");
        System.out.println("sandbox /metrics after the upgrade (kafka_chatops_ step and gate counts):");
        metrics.lines().filter(l -> l.startsWith("kafka_chatops_") && l.contains("_count{")).forEach(System.out::println);

        List<Long> brokerPids = brokerPids(dir.resolve("nodes"));
        assertThat(brokerPids).hasSize(4).allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));

        new ProcessBuilder("kill", "-INT", String.valueOf(sandbox.pid())).start().waitFor();
        boolean exited = sandbox.waitFor(90, TimeUnit.SECONDS);
        String log = Files.readString(out);
        System.out.println(log.lines().filter(l -> l.startsWith("Stopped in")).findFirst().orElse("not stopped"));
        assertThat(exited).as("sandbox exits on Ctrl-C; its output:\n" + log).isTrue();
        assertThat(log).contains("Stopping the sandbox").contains("Stopped in");
        for (long pid : brokerPids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("broker pid " + pid)
                    .isFalse();
        }
    }

    /**
     * The sandbox promise, as a user types it: {@code /kafka upgrade 4.1} (the latest 4.1.x, not installed
     * beside: the plan installs it from the sandbox's release mirror), approved by bob, started at once with the
     * break-glass {@code run <id> now} and its confirmation button, rolled node by node to done; status then shows
     * the new version on every node.
     */
    private void upgradeFromTheSandboxMirror(String page) throws Exception {
        post(page + "api/sim/command", "{\"user\":\"alice\",\"channel\":\"general\",\"text\":\"upgrade 4.1\"}");
        JsonNode plan = awaitMessage(page, m -> !m.path("ephemeral").asBoolean()
                && m.path("text").asText().matches("Plan U\\d+: upgrade 4\\.1\\.\\d+ — awaiting approval"),
                Duration.ofSeconds(60));
        String text = plan.path("text").asText();
        String id = text.substring("Plan ".length(), text.indexOf(':'));
        String target = text.substring(text.indexOf("upgrade ") + "upgrade ".length(), text.indexOf(" —"));
        String ts = plan.path("ts").asText();
        assertThat(plan.path("blocks").toString()).contains("Installs from the mirror");

        post(page + "api/sim/reaction", "{\"user\":\"bob\",\"channel\":\"general\",\"ts\":\"" + ts
                + "\",\"name\":\"white_check_mark\"}");
        JsonNode approved = awaitMessage(page, m -> m.path("ts").asText().equals(ts)
                && m.path("text").asText().matches(".*— (approved|running|done)"), Duration.ofSeconds(30));
        long t0 = System.nanoTime();
        if (approved.path("text").asText().endsWith("— approved")) runNow(page, id, ts); // window closed: break-glass
        // started inside the window, it pauses at the window's end (a safe point): then bob continues it at once
        JsonNode done = null;
        for (int round = 0; round < 4 && done == null; round++) {
            JsonNode m = awaitMessage(page, x -> x.path("ts").asText().equals(ts)
                    && x.path("text").asText().matches(".*— (done|failed|cancelled|paused|halted)"), Duration.ofMinutes(5));
            if (m.path("text").asText().endsWith("— paused")) runNow(page, id, ts);
            else done = m;
        }
        assertThat(done).isNotNull();
        assertThat(done.path("text").asText()).as(done.toString()).endsWith("— done");
        System.out.println("sandbox upgrade to " + target + " from the mirror: done " + (System.nanoTime() - t0)
                / 1_000_000 + " ms after the approval");

        post(page + "api/sim/command", "{\"user\":\"alice\",\"channel\":\"general\",\"text\":\"status\"}");
        awaitMessage(page, m -> !m.path("ephemeral").asBoolean() && m.path("blocks").toString()
                .contains("*" + target + "* on nodes 1, 2, 3, 4"), Duration.ofSeconds(30));
    }

    /** bob's break-glass {@code run <id> now} and its confirmation button; returns once the run has started. */
    private void runNow(String page, String id, String planTs) throws Exception {
        Predicate<JsonNode> confirm = m -> m.path("ephemeral").asBoolean()
                && m.path("text").asText().equals("Start " + id + " now?");
        int before = count(page, confirm);
        post(page + "api/sim/command", "{\"user\":\"bob\",\"channel\":\"general\",\"text\":\"run " + id + " now\"}");
        Await.until("the confirmation of run " + id + " now", Duration.ofSeconds(30),
                () -> count(page, confirm) > before);
        JsonNode newest = null;
        for (JsonNode m : JSON.readTree(get(page + "api/sim/messages?channel=general").body()).path("messages")) {
            if (confirm.test(m)) newest = m;
        }
        assertThat(newest).as("the confirmation of run " + id + " now").isNotNull();
        post(page + "api/sim/action", "{\"user\":\"bob\",\"channel\":\"general\",\"ts\":\""
                + newest.path("ts").asText() + "\",\"action_id\":\"reassign_run\",\"value\":\"" + id + "\"}");
        awaitMessage(page, m -> m.path("ts").asText().equals(planTs)
                && m.path("text").asText().matches(".*— (running|done|failed|halted|cancelled)"), Duration.ofSeconds(30));
    }

    private int count(String page, Predicate<JsonNode> match) throws Exception {
        int n = 0;
        for (JsonNode m : JSON.readTree(get(page + "api/sim/messages?channel=general").body()).path("messages")) {
            if (match.test(m)) n++;
        }
        return n;
    }

    private static List<Long> brokerPids(Path base) throws Exception {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> s = Files.walk(base)) {
            for (Path p : s.filter(x -> x.getFileName().toString().equals("kafka.pid")).toList()) {
                pids.add(Long.parseLong(Files.readString(p).trim()));
            }
        }
        return pids;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode post(String url, String json) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private JsonNode awaitMessage(String page, Predicate<JsonNode> match) {
        return awaitMessage(page, match, Duration.ofSeconds(30));
    }

    private JsonNode awaitMessage(String page, Predicate<JsonNode> match, Duration timeout) {
        JsonNode[] last = {null};
        return Await.value("a matching message", timeout, () -> {
            last[0] = JSON.readTree(get(page + "api/sim/messages?channel=general").body());
            for (JsonNode m : last[0].path("messages")) if (match.test(m)) return Optional.of(m);
            return Optional.empty();
        }, () -> "; last: " + last[0]);
    }

    private String awaitLine(Path out, Pattern p, Duration timeout) {
        return Await.value("a line matching " + p, timeout, () -> {
            String text = Files.exists(out) ? Files.readString(out) : "";
            Matcher m = p.matcher(text);
            if (m.find()) return Optional.of(m.group(1));
            if (!sandbox.isAlive()) throw new AssertionError("sandbox exited " + sandbox.exitValue() + ":\n" + text);
            return Optional.empty();
        }, () -> " in:\n" + read(out));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
