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

/**
 * A cluster of real Kafka broker processes, one simulated host per node: KRaft (the default) or, with
 * {@code zookeeper(true)}, brokers on one ZooKeeper server ({@link LocalZooKeeper}).
 *
 * <p>{@link #start()}:
 * <ol>
 *   <li>ensures the distributions ({@link KafkaDistributions}) of the version and the extra installs,
 *       and kills brokers an earlier, crashed run left under the base folder ({@link #killLeftovers});</li>
 *   <li>picks free ports, fixed for the cluster's life: 2 per node (broker, controller) in KRaft mode, 1 per
 *       node and 1 for ZooKeeper in ZooKeeper mode;</li>
 *   <li>per node: installs the version(s) under {@code usr/local} ({@link KafkaInstall}), links
 *       {@code kafka} to the version unless a link already exists (a later upgrade may have moved
 *       it), writes {@code server.properties} into the linked folder's {@code config/};</li>
 *   <li>KRaft: formats every node's storage with the linked version's own {@code kafka.tools.StorageTool}
 *       in child JVMs (in parallel; already formatted data is kept, the cluster id is stored
 *       in {@code <baseDir>/cluster.id}). ZooKeeper: no format step; starts ZooKeeper from the cluster
 *       version's distribution under {@code <baseDir>/zookeeper} (the brokers then generate the cluster
 *       id in ZooKeeper under the chroot {@value #ZK_CHROOT});</li>
 *   <li>registers a shutdown hook that kills the nodes, starts them, and waits until
 *       {@code describeCluster} lists every node. On failure it kills everything and throws
 *       with the tail of the failing node's logs.</li>
 * </ol>
 * KRaft: every node is combined ({@code broker,controller}) with node ids 1..N and a static quorum (or the
 * first {@code controllers} are). ZooKeeper: brokers with {@code broker.id} 1..N (versions before 4.0).
 * {@link #close()} stops all nodes at once with SIGTERM (then ZooKeeper), SIGKILLs what is left after 15 s and
 * deletes files only when built with {@code deleteOnClose(true)}. The files are laid out by {@link ClusterLayout},
 * the processes run by {@link ClusterProcesses}.
 */
public final class LocalKafkaCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaCluster.class);
  /** The chroot of a ZooKeeper-mode cluster in {@code zookeeper.connect}. */
  public static final String ZK_CHROOT = "/kafka";

  private final ClusterSettings config;
  private final ClusterLayout layout;
  private final ClusterProcesses processes;

  LocalKafkaCluster(ClusterSettings config) {
    this.config = config;
    this.layout = new ClusterLayout(config);
    this.processes = new ClusterProcesses(config, layout);
  }

  /** The broker JVM options unless {@link LocalKafkaClusterBuilder#jvmOptions} replaces them: small heap, serial GC, C1. */
  public static List<String> defaultJvmOptions(String heap) {
    return List.of("-Xmx" + heap, "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");
  }

  public static LocalKafkaClusterBuilder builder() {
    return new LocalKafkaClusterBuilder();
  }

  /** Installs, formats and starts all nodes; returns when every broker is registered. */
  public LocalKafkaCluster start() throws IOException, InterruptedException {
    if (!layout.nodes().isEmpty()) {
      throw new IllegalStateException("Cluster already started");
    }
    long t0 = System.nanoTime();
    layout.prepare();
    long tLayout = System.nanoTime();
    try {
      layout.layOut();
      long tFormat = System.nanoTime();
      processes.start();
      boolean kraft = layout.zookeeper() == null;
      LOG.info("Kafka {} cluster ({}) of {} nodes ready at {} in {} ms (resolve {} ms, install and {} {} ms, start {} ms)",
          config.version, kraft ? "KRaft" : "ZooKeeper", layout.nodes().size(), bootstrapServers(),
          ms(System.nanoTime() - t0), ms(tLayout - t0), kraft ? "format" : "layout",
          ms(tFormat - tLayout), ms(System.nanoTime() - tFormat));
      return this;
    } catch (IOException | RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
  }

  /**
   * The {@code server.properties} of a node, loopback listeners: KRaft, combined (or broker-only) with a static
   * quorum; ZooKeeper mode, {@code broker.id} and {@code zookeeper.connect} with the chroot {@value #ZK_CHROOT}.
   */
  public Map<String, String> serverProperties(LocalKafkaNode node) {
    return layout.serverProperties(node);
  }

  /** KRaft: nodes 1..controllers run broker and controller (combined), the others are brokers only; ZooKeeper: none. */
  public boolean isController(int nodeId) {
    return layout.isController(nodeId);
  }

  /** Every node but a dedicated controller ({@link LocalKafkaClusterBuilder#dedicatedControllers}). */
  public boolean isBroker(int nodeId) {
    return layout.isBroker(nodeId);
  }

  /**
   * Waits until {@code describeCluster} lists every given node id as a broker and each of those
   * nodes has logged the end of its latest startup ({@link LocalKafkaNode#startupLogged()});
   * fails fast with the log tail of a node whose process exits.
   */
  public void awaitBrokers(Collection<Integer> ids, Duration timeout) throws IOException, InterruptedException {
    processes.readiness().awaitBrokers(ids, timeout);
  }

  /** {@code 127.0.0.1:p1,127.0.0.1:p2,...} in node id order. */
  public String bootstrapServers() {
    return layout.bootstrapServers();
  }

  /** {@code bootstrap.servers} plus the given client settings. */
  public Map<String, Object> clientProperties(Map<String, Object> extra) {
    return layout.clientProperties(extra);
  }

  public List<LocalKafkaNode> nodes() {
    return List.copyOf(layout.nodes());
  }

  public LocalKafkaNode node(int id) {
    return layout.node(id);
  }

  /**
   * The cluster id: KRaft, the one the storage was formatted with; ZooKeeper, the one the brokers generated
   * (from node 1's {@code meta.properties}). Null before {@link #start()}.
   */
  public String clusterId() {
    return layout.clusterId();
  }

  /** The version the cluster was built with (nodes may since have been relinked). */
  public String version() {
    return config.version;
  }

  public Path baseDir() {
    return config.baseDir;
  }

  /** True when built with {@code zookeeper(true)}. */
  public boolean zookeeperMode() {
    return config.zookeeper;
  }

  /** The ZooKeeper server in ZooKeeper mode once started; empty in KRaft mode. */
  public Optional<LocalZooKeeper> zookeeper() {
    return Optional.ofNullable(layout.zookeeper());
  }

  public KafkaDistributions distributions() {
    return config.distributions;
  }

  /** SIGTERM to all nodes at once, up to 15 s for a clean stop, then SIGKILL; then ZooKeeper. Idempotent. */
  @Override
  public void close() {
    processes.close();
  }

  /**
   * Kills the brokers recorded in {@code kafka.pid} files under {@code baseDir} (e.g. left by
   * a crashed test JVM) whose command line still runs {@code kafka.Kafka}, and a ZooKeeper server
   * recorded in {@code zookeeper.pid} that still runs. Returns how many.
   */
  public static int killLeftovers(Path baseDir) throws IOException {
    return Leftovers.killRecorded(baseDir);
  }

  static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
