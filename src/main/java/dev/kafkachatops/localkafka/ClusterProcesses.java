package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of a laid-out local cluster: starts ZooKeeper (in ZooKeeper mode) and the brokers behind a JVM
 * shutdown hook that kills them, waits until every broker is registered, and stops everything on close.
 */
final class ClusterProcesses {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaCluster.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);
  private static final String ZK_HEAP = "128m";

  private final ClusterSettings config;
  private final ClusterLayout layout;
  private final BrokerReadiness readiness;
  private final AtomicBoolean closed = new AtomicBoolean();
  private Thread shutdownHook;

  ClusterProcesses(ClusterSettings config, ClusterLayout layout) {
    this.config = config;
    this.layout = layout;
    this.readiness = new BrokerReadiness(layout);
  }

  /** Registers the shutdown hook, starts ZooKeeper and the nodes, and waits until every broker is registered. */
  void start() throws IOException, InterruptedException {
    shutdownHook = new Thread(this::killAllNow, "local-kafka-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    LocalZooKeeper zookeeper = layout.zookeeper();
    if (zookeeper != null) {
      zookeeper.start(layout.dist(), ZK_HEAP, config.startTimeout);
    }
    for (LocalKafkaNode node : layout.nodes()) {
      node.start();
    }
    readiness.awaitBrokers(layout.nodes().stream().map(LocalKafkaNode::id).filter(layout::isBroker).toList(),
        config.startTimeout);
    if (zookeeper != null) {
      layout.readGeneratedClusterId();
    }
  }

  BrokerReadiness readiness() {
    return readiness;
  }

  /** See {@link LocalKafkaCluster#close()}. */
  void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long t0 = System.nanoTime();
    layout.nodes().forEach(LocalKafkaNode::signalStop);
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    for (LocalKafkaNode node : layout.nodes()) {
      node.stop(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
    if (layout.zookeeper() != null) {
      layout.zookeeper().stop(Duration.ofSeconds(10));
    }
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down
      }
    }
    LOG.info("Kafka cluster at {} closed in {} ms", config.baseDir, LocalKafkaCluster.ms(System.nanoTime() - t0));
    if (config.deleteOnClose) {
      try {
        KafkaDistributions.deleteTree(config.baseDir);
      } catch (IOException e) {
        LOG.warn("Could not delete {}", config.baseDir, e);
      }
    }
  }

  private void killAllNow() {
    LocalZooKeeper zookeeper = layout.zookeeper();
    layout.nodes().forEach(LocalKafkaNode::signalStop);
    if (zookeeper != null) {
      zookeeper.signalStop();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    for (LocalKafkaNode node : layout.nodes()) {
      node.stop(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
    if (zookeeper != null) {
      zookeeper.stop(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
  }
}
