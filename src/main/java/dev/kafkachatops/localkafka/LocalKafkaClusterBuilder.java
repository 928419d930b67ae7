package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Settings of a {@link LocalKafkaCluster}; {@link #baseDir} is required. */
public final class LocalKafkaClusterBuilder {
  private final ClusterSettings settings = new ClusterSettings();

  LocalKafkaClusterBuilder() {
  }

  public LocalKafkaClusterBuilder baseDir(Path baseDir) {
    settings.baseDir = baseDir.toAbsolutePath().normalize();
    return this;
  }

  public LocalKafkaClusterBuilder version(String version) {
    KafkaDistributions.requireValidVersion(version);
    settings.version = version;
    return this;
  }

  public LocalKafkaClusterBuilder nodes(int nodes) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes must be at least 1");
    }
    settings.nodes = nodes;
    return this;
  }

  /**
   * How many of the nodes (the first ones) are also KRaft controllers; the rest join as brokers only, like
   * a broker added to scale out. Default: all nodes.
   */
  public LocalKafkaClusterBuilder controllers(int controllers) {
    if (controllers < 1) {
      throw new IllegalArgumentException("controllers must be at least 1");
    }
    settings.controllers = controllers;
    return this;
  }

  /**
   * The {@link #controllers} nodes run as controllers only ({@code process.roles=controller}, no broker listener),
   * as production clusters do; the others are brokers only.
   */
  public LocalKafkaClusterBuilder dedicatedControllers(boolean dedicated) {
    settings.dedicatedControllers = dedicated;
    return this;
  }

  /** Broker heap, as for {@code -Xmx} (default {@code 256m}). */
  public LocalKafkaClusterBuilder heap(String heap) {
    if (!heap.matches("\\d+[kKmMgG]?")) {
      throw new IllegalArgumentException("Not a heap size: " + heap);
    }
    settings.heap = heap;
    return this;
  }

  public LocalKafkaClusterBuilder distributions(KafkaDistributions distributions) {
    settings.distributions = Objects.requireNonNull(distributions);
    return this;
  }

  /** Also installs these versions beside the linked one on every node, not linked. */
  public LocalKafkaClusterBuilder extraInstall(String... versions) {
    for (String v : versions) {
      KafkaDistributions.requireValidVersion(v);
      settings.extraInstalls.add(v);
    }
    return this;
  }

  /** {@code broker.rack} per node id; null means no rack for that node. */
  public LocalKafkaClusterBuilder rack(IntFunction<String> rack) {
    settings.rack = rack;
    return this;
  }

  /** Added to (and overriding) every node's generated {@code server.properties}. */
  public LocalKafkaClusterBuilder brokerProperties(Map<String, String> properties) {
    settings.brokerProperties.putAll(properties);
    return this;
  }

  /**
   * ZooKeeper mode (default false: KRaft): one ZooKeeper server from the cluster version's distribution, and
   * brokers registered in it instead of a KRaft quorum. Kafka 4.x has no ZooKeeper mode.
   */
  public LocalKafkaClusterBuilder zookeeper(boolean zookeeper) {
    settings.zookeeper = zookeeper;
    return this;
  }

  public LocalKafkaClusterBuilder deleteOnClose(boolean deleteOnClose) {
    settings.deleteOnClose = deleteOnClose;
    return this;
  }

  public LocalKafkaClusterBuilder startTimeout(Duration startTimeout) {
    settings.startTimeout = Objects.requireNonNull(startTimeout);
    return this;
  }

  /**
   * Remote JMX on every broker (default false): each node gets a free port on 127.0.0.1
   * ({@link LocalKafkaNode#jmxPort()}), without authentication or TLS, as {@code JMX_PORT} sets it up.
   */
  public LocalKafkaClusterBuilder jmx(boolean jmx) {
    settings.jmx = jmx;
    return this;
  }

  /** Replaces the default broker JVM options (heap, serial GC, C1 only, headless). */
  public LocalKafkaClusterBuilder jvmOptions(List<String> options) {
    settings.jvmOptions = List.copyOf(options);
    return this;
  }

  /** A cluster ready to {@link LocalKafkaCluster#start()}. */
  public LocalKafkaCluster build() {
    settings.validate();
    return new LocalKafkaCluster(settings);
  }

  /** {@link #build()} then {@link LocalKafkaCluster#start()}. */
  public LocalKafkaCluster start() throws IOException, InterruptedException {
    return build().start();
  }
}
