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
 * {@link Builder#zookeeper(boolean) zookeeper(true)}, brokers on one ZooKeeper server ({@link LocalZooKeeper}).
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
 * first {@link Builder#controllers} are). ZooKeeper: brokers with {@code broker.id} 1..N (versions before 4.0).
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

  private LocalKafkaCluster(ClusterSettings config) {
    this.config = config;
    this.layout = new ClusterLayout(config);
    this.processes = new ClusterProcesses(config, layout);
  }

  /** The broker JVM options nodes get unless {@link Builder#jvmOptions} replaces them: small heap, serial GC, C1 only. */
  public static List<String> defaultJvmOptions(String heap) {
    return List.of("-Xmx" + heap, "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");
  }

  public static Builder builder() {
    return new Builder();
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

  /** Every node but a dedicated controller ({@link Builder#dedicatedControllers}). */
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

  /** True when built with {@link Builder#zookeeper(boolean) zookeeper(true)}. */
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

  /** Settings of a {@link LocalKafkaCluster}; {@link #baseDir} is required. */
  public static final class Builder {
    private final ClusterSettings settings = new ClusterSettings();

    private Builder() {
    }

    public Builder baseDir(Path baseDir) {
      settings.baseDir = baseDir.toAbsolutePath().normalize();
      return this;
    }

    public Builder version(String version) {
      KafkaDistributions.requireValidVersion(version);
      settings.version = version;
      return this;
    }

    public Builder nodes(int nodes) {
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
    public Builder controllers(int controllers) {
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
    public Builder dedicatedControllers(boolean dedicated) {
      settings.dedicatedControllers = dedicated;
      return this;
    }

    /** Broker heap, as for {@code -Xmx} (default {@code 256m}). */
    public Builder heap(String heap) {
      if (!heap.matches("\\d+[kKmMgG]?")) {
        throw new IllegalArgumentException("Not a heap size: " + heap);
      }
      settings.heap = heap;
      return this;
    }

    public Builder distributions(KafkaDistributions distributions) {
      settings.distributions = Objects.requireNonNull(distributions);
      return this;
    }

    /** Also installs these versions beside the linked one on every node, not linked. */
    public Builder extraInstall(String... versions) {
      for (String v : versions) {
        KafkaDistributions.requireValidVersion(v);
        settings.extraInstalls.add(v);
      }
      return this;
    }

    /** {@code broker.rack} per node id; null means no rack for that node. */
    public Builder rack(IntFunction<String> rack) {
      settings.rack = rack;
      return this;
    }

    /** Added to (and overriding) every node's generated {@code server.properties}. */
    public Builder brokerProperties(Map<String, String> properties) {
      settings.brokerProperties.putAll(properties);
      return this;
    }

    /**
     * ZooKeeper mode (default false: KRaft): one ZooKeeper server from the cluster version's distribution, and
     * brokers registered in it instead of a KRaft quorum. Kafka 4.x has no ZooKeeper mode.
     */
    public Builder zookeeper(boolean zookeeper) {
      settings.zookeeper = zookeeper;
      return this;
    }

    public Builder deleteOnClose(boolean deleteOnClose) {
      settings.deleteOnClose = deleteOnClose;
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      settings.startTimeout = Objects.requireNonNull(startTimeout);
      return this;
    }

    /**
     * Remote JMX on every broker (default false): each node gets a free port on 127.0.0.1
     * ({@link LocalKafkaNode#jmxPort()}), without authentication or TLS, as {@code JMX_PORT} sets it up.
     */
    public Builder jmx(boolean jmx) {
      settings.jmx = jmx;
      return this;
    }

    /** Replaces the default broker JVM options (heap, serial GC, C1 only, headless). */
    public Builder jvmOptions(List<String> options) {
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
}
