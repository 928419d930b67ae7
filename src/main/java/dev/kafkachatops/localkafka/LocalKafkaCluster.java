package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
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
 * deletes files only when built with {@code deleteOnClose(true)}.
 */
public final class LocalKafkaCluster implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaCluster.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);
  /** The chroot of a ZooKeeper-mode cluster in {@code zookeeper.connect}. */
  public static final String ZK_CHROOT = "/kafka";
  private static final String ZK_HEAP = "128m";

  private final Builder config;
  private final List<LocalKafkaNode> nodes = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private Thread shutdownHook;
  private String clusterId;
  private LocalZooKeeper zookeeper;

  private LocalKafkaCluster(Builder config) {
    this.config = config;
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
    if (!nodes.isEmpty()) {
      throw new IllegalStateException("Cluster already started");
    }
    long t0 = System.nanoTime();
    KafkaDistributions dists = config.distributions;
    Path dist = dists.ensure(config.version);
    List<Path> extras = new ArrayList<>();
    for (String v : config.extraInstalls) {
      extras.add(dists.ensure(v));
    }
    Files.createDirectories(config.baseDir);
    int leftovers = Leftovers.killRecorded(config.baseDir);
    if (leftovers > 0) {
      LOG.warn("Killed {} Kafka process(es) left running under {} by an earlier run", leftovers, config.baseDir);
    }
    createNodes();
    long tLayout = System.nanoTime();
    try {
      for (LocalKafkaNode node : nodes) {
        layOut(node, dist, extras);
      }
      if (zookeeper == null) {
        StorageFormat.formatAll(nodes, clusterId, config.heap);
      }
      long tFormat = System.nanoTime();
      shutdownHook = new Thread(this::killAllNow, "local-kafka-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdownHook);
      if (zookeeper != null) {
        zookeeper.start(dist, ZK_HEAP, config.startTimeout);
      }
      for (LocalKafkaNode node : nodes) {
        node.start();
      }
      awaitBrokers(nodes.stream().map(LocalKafkaNode::id).toList(), config.startTimeout);
      if (zookeeper != null) {
        clusterId = ServerProperties.read(nodes.get(0).dataDir().resolve("meta.properties")).get("cluster.id");
      }
      LOG.info("Kafka {} cluster ({}) of {} nodes ready at {} in {} ms (resolve {} ms, install and {} {} ms, start {} ms)",
          config.version, zookeeper == null ? "KRaft" : "ZooKeeper", nodes.size(), bootstrapServers(),
          ms(System.nanoTime() - t0), ms(tLayout - t0), zookeeper == null ? "format" : "layout",
          ms(tFormat - tLayout), ms(System.nanoTime() - tFormat));
      return this;
    } catch (IOException | RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
  }

  /** The nodes (and in ZooKeeper mode the ZooKeeper server) with their ports; KRaft: the cluster id too. */
  private void createNodes() throws IOException {
    if (config.zookeeper) {
      List<Integer> ports = FreePorts.allocate(config.nodes + 1);
      zookeeper = new LocalZooKeeper(config.baseDir.resolve("zookeeper"), ports.get(config.nodes));
      for (int id = 1; id <= config.nodes; id++) {
        nodes.add(new LocalKafkaNode(id, config.baseDir.resolve("node-" + id), ports.get(id - 1), -1,
            config.jvmOptions()));
      }
      return;
    }
    clusterId = clusterId(config.baseDir);
    List<Integer> ports = FreePorts.allocate(2 * config.nodes);
    for (int id = 1; id <= config.nodes; id++) {
      nodes.add(new LocalKafkaNode(id, config.baseDir.resolve("node-" + id),
          ports.get(2 * (id - 1)), ports.get(2 * (id - 1) + 1), config.jvmOptions()));
    }
  }

  private void layOut(LocalKafkaNode node, Path dist, List<Path> extras) throws IOException {
    Files.createDirectories(node.dataDir());
    Files.createDirectories(node.logsDir());
    KafkaInstall.install(dist, node.usrLocal());
    for (Path extra : extras) {
      KafkaInstall.install(extra, node.usrLocal());
    }
    if (!Files.exists(node.installLink(), LinkOption.NOFOLLOW_LINKS)) {
      KafkaInstall.link(node.usrLocal(), config.version);
    } else if (!node.linkedVersion().equals(config.version)) {
      LOG.info("Node {} keeps its existing link to Kafka {}", node.id(), node.linkedVersion());
    }
    ServerProperties.write(node.configFile(), serverProperties(node), "Kafka node " + node.id()
        + " of a local kafka-chatops cluster (" + (zookeeper == null ? "KRaft" : "ZooKeeper") + ")");
  }

  /**
   * The {@code server.properties} of a node, loopback listeners: KRaft, combined (or broker-only) with a static
   * quorum; ZooKeeper mode, {@code broker.id} and {@code zookeeper.connect} with the chroot {@value #ZK_CHROOT}.
   */
  public Map<String, String> serverProperties(LocalKafkaNode node) {
    int n = nodes.size();
    Map<String, String> p = new LinkedHashMap<>();
    if (zookeeper != null) {
      p.put("broker.id", Integer.toString(node.id()));
      p.put("zookeeper.connect", zookeeper.connectString() + ZK_CHROOT);
      p.put("listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort());
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort());
    } else {
      boolean controller = isController(node.id());
      p.put("process.roles", controller ? "broker,controller" : "broker");
      p.put("node.id", Integer.toString(node.id()));
      p.put("controller.quorum.voters", nodes.stream().filter(x -> isController(x.id()))
          .map(x -> x.id() + "@127.0.0.1:" + x.controllerPort()).collect(Collectors.joining(",")));
      p.put("listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort()
          + (controller ? ",CONTROLLER://127.0.0.1:" + node.controllerPort() : ""));
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort());
      p.put("inter.broker.listener.name", "PLAINTEXT");
      p.put("controller.listener.names", "CONTROLLER");
      p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    }
    p.put("log.dirs", node.dataDir().toString());
    p.put("offsets.topic.replication.factor", Integer.toString(Math.min(3, n)));
    p.put("transaction.state.log.replication.factor", Integer.toString(Math.min(3, n)));
    p.put("transaction.state.log.min.isr", Integer.toString(Math.min(2, n)));
    p.put("group.initial.rebalance.delay.ms", "0");
    // The cleaner's default 128 MiB dedupe buffer would take half of a 256 MiB heap.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(32 * 1024 * 1024));
    String rack = config.rack == null ? null : config.rack.apply(node.id());
    if (rack != null) {
      p.put("broker.rack", rack);
    }
    p.putAll(config.brokerProperties);
    return p;
  }

  /** KRaft: nodes 1..controllers run broker and controller (combined), the others are brokers only; ZooKeeper: none. */
  public boolean isController(int nodeId) {
    return !config.zookeeper && (config.controllers <= 0 || nodeId <= config.controllers);
  }

  /**
   * Waits until {@code describeCluster} lists every given node id as a broker and each of those
   * nodes has logged the end of its latest startup ({@link LocalKafkaNode#startupLogged()});
   * fails fast with the log tail of a node whose process exits.
   */
  public void awaitBrokers(Collection<Integer> ids, Duration timeout) throws IOException, InterruptedException {
    Set<Integer> expected = new TreeSet<>(ids);
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<Integer> seen = Set.of();
    Exception last = null;
    awaitListening(expected, deadline);
    try (Admin admin = Admin.create(clientProperties(Map.of(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500)))) {
      while (true) {
        requireAlive(expected);
        try {
          seen = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get()
              .stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new));
          if (seen.containsAll(expected) && expected.stream().allMatch(id -> node(id).startupLogged())) {
            return;
          }
        } catch (ExecutionException e) {
          last = e;
        }
        if (System.nanoTime() > deadline) {
          final Set<Integer> registered = seen;
          int missing = expected.stream().filter(id -> !registered.contains(id)).findFirst().orElse(-1);
          throw new IOException("Brokers " + expected + " not all registered within " + timeout + " (seen " + seen
              + (last == null ? "" : ", last error: " + last.getMessage()) + ")" + System.lineSeparator()
              + (missing > 0 ? node(missing).logTail(25) : ""));
        }
        Thread.sleep(200);
      }
    }
  }

  /** Waits until the broker ports accept connections (keeps the Admin client's log quiet). */
  private void awaitListening(Set<Integer> ids, long deadline) throws IOException, InterruptedException {
    for (int id : ids) {
      while (System.nanoTime() < deadline) {
        requireAlive(Set.of(id));
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", node(id).brokerPort()), 500);
          break;
        } catch (IOException e) {
          Thread.sleep(100);
        }
      }
    }
  }

  private void requireAlive(Set<Integer> ids) throws IOException {
    for (int id : ids) {
      LocalKafkaNode node = node(id);
      if (!node.isRunning()) {
        throw new IOException("Kafka node " + id + " exited"
            + node.exitCode().map(c -> " with code " + c).orElse(" (never started)") + System.lineSeparator()
            + node.logTail(25));
      }
    }
  }

  /** {@code 127.0.0.1:p1,127.0.0.1:p2,...} in node id order. */
  public String bootstrapServers() {
    return nodes.stream().map(LocalKafkaNode::brokerAddress).collect(Collectors.joining(","));
  }

  /** {@code bootstrap.servers} plus the given client settings. */
  public Map<String, Object> clientProperties(Map<String, Object> extra) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("bootstrap.servers", bootstrapServers());
    p.putAll(extra);
    return p;
  }

  public List<LocalKafkaNode> nodes() {
    return List.copyOf(nodes);
  }

  public LocalKafkaNode node(int id) {
    return nodes.stream().filter(n -> n.id() == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No node " + id + " (nodes are 1.." + nodes.size() + ")"));
  }

  /**
   * The cluster id: KRaft, the one the storage was formatted with; ZooKeeper, the one the brokers generated
   * (from node 1's {@code meta.properties}). Null before {@link #start()}.
   */
  public String clusterId() {
    return clusterId;
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
  public java.util.Optional<LocalZooKeeper> zookeeper() {
    return java.util.Optional.ofNullable(zookeeper);
  }

  public KafkaDistributions distributions() {
    return config.distributions;
  }

  /** SIGTERM to all nodes at once, up to 15 s for a clean stop, then SIGKILL; then ZooKeeper. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    long t0 = System.nanoTime();
    nodes.forEach(LocalKafkaNode::signalStop);
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    for (LocalKafkaNode node : nodes) {
      node.stop(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
    if (zookeeper != null) {
      zookeeper.stop(Duration.ofSeconds(10));
    }
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down
      }
    }
    LOG.info("Kafka cluster at {} closed in {} ms", config.baseDir, ms(System.nanoTime() - t0));
    if (config.deleteOnClose) {
      try {
        KafkaDistributions.deleteTree(config.baseDir);
      } catch (IOException e) {
        LOG.warn("Could not delete {}", config.baseDir, e);
      }
    }
  }

  private void killAllNow() {
    nodes.forEach(LocalKafkaNode::signalStop);
    if (zookeeper != null) {
      zookeeper.signalStop();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    for (LocalKafkaNode node : nodes) {
      node.stop(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
    if (zookeeper != null) {
      zookeeper.stop(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
  }

  /**
   * Kills the brokers recorded in {@code kafka.pid} files under {@code baseDir} (e.g. left by
   * a crashed test JVM) whose command line still runs {@code kafka.Kafka}, and a ZooKeeper server
   * recorded in {@code zookeeper.pid} that still runs. Returns how many.
   */
  public static int killLeftovers(Path baseDir) throws IOException {
    return Leftovers.killRecorded(baseDir);
  }

  private static String clusterId(Path baseDir) throws IOException {
    Path file = baseDir.resolve("cluster.id");
    if (Files.isRegularFile(file)) {
      return Files.readString(file).trim();
    }
    String id = Uuid.randomUuid().toString();
    Files.writeString(file, id + System.lineSeparator());
    return id;
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  /** Settings of a {@link LocalKafkaCluster}; {@link #baseDir} is required. */
  public static final class Builder {
    private Path baseDir;
    private String version = "3.9.1";
    private int nodes = 3;
    private int controllers = -1;
    private String heap = "256m";
    private KafkaDistributions distributions;
    private final List<String> extraInstalls = new ArrayList<>();
    private IntFunction<String> rack;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private boolean deleteOnClose;
    private Duration startTimeout = Duration.ofSeconds(120);
    private List<String> jvmOptions;
    private boolean zookeeper;

    private Builder() {
    }

    public Builder baseDir(Path baseDir) {
      this.baseDir = baseDir.toAbsolutePath().normalize();
      return this;
    }

    public Builder version(String version) {
      KafkaDistributions.requireValidVersion(version);
      this.version = version;
      return this;
    }

    public Builder nodes(int nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("nodes must be at least 1");
      }
      this.nodes = nodes;
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
      this.controllers = controllers;
      return this;
    }

    /** Broker heap, as for {@code -Xmx} (default {@code 256m}). */
    public Builder heap(String heap) {
      if (!heap.matches("\\d+[kKmMgG]?")) {
        throw new IllegalArgumentException("Not a heap size: " + heap);
      }
      this.heap = heap;
      return this;
    }

    public Builder distributions(KafkaDistributions distributions) {
      this.distributions = Objects.requireNonNull(distributions);
      return this;
    }

    /** Also installs these versions beside the linked one on every node, not linked. */
    public Builder extraInstall(String... versions) {
      for (String v : versions) {
        KafkaDistributions.requireValidVersion(v);
        extraInstalls.add(v);
      }
      return this;
    }

    /** {@code broker.rack} per node id; null means no rack for that node. */
    public Builder rack(IntFunction<String> rack) {
      this.rack = rack;
      return this;
    }

    /** Added to (and overriding) every node's generated {@code server.properties}. */
    public Builder brokerProperties(Map<String, String> properties) {
      brokerProperties.putAll(properties);
      return this;
    }

    /**
     * ZooKeeper mode (default false: KRaft): one ZooKeeper server from the cluster version's distribution, and
     * brokers registered in it instead of a KRaft quorum. Kafka 4.x has no ZooKeeper mode.
     */
    public Builder zookeeper(boolean zookeeper) {
      this.zookeeper = zookeeper;
      return this;
    }

    public Builder deleteOnClose(boolean deleteOnClose) {
      this.deleteOnClose = deleteOnClose;
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = Objects.requireNonNull(startTimeout);
      return this;
    }

    /** Replaces the default broker JVM options (heap, serial GC, C1 only, headless). */
    public Builder jvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    List<String> jvmOptions() {
      if (jvmOptions != null) {
        return jvmOptions;
      }
      return defaultJvmOptions(heap);
    }

    /** A cluster ready to {@link LocalKafkaCluster#start()}. */
    public LocalKafkaCluster build() {
      if (baseDir == null) {
        throw new IllegalStateException("baseDir is required");
      }
      if (distributions == null) {
        distributions = new KafkaDistributions();
      }
      if (controllers > nodes) {
        throw new IllegalStateException("controllers (" + controllers + ") cannot exceed nodes (" + nodes + ")");
      }
      if (zookeeper && controllers > 0) {
        throw new IllegalStateException("controllers only apply to KRaft; a ZooKeeper-mode cluster has none");
      }
      if (zookeeper && Integer.parseInt(version.substring(0, version.indexOf('.'))) >= 4) {
        throw new IllegalStateException("Kafka " + version + " has no ZooKeeper mode (removed in 4.0)");
      }
      return new LocalKafkaCluster(this);
    }

    /** {@link #build()} then {@link LocalKafkaCluster#start()}. */
    public LocalKafkaCluster start() throws IOException, InterruptedException {
      return build().start();
    }
  }
}
