package dev.kafkachatops.localkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Real broker processes from Maven-resolved distributions (cached in
 * {@link KafkaDistributions#defaultCacheRoot()}), one cluster at a time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalKafkaClusterTest {

  private static final KafkaDistributions DISTS = new KafkaDistributions();

  // Not @TempDir: JUnit warns about every symbolic link (a few hundred per cluster) it deletes.
  private Path baseDir;

  @BeforeEach
  void createBaseDir() throws IOException {
    baseDir = Files.createTempDirectory("local-kafka-test");
  }

  @AfterEach
  void deleteBaseDir() throws IOException {
    LocalKafkaCluster.killLeftovers(baseDir); // a safety net: each test closes its cluster itself
    KafkaDistributions.deleteTree(baseDir);
  }

  @Test
  @Order(1)
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void three_nodes_on_3_9_1_serve_restart_a_node_and_close_without_leftovers() throws Exception {
    DISTS.ensure("3.9.1");
    DISTS.ensure("4.1.1");
    List<Long> pids = new ArrayList<>();
    LocalKafkaCluster cluster = LocalKafkaCluster.builder()
        .baseDir(baseDir).version("3.9.1").nodes(3).heap("256m").distributions(DISTS)
        .extraInstall("4.1.1").rack(id -> id == 3 ? "b" : "a")
        .build();
    try {
      long t0 = System.nanoTime();
      cluster.start();
      long readyMs = (System.nanoTime() - t0) / 1_000_000;
      cluster.nodes().forEach(n -> pids.add(n.pid()));
      System.out.printf("TIMING 3.9.1 x3 start() to ready: %d ms; RSS MB: %s%n", readyMs, rss(cluster));

      try (Admin admin = Admin.create(cluster.clientProperties(Map.of()))) {
        var nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        assertThat(nodes).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(nodes).extracting(Node::rack).containsExactlyInAnyOrder("a", "a", "b");
        admin.createTopics(List.of(new NewTopic("orders", 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
      }
      assertThat(roundTrip(cluster, "orders", "hello")).isEqualTo("hello");

      assertLayout(cluster);

      LocalKafkaNode two = cluster.node(2);
      long oldPid = two.pid();
      long t1 = System.nanoTime();
      two.stop(Duration.ofSeconds(20));
      long stopMs = (System.nanoTime() - t1) / 1_000_000;
      assertThat(two.isRunning()).isFalse();
      assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(two.pidFile()).doesNotExist();
      awaitRegistered(cluster, Set.of(1, 3));

      long t2 = System.nanoTime();
      two.start();
      cluster.awaitBrokers(List.of(1, 2, 3), Duration.ofSeconds(90));
      long restartMs = (System.nanoTime() - t2) / 1_000_000;
      pids.add(two.pid());
      assertThat(two.pid()).isNotEqualTo(oldPid);
      assertThat(two.pidFile()).content().isEqualToIgnoringNewLines(Long.toString(two.pid()));
      assertThat(roundTrip(cluster, "orders", "again")).isEqualTo("again");
      System.out.printf("TIMING 3.9.1 node 2 SIGTERM stop: %d ms, restart to registered: %d ms%n", stopMs, restartMs);
    } finally {
      long t3 = System.nanoTime();
      cluster.close();
      System.out.printf("TIMING 3.9.1 x3 close(): %d ms%n", (System.nanoTime() - t3) / 1_000_000);
    }
    cluster.close(); // idempotent
    assertThat(pids).hasSize(4).allSatisfy(pid ->
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse());
    assertThat(cluster.nodes()).allSatisfy(n -> {
      assertThat(n.isRunning()).isFalse();
      assertThat(n.pidFile()).doesNotExist();
    });
    assertThat(baseDir.resolve("node-1/data/meta.properties")).exists(); // nothing deleted by default
  }

  @Test
  @Order(2)
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void three_nodes_on_4_1_1_start_and_serve_and_leftovers_can_be_killed_from_pid_files() throws Exception {
    DISTS.ensure("4.1.1");
    Path base = baseDir.resolve("cluster-4");
    LocalKafkaCluster cluster = LocalKafkaCluster.builder()
        .baseDir(base).version("4.1.1").nodes(3).distributions(DISTS).deleteOnClose(true)
        .build();
    List<Long> pids = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      cluster.start();
      System.out.printf("TIMING 4.1.1 x3 start() to ready: %d ms; RSS MB: %s%n",
          (System.nanoTime() - t0) / 1_000_000, rss(cluster));
      cluster.nodes().forEach(n -> pids.add(n.pid()));
      assertThat(cluster.nodes()).allSatisfy(n -> assertThat(n.linkedVersion()).isEqualTo("4.1.1"));
      assertThat(cluster.node(1).installDir("4.1.1").resolve("config/log4j2.xml")).exists();
      assertThat(Files.readString(cluster.node(1).logFile())).contains("Kafka version: 4.1.1");
      try (Admin admin = Admin.create(cluster.clientProperties(Map.of()))) {
        admin.createTopics(List.of(new NewTopic("events", 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
      }
      assertThat(roundTrip(cluster, "events", "four")).isEqualTo("four");

      // As after a crashed parent: only the pid files are left to find the brokers.
      assertThat(LocalKafkaCluster.killLeftovers(base)).isEqualTo(3);
      assertThat(pids).allSatisfy(pid ->
          assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    } finally {
      cluster.close();
    }
    assertThat(base).doesNotExist(); // deleteOnClose(true)
  }

  @Test
  @Order(3)
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void a_broker_that_dies_while_starting_fails_start_fast_with_its_log_and_leaves_no_process() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int controllerPort = FreePorts.allocate(1).get(0);
      LocalKafkaCluster cluster = LocalKafkaCluster.builder()
          .baseDir(baseDir).version("3.9.1").nodes(1).distributions(DISTS)
          .brokerProperties(Map.of(
              "listeners", "PLAINTEXT://127.0.0.1:" + taken.getLocalPort() + ",CONTROLLER://127.0.0.1:" + controllerPort,
              "advertised.listeners", "PLAINTEXT://127.0.0.1:" + taken.getLocalPort(),
              "controller.quorum.voters", "1@127.0.0.1:" + controllerPort))
          .build();
      long t0 = System.nanoTime();
      assertThatThrownBy(cluster::start)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("Kafka node 1 exited with code 1")
          .hasMessageContaining("--- last ERROR lines of " + cluster.node(1).logFile())
          .hasMessageContaining("Exiting Kafka due to fatal exception during startup");
      System.out.printf("TIMING failed start detected in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertThat(cluster.node(1).isRunning()).isFalse();
      assertThat(ProcessHandle.of(cluster.node(1).pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }

  @Test
  @Order(4)
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void a_config_the_storage_tool_rejects_fails_start_with_the_tool_output() throws Exception {
    LocalKafkaCluster cluster = LocalKafkaCluster.builder()
        .baseDir(baseDir).version("3.9.1").nodes(1).distributions(DISTS)
        .brokerProperties(Map.of("num.io.threads", "many"))
        .build();
    assertThatThrownBy(cluster::start)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Formatting the storage of node 1 failed")
        .hasMessageContaining("num.io.threads");
    assertThat(cluster.node(1).pid()).isEqualTo(-1);
  }

  @Test
  @Order(5)
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void zookeeper_mode_on_2_8_2_serves_and_its_zookeeper_is_stopped_by_close_and_found_as_a_leftover() throws Exception {
    DISTS.ensure("2.8.2");
    DISTS.ensure("3.9.1");
    LocalKafkaCluster cluster = LocalKafkaCluster.builder()
        .baseDir(baseDir).zookeeper(true).version("2.8.2").nodes(3).distributions(DISTS).extraInstall("3.9.1")
        .build();
    List<Long> pids = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      cluster.start();
      System.out.printf("TIMING 2.8.2 ZooKeeper + 3 brokers start() to ready: %d ms; RSS MB: %s%n",
          (System.nanoTime() - t0) / 1_000_000, rss(cluster));
      LocalZooKeeper zk = cluster.zookeeper().orElseThrow();
      assertThat(zk.isRunning()).isTrue();
      assertThat(zk.root()).isEqualTo(baseDir.resolve("zookeeper"));
      assertThat(zk.pidFile()).content().isEqualToIgnoringNewLines(Long.toString(zk.pid()));
      assertThat(Files.readString(zk.configFile())).contains("clientPort=" + zk.port(), "admin.enableServer=false",
          "dataDir=" + zk.dataDir());
      assertThat(zk.fourLetterWord("srvr")).contains("Zookeeper version: 3.5.9");
      pids.add(zk.pid());
      for (LocalKafkaNode n : cluster.nodes()) {
        pids.add(n.pid());
        assertThat(n.linkedVersion()).isEqualTo("2.8.2");
        assertThat(n.installDir("3.9.1").resolve("libs/kafka_2.13-3.9.1.jar")).exists();
        assertThat(n.controllerPort()).isEqualTo(-1);
        assertThat(ServerProperties.read(n.configFile()))
            .containsEntry("broker.id", Integer.toString(n.id()))
            .containsEntry("zookeeper.connect", "127.0.0.1:" + zk.port() + LocalKafkaCluster.ZK_CHROOT)
            .containsEntry("listeners", "PLAINTEXT://127.0.0.1:" + n.brokerPort())
            .containsEntry("log.dirs", n.dataDir().toString())
            .doesNotContainKeys("process.roles", "node.id", "controller.quorum.voters");
        assertThat(Files.readString(n.logFile())).contains("Kafka version: 2.8.2")
            .contains("[KafkaServer id=" + n.id() + "] started");
        assertThat(n.dataDir().resolve("meta.properties")).content().contains("cluster.id=" + cluster.clusterId());
      }
      assertThat(cluster.isController(1)).isFalse();
      try (Admin admin = Admin.create(cluster.clientProperties(Map.of()))) {
        assertThat(admin.describeCluster().controller().get(30, TimeUnit.SECONDS).id()).isBetween(1, 3);
        admin.createTopics(List.of(new NewTopic("orders", 3, (short) 3))).all().get(30, TimeUnit.SECONDS);
      }
      assertThat(roundTrip(cluster, "orders", "zk")).isEqualTo("zk");

      // As after a crashed parent: the pid files find the brokers and ZooKeeper.
      assertThat(LocalKafkaCluster.killLeftovers(baseDir)).isEqualTo(4);
      assertThat(pids).allSatisfy(pid ->
          assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid %d", pid).isFalse());
    } finally {
      cluster.close();
    }
    assertThat(cluster.zookeeper().orElseThrow().isRunning()).isFalse();
    assertThat(cluster.zookeeper().orElseThrow().pidFile()).doesNotExist();
  }

  @Test
  void zookeeper_mode_refuses_4_x_and_controllers() {
    assertThatThrownBy(() -> LocalKafkaCluster.builder().baseDir(baseDir).zookeeper(true).version("4.1.1").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("no ZooKeeper mode");
    assertThatThrownBy(() -> LocalKafkaCluster.builder().baseDir(baseDir).zookeeper(true).version("3.9.1")
        .controllers(1).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("controllers only apply to KRaft");
  }

  private static void assertLayout(LocalKafkaCluster cluster) throws Exception {
    Path cached = DISTS.pathOf("3.9.1");
    for (LocalKafkaNode n : cluster.nodes()) {
      Path usrLocal = n.hostRoot().resolve("usr/local");
      assertThat(n.hostRoot()).isEqualTo(cluster.baseDir().resolve("node-" + n.id()));
      assertThat(n.installLink()).isEqualTo(usrLocal.resolve("kafka"));
      assertThat(Files.isSymbolicLink(n.installLink())).isTrue();
      assertThat(Files.readSymbolicLink(n.installLink())).isEqualTo(Path.of("kafka_2.13-3.9.1"));
      assertThat(n.linkedVersion()).isEqualTo("3.9.1");
      assertThat(n.configFile()).isEqualTo(usrLocal.resolve("kafka/config/server.properties"));
      assertThat(n.configFile().toRealPath())
          .isEqualTo(usrLocal.resolve("kafka_2.13-3.9.1/config/server.properties").toRealPath());
      Path jar = usrLocal.resolve("kafka_2.13-3.9.1/libs/kafka_2.13-3.9.1.jar");
      assertThat(Files.isSymbolicLink(jar)).isTrue();
      assertThat(Files.readSymbolicLink(jar)).isEqualTo(cached.resolve("libs/kafka_2.13-3.9.1.jar"));
      assertThat(usrLocal.resolve("kafka_2.13-4.1.1/libs/kafka_2.13-4.1.1.jar")).exists();
      try (Stream<Path> entries = Files.list(usrLocal)) {
        assertThat(entries.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("kafka", "kafka_2.13-3.9.1", "kafka_2.13-4.1.1");
      }
      Map<String, String> props = ServerProperties.read(n.configFile());
      assertThat(props).containsEntry("node.id", Integer.toString(n.id()))
          .containsEntry("process.roles", "broker,controller")
          .containsEntry("listeners", "PLAINTEXT://127.0.0.1:" + n.brokerPort() + ",CONTROLLER://127.0.0.1:" + n.controllerPort())
          .containsEntry("offsets.topic.replication.factor", "3")
          .containsEntry("broker.rack", n.id() == 3 ? "b" : "a")
          .containsEntry("log.dirs", n.dataDir().toString());
      assertThat(props.get("controller.quorum.voters")).isEqualTo(cluster.nodes().stream()
          .map(x -> x.id() + "@127.0.0.1:" + x.controllerPort()).collect(Collectors.joining(",")));
      assertThat(n.dataDir()).isEqualTo(n.hostRoot().resolve("data"));
      assertThat(n.dataDir().resolve("meta.properties")).content().contains("cluster.id=" + cluster.clusterId());
      assertThat(n.logFile()).isEqualTo(n.hostRoot().resolve("logs/server.log"));
      assertThat(Files.readString(n.logFile())).contains("Kafka version: 3.9.1").contains("Kafka Server started");
      assertThat(n.pidFile()).content().isEqualToIgnoringNewLines(Long.toString(n.pid()));
      // The brokers log to their file only: their stdout holds nothing but our start banner.
      assertThat(Files.readAllLines(n.outFile())).allMatch(l -> l.startsWith("=== "));
    }
  }

  private static void awaitRegistered(LocalKafkaCluster cluster, Set<Integer> expected) throws Exception {
    try (Admin admin = Admin.create(cluster.clientProperties(Map.of()))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      Set<Integer> seen;
      do {
        seen = admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().map(Node::id)
            .collect(Collectors.toSet());
        if (seen.equals(expected)) {
          return;
        }
        Thread.sleep(200);
      } while (System.nanoTime() < deadline);
      assertThat(seen).isEqualTo(expected);
    }
  }

  private static String roundTrip(LocalKafkaCluster cluster, String topic, String value) throws Exception {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(cluster.clientProperties(Map.of(
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)))) {
      producer.send(new ProducerRecord<>(topic, value, value)).get(30, TimeUnit.SECONDS);
    }
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cluster.clientProperties(Map.of(
        ConsumerConfig.GROUP_ID_CONFIG, "test-" + value,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class)))) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value().equals(value)) {
            return r.value();
          }
        }
      }
    }
    return null;
  }

  private static String rss(LocalKafkaCluster cluster) {
    return cluster.nodes().stream()
        .map(n -> n.id() + "=" + (n.rssBytes().isPresent() ? n.rssBytes().getAsLong() / (1024 * 1024) : -1))
        .collect(Collectors.joining(", "));
  }
}
