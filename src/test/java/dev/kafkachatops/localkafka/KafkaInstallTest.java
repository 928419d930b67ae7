package dev.kafkachatops.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The install layout, config files, binding choice and leftover cleanup, without running Kafka. */
class KafkaInstallTest {

  @TempDir
  Path tmp;

  private Path fakeDistribution(String version, String... jars) throws IOException {
    Path dist = tmp.resolve("dists").resolve("kafka_2.13-" + version);
    Files.createDirectories(dist.resolve("libs"));
    Files.createDirectories(dist.resolve("config"));
    for (String jar : jars) {
      Files.writeString(dist.resolve("libs").resolve(jar), jar);
    }
    Files.writeString(dist.resolve("config/log4j.properties"), "log4j.rootLogger=INFO\n");
    Files.writeString(dist.resolve("VERSION"), version + "\n");
    return dist;
  }

  @Test
  void installs_versions_side_by_side_and_relinks_atomically_with_a_relative_link() throws IOException {
    Path d391 = fakeDistribution("3.9.1", "kafka_2.13-3.9.1.jar", "reload4j-1.2.25.jar");
    Path d411 = fakeDistribution("4.1.1", "kafka_2.13-4.1.1.jar", "log4j-core-2.24.3.jar");
    Files.writeString(d411.resolve("config/log4j2.xml"), "<Configuration/>");
    Path usrLocal = tmp.resolve("host/usr/local");

    Path v391 = KafkaInstall.install(d391, usrLocal);
    KafkaInstall.install(d411, usrLocal);
    Path link = KafkaInstall.link(usrLocal, "3.9.1");

    assertThat(v391).isEqualTo(usrLocal.resolve("kafka_2.13-3.9.1"));
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("kafka_2.13-3.9.1"));
    Path jar = v391.resolve("libs/kafka_2.13-3.9.1.jar");
    assertThat(Files.isSymbolicLink(jar)).isTrue();
    assertThat(Files.readSymbolicLink(jar)).isEqualTo(d391.resolve("libs/kafka_2.13-3.9.1.jar").toAbsolutePath());
    assertThat(Files.isSymbolicLink(v391.resolve("config/log4j.properties"))).isFalse();
    assertThat(KafkaInstall.linkedVersion(link)).contains("3.9.1");
    assertThat(KafkaInstall.installedVersions(usrLocal)).containsExactly("3.9.1", "4.1.1");
    assertThat(KafkaInstall.loggingJvmOption(link)).get().asString()
        .startsWith("-Dlog4j.configuration=file:").endsWith("/usr/local/kafka/config/log4j.properties");

    // A node's config edited in place survives a second install call.
    Files.writeString(link.resolve("config/server.properties"), "node.id=1\n");
    KafkaInstall.install(d391, usrLocal);
    assertThat(v391.resolve("config/server.properties")).hasContent("node.id=1");

    KafkaInstall.link(usrLocal, "4.1.1");
    assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("kafka_2.13-4.1.1"));
    assertThat(KafkaInstall.loggingJvmOption(link)).get().asString()
        .isEqualTo("-Dlog4j2.configurationFile=" + link.resolve("config/log4j2.xml"));
    try (var files = Files.list(usrLocal)) { // no temporary links or folders left
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("kafka", "kafka_2.13-3.9.1", "kafka_2.13-4.1.1");
    }
    assertThatThrownBy(() -> KafkaInstall.link(usrLocal, "3.8.0")).isInstanceOf(IOException.class)
        .hasMessageContaining("not installed");
  }

  @Test
  void server_properties_round_trip_in_order() throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093");
    p.put("log.dirs", "/tmp/with space/data");
    p.put("weird key", "back\\slash");
    Path file = tmp.resolve("server.properties");
    ServerProperties.write(file, p, "header line");
    assertThat(Files.readAllLines(file)).startsWith("# header line", "process.roles=broker,controller");
    assertThat(ServerProperties.read(file)).isEqualTo(new HashMap<>(p));
  }

  @Test
  void picks_the_slf4j_binding_that_matches_the_logging_backend() {
    assertThat(additions("org.slf4j:slf4j-api:1.7.36", "org.apache.logging.log4j:log4j-core:2.24.3"))
        .containsExactly("org.apache.logging.log4j:log4j-slf4j-impl:2.24.3");
    assertThat(additions("org.slf4j:slf4j-api:2.0.17", "org.apache.logging.log4j:log4j-core:2.25.1"))
        .containsExactly("org.apache.logging.log4j:log4j-slf4j2-impl:2.25.1");
    assertThat(additions("org.slf4j:slf4j-api:1.7.36", "ch.qos.reload4j:reload4j:1.2.25"))
        .containsExactly("org.slf4j:slf4j-reload4j:1.7.36");
    assertThat(additions("org.slf4j:slf4j-api:1.7.30", "log4j:log4j:1.2.17"))
        .containsExactly("org.slf4j:slf4j-log4j12:1.7.30");
    assertThat(additions("org.slf4j:slf4j-api:1.7.36"))
        .containsExactly("ch.qos.reload4j:reload4j:1.2.25", "org.slf4j:slf4j-reload4j:1.7.36");
    assertThat(additions("org.slf4j:slf4j-api:1.7.36", "ch.qos.reload4j:reload4j:1.2.25",
        "org.slf4j:slf4j-reload4j:1.7.36")).isEmpty();
  }

  private static List<String> additions(String... coordinates) {
    Map<String, Artifact> resolved = new LinkedHashMap<>();
    for (String c : coordinates) {
      Artifact a = new DefaultArtifact(c);
      resolved.put(a.getGroupId() + ":" + a.getArtifactId(), a);
    }
    return KafkaArtifactResolver.loggingAdditions(resolved).stream()
        .map(a -> a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion()).toList();
  }

  @Test
  void kill_leftovers_spares_processes_that_are_not_kafka_brokers() throws Exception {
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      Path node = Files.createDirectories(tmp.resolve("base/node-1"));
      Files.writeString(node.resolve("kafka.pid"), sleeper.pid() + "\n");
      Files.writeString(Files.createDirectories(tmp.resolve("base/node-2")).resolve("kafka.pid"), "999999999\n");
      assertThat(LocalKafkaCluster.killLeftovers(tmp.resolve("base"))).isZero();
      assertThat(sleeper.isAlive()).isTrue();
      assertThat(node.resolve("kafka.pid")).doesNotExist();
      assertThat(LocalKafkaCluster.killLeftovers(tmp.resolve("missing"))).isZero();
    } finally {
      sleeper.destroyForcibly();
      LocalKafkaNode.awaitExit(sleeper, Duration.ofSeconds(5));
    }
  }
}
