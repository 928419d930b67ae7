package dev.kafkachatops.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kafkachatops.adapter.metrics.BotMeters;
import dev.kafkachatops.config.BotConfig;
import dev.kafkachatops.config.ConfigLoader;
import dev.kafkachatops.domain.ops.OpKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of {@code docker/}: there is no container engine on these machines, so the image is not built here;
 * what can be checked without one is checked here (and {@code OpsEndpointsIT} runs the image's command line as a
 * plain process). Also {@link #image()} for that test: the Dockerfile's ENTRYPOINT, CMD and ENV.
 */
public class DockerfileTest {
    private static final Path DOCKER = Path.of("docker");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The Dockerfile's instructions, continuation lines joined, comments dropped. */
    static List<String> instructions() {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String raw : read(DOCKER.resolve("Dockerfile")).lines().toList()) {
            String line = raw.strip();
            if (cur.isEmpty() && (line.isEmpty() || line.startsWith("#"))) continue;
            if (line.endsWith("\\")) {
                cur.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            out.add(cur.append(line).toString().replaceAll("\\s+", " "));
            cur.setLength(0);
        }
        return out;
    }

    /** The image's command line and environment, as the Dockerfile gives them. */
    public record Image(List<String> entrypoint, List<String> cmd, Map<String, String> env, String jarPath,
                        String configPath) {
        /**
         * ENTRYPOINT + CMD with {@code java} the given binary (its heap capped for the test machine), the image's
         * jar and configuration paths replaced by {@code jar} and {@code config}.
         */
        public List<String> commandLine(String java, String jar, String config) {
            List<String> line = new ArrayList<>();
            for (String s : entrypoint) {
                if (s.equals("java")) {
                    line.add(java);
                    line.add("-Xmx256m");
                } else {
                    line.add(s.equals(jarPath) ? jar : s);
                }
            }
            cmd.forEach(s -> line.add(s.equals(configPath) ? config : s));
            return line;
        }
    }

    public static Image image() {
        List<String> entrypoint = null;
        List<String> cmd = null;
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> copies = new LinkedHashMap<>();
        for (String i : instructions()) {
            String[] parts = i.split(" ", 2);
            switch (parts[0]) {
                case "ENTRYPOINT" -> entrypoint = execForm(parts[1]);
                case "CMD" -> cmd = execForm(parts[1]);
                case "ENV" -> {
                    for (String kv : parts[1].split(" ")) env.put(kv.substring(0, kv.indexOf('=')),
                            kv.substring(kv.indexOf('=') + 1));
                }
                case "COPY" -> copies.put(parts[1].split(" ")[0], parts[1].split(" ")[1]);
                default -> { }
            }
        }
        assertThat(entrypoint).as("ENTRYPOINT in exec form").isNotNull();
        assertThat(cmd).as("CMD in exec form").isNotNull();
        assertThat(copies).containsKeys("target/kafka-chatops.jar", "docker/kafka-chatops.yaml");
        return new Image(entrypoint, cmd, env, copies.get("target/kafka-chatops.jar"),
                copies.get("docker/kafka-chatops.yaml"));
    }

    private static List<String> execForm(String json) {
        try {
            List<String> out = new ArrayList<>();
            JSON.readTree(json).forEach(n -> out.add(n.asText()));
            return out;
        } catch (IOException e) {
            throw new AssertionError("not an exec-form JSON array: " + json, e);
        }
    }

    @Test
    void runsAsANonRootUser() {
        List<String> users = instructions().stream().filter(i -> i.startsWith("USER ")).toList();
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).substring("USER ".length()).split(":")[0];
        assertThat(user).isNotIn("root", "0");
        assertThat(user).matches("\\d+"); // numeric, so Kubernetes' runAsNonRoot can verify it
        assertThat(Integer.parseInt(user)).isGreaterThanOrEqualTo(1000);
        // the user is created and owns the data folder
        assertThat(String.join("\n", instructions())).contains("useradd --system --uid " + user)
                .contains("chown -R kafka-chatops:kafka-chatops /var/lib/kafka-chatops");
    }

    @Test
    void healthCheckAsksHealthzOnTheBakedConfigsMetricsPort() throws Exception {
        BotConfig config = bakedConfig();
        int port = config.metrics().port().orElseThrow();
        assertThat(config.slack().mode()).isEqualTo(BotConfig.SlackMode.SOCKET);
        List<String> checks = instructions().stream().filter(i -> i.startsWith("HEALTHCHECK ")).toList();
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0)).contains(" CMD ").contains("http://127.0.0.1:" + port + "/healthz");
        assertThat(instructions()).contains("EXPOSE " + port);
        assertThat(String.join("\n", instructions())).contains("apt-get install -y --no-install-recommends curl");
    }

    @Test
    void entrypointRunsTheCopiedJarOnTheCopiedConfig() {
        Image image = image();
        assertThat(image.entrypoint()).containsSubsequence("java", "-jar", image.jarPath());
        assertThat(image.cmd()).containsExactly("run", "--config", image.configPath());
        assertThat(image.env()).containsEntry("KAFKA_CHATOPS_LOG_FORMAT", "json");
        assertThat(image.commandLine("/jdk/bin/java", "/b/k.jar", "/c.yaml")).containsSubsequence("/jdk/bin/java",
                "-Xmx256m", "-jar", "/b/k.jar", "run", "--config", "/c.yaml");
    }

    @Test
    void composeHasPostgresAndTwoBotInstancesOfTheImageOnIt() throws Exception {
        JsonNode compose = YAML.readTree(read(DOCKER.resolve("docker-compose.yml")));
        JsonNode services = compose.path("services");
        assertThat(services.path("postgres").path("image").asText()).startsWith("postgres:");
        assertThat(services.path("postgres").path("healthcheck").path("test").toString()).contains("pg_isready");
        List<String> bots = new ArrayList<>();
        Set<String> hostPorts = new TreeSet<>();
        services.fields().forEachRemaining(e -> {
            if (!e.getValue().path("build").path("dockerfile").asText().equals("docker/Dockerfile")) return;
            bots.add(e.getKey());
            JsonNode bot = e.getValue();
            assertThat(bot.path("depends_on").path("postgres").path("condition").asText())
                    .isEqualTo("service_healthy");
            assertThat(bot.path("environment").has("SLACK_BOT_TOKEN")).isTrue();
            assertThat(bot.path("environment").has("SLACK_APP_TOKEN")).isTrue();
            assertThat(bot.path("environment").has("KAFKA_CHATOPS_DB_PASSWORD")).isTrue();
            bot.path("ports").forEach(p -> hostPorts.add(p.asText().split(":")[0]));
        });
        assertThat(bots).hasSize(2);
        assertThat(hostPorts).hasSize(2);
        // both instances use the baked config: one PostgreSQL database, the compose file's, shared (Quartz cluster)
        BotConfig config = bakedConfig();
        JsonNode pg = services.path("postgres").path("environment");
        assertThat(config.storage().jdbcUrl()).isEqualTo("jdbc:postgresql://postgres:5432/"
                + pg.path("POSTGRES_DB").asText());
        assertThat(config.storage().user()).hasValue(pg.path("POSTGRES_USER").asText());
    }

    @Test
    void dashboardQueriesOnlyMetersTheBotExports() throws Exception {
        JsonNode dashboard = JSON.readTree(read(DOCKER.resolve("grafana-dashboard.json")));
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(n -> exprs.add(n.asText()));
        assertThat(exprs).hasSizeGreaterThanOrEqualTo(8);
        String scrape;
        try (BotMeters meters = new BotMeters()) {
            meters.step(OpKind.UPGRADE, "health_gate", true, Duration.ofSeconds(1));
            meters.reassigned(OpKind.REBALANCE, 10, 5);
            meters.planned(OpKind.REBALANCE, Duration.ofMillis(3));
            meters.slackCall("chat.postMessage", "ok");
            meters.adminError("c", "TimeoutException");
            scrape = meters.scrape();
        }
        Set<String> exported = new TreeSet<>();
        scrape.lines().filter(l -> !l.startsWith("#")).forEach(l -> exported.add(l.split("[{ ]")[0]));
        Pattern name = Pattern.compile("\\b((?:kafka_chatops|jvm|process|system)_[a-z_]+)");
        Set<String> used = new TreeSet<>();
        for (String e : exprs) {
            Matcher m = name.matcher(e);
            while (m.find()) used.add(m.group(1));
        }
        assertThat(used).hasSizeGreaterThanOrEqualTo(8);
        assertThat(exported).containsAll(used);
    }

    private static BotConfig bakedConfig() throws Exception {
        Path file = DOCKER.resolve("kafka-chatops.yaml");
        return new ConfigLoader(Map.of()).parse(file, read(file));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
