package dev.kafkachatops.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Resolves real distributions from Maven Central (through the user's ~/.m2) into a fresh cache. */
class KafkaDistributionsTest {

  @TempDir
  Path cacheRoot;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void resolves_3_9_1_once_even_with_concurrent_callers_then_serves_it_from_the_cache() throws Exception {
    KafkaDistributions first = new KafkaDistributions(cacheRoot);
    KafkaDistributions second = new KafkaDistributions(cacheRoot);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    long t0 = System.nanoTime();
    try {
      Future<Path> a = pool.submit(() -> first.ensure("3.9.1"));
      Future<Path> b = pool.submit(() -> second.ensure("3.9.1"));
      assertThat(a.get()).isEqualTo(b.get()).isEqualTo(cacheRoot.resolve("kafka_2.13-3.9.1"));
    } finally {
      pool.shutdownNow();
    }
    long resolveMs = (System.nanoTime() - t0) / 1_000_000;

    Path dist = cacheRoot.resolve("kafka_2.13-3.9.1");
    List<String> jars;
    try (Stream<Path> libs = Files.list(dist.resolve("libs"))) {
      jars = libs.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(jars).contains("kafka_2.13-3.9.1.jar", "kafka-clients-3.9.1.jar", "kafka-tools-3.9.1.jar",
        "kafka-metadata-3.9.1.jar", "reload4j-1.2.25.jar", "slf4j-api-1.7.36.jar", "slf4j-reload4j-1.7.36.jar");
    assertThat(jars).noneMatch(j -> j.startsWith("log4j-core") || j.startsWith("log4j-slf4j"));
    assertThat(Files.readString(dist.resolve("VERSION")).trim()).isEqualTo("3.9.1");
    assertThat(dist.resolve("config/log4j.properties")).content().contains("${kafka.logs.dir}/server.log")
        .doesNotContain("ConsoleAppender");
    try (Stream<Path> top = Files.list(cacheRoot)) { // no temp folders left behind
      assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("kafka_2.13-3.9.1", ".locks");
    }

    long t1 = System.nanoTime();
    assertThat(first.ensure("3.9.1")).isEqualTo(dist);
    long cachedMs = (System.nanoTime() - t1) / 1_000_000;
    assertThat(cachedMs).isLessThan(200);
    System.out.printf("TIMING resolve 3.9.1 into an empty cache (warm ~/.m2): %d ms, %d jars; cached: %d ms%n",
        resolveMs, jars.size(), cachedMs);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void kafka_4_gets_log4j2_with_the_binding_that_matches_its_slf4j_api() throws Exception {
    Path dist = new KafkaDistributions(cacheRoot).ensure("4.1.1");
    List<String> jars;
    try (Stream<Path> libs = Files.list(dist.resolve("libs"))) {
      jars = libs.map(p -> p.getFileName().toString()).toList();
    }
    // 4.1.1 brings log4j-core 2.24.3 and slf4j-api 1.7.36: the SLF4J 1 binding of log4j is the one that works.
    assertThat(jars).contains("kafka_2.13-4.1.1.jar", "log4j-core-2.24.3.jar", "log4j-slf4j-impl-2.24.3.jar",
        "slf4j-api-1.7.36.jar");
    assertThat(jars).noneMatch(j -> j.startsWith("reload4j") || j.startsWith("slf4j-reload4j"));
    assertThat(dist.resolve("config/log4j2.xml")).content().contains("${sys:kafka.logs.dir");
  }

  @Test
  void rejects_malformed_versions_before_any_lookup() {
    KafkaDistributions d = new KafkaDistributions(cacheRoot);
    for (String bad : new String[] {"3.9", "3.9.1-rc1", "v3.9.1", "", "3.9.1 ", "../3.9.1"}) {
      assertThat(KafkaDistributions.isValidVersion(bad)).as(bad).isFalse();
      assertThatThrownBy(() -> d.ensure(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(KafkaDistributions.isValidVersion(null)).isFalse();
    assertThat(KafkaDistributions.isValidVersion("10.0.12")).isTrue();
  }

  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void an_unknown_version_fails_with_a_clear_message_and_leaves_nothing() throws IOException {
    KafkaDistributions d = new KafkaDistributions(cacheRoot);
    assertThatThrownBy(() -> d.ensure("9.9.9"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("Kafka 9.9.9 is not on Maven Central: ")
        .hasMessageContaining("kafka_2.13");
    assertThat(d.isCached("9.9.9")).isFalse();
    try (Stream<Path> top = Files.list(cacheRoot)) {
      assertThat(top.map(p -> p.getFileName().toString())).containsOnly(".locks");
    }
  }

  @Test
  void folder_names_carry_the_version() {
    assertThat(KafkaDistributions.folderName("3.9.1")).isEqualTo("kafka_2.13-3.9.1");
    assertThat(KafkaDistributions.versionOfFolder("kafka_2.13-4.1.1")).contains("4.1.1");
    assertThat(KafkaDistributions.versionOfFolder("kafka_2.12-2.1.0")).isEmpty();
    assertThat(KafkaDistributions.defaultCacheRoot()).endsWithRaw(Path.of(".cache", "kafka-chatops", "dists"));
  }
}
