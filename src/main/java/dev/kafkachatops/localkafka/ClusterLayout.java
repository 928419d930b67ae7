package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local cluster on disk: ensures the distributions, picks the ports, creates the nodes (and in ZooKeeper mode the
 * ZooKeeper server), installs and links the versions, writes every node's {@code server.properties} and, in KRaft
 * mode, keeps the cluster id in {@code <baseDir>/cluster.id} and formats the storage.
 */
final class ClusterLayout {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaCluster.class);

  private final ClusterSettings config;
  private final List<LocalKafkaNode> nodes = new ArrayList<>();
  private final List<Path> extras = new ArrayList<>();
  private Path dist;
  private LocalZooKeeper zookeeper;
  private String clusterId;

  ClusterLayout(ClusterSettings config) {
    this.config = config;
  }

  /** Ensures the distributions, kills what an earlier run left running, creates the nodes with their ports. */
  void prepare() throws IOException {
    KafkaDistributions dists = config.distributions;
    dist = dists.ensure(config.version);
    for (String v : config.extraInstalls) {
      extras.add(dists.ensure(v));
    }
    Files.createDirectories(config.baseDir);
    int leftovers = Leftovers.killRecorded(config.baseDir);
    if (leftovers > 0) {
      LOG.warn("Killed {} Kafka process(es) left running under {} by an earlier run", leftovers, config.baseDir);
    }
    createNodes();
  }

  /** The nodes (and in ZooKeeper mode the ZooKeeper server) with their ports; KRaft: the cluster id too. */
  private void createNodes() throws IOException {
    if (config.zookeeper) {
      List<Integer> ports = FreePorts.allocate(2 * config.nodes + 1);
      zookeeper = new LocalZooKeeper(config.baseDir.resolve("zookeeper"), ports.get(2 * config.nodes));
      for (int id = 1; id <= config.nodes; id++) {
        nodes.add(new LocalKafkaNode(id, config.baseDir.resolve("node-" + id), ports.get(id - 1), -1,
            config.jmx ? ports.get(config.nodes + id - 1) : 0, config.brokerJvmOptions()));
      }
      return;
    }
    clusterId = clusterId(config.baseDir);
    List<Integer> ports = FreePorts.allocate(3 * config.nodes);
    for (int id = 1; id <= config.nodes; id++) {
      nodes.add(new LocalKafkaNode(id, config.baseDir.resolve("node-" + id), ports.get(2 * (id - 1)),
          ports.get(2 * (id - 1) + 1), config.jmx ? ports.get(2 * config.nodes + id - 1) : 0,
          config.brokerJvmOptions()));
    }
  }

  /** Installs and configures every node; KRaft: formats their storage. */
  void layOut() throws IOException {
    for (LocalKafkaNode node : nodes) {
      layOut(node);
    }
    if (zookeeper == null) {
      StorageFormat.formatAll(nodes, clusterId, config.heap);
    }
  }

  private void layOut(LocalKafkaNode node) throws IOException {
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

  /** See {@link LocalKafkaCluster#serverProperties}. */
  Map<String, String> serverProperties(LocalKafkaNode node) {
    int n = nodes.size();
    Map<String, String> p = new LinkedHashMap<>();
    if (zookeeper != null) {
      p.put("broker.id", Integer.toString(node.id()));
      p.put("zookeeper.connect", zookeeper.connectString() + LocalKafkaCluster.ZK_CHROOT);
      p.put("listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort());
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort());
    } else {
      putKRaft(p, node);
    }
    p.put("log.dirs", node.dataDir().toString());
    p.put("offsets.topic.replication.factor", Integer.toString(Math.min(3, n)));
    p.put("transaction.state.log.replication.factor", Integer.toString(Math.min(3, n)));
    p.put("transaction.state.log.min.isr", Integer.toString(Math.min(2, n)));
    p.put("group.initial.rebalance.delay.ms", "0");
    // The cleaner's default 128 MiB dedupe buffer would take half of a 256 MiB heap.
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(32 * 1024 * 1024));
    String rack = config.rack == null || !isBroker(node.id()) ? null : config.rack.apply(node.id());
    if (rack != null) {
      p.put("broker.rack", rack);
    }
    p.putAll(config.brokerProperties);
    return p;
  }

  /** Roles, the static quorum and the listeners of a KRaft node. */
  private void putKRaft(Map<String, String> p, LocalKafkaNode node) {
    boolean controller = isController(node.id());
    p.put("node.id", Integer.toString(node.id()));
    p.put("controller.quorum.voters", nodes.stream().filter(x -> isController(x.id()))
        .map(x -> x.id() + "@127.0.0.1:" + x.controllerPort()).collect(Collectors.joining(",")));
    if (!isBroker(node.id())) {
      p.put("process.roles", "controller");
      p.put("listeners", "CONTROLLER://127.0.0.1:" + node.controllerPort());
      p.put("controller.listener.names", "CONTROLLER");
      p.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT");
      return;
    }
    p.put("process.roles", controller ? "broker,controller" : "broker");
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort()
        + (controller ? ",CONTROLLER://127.0.0.1:" + node.controllerPort() : ""));
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort());
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
  }

  /** See {@link LocalKafkaCluster#isBroker}. */
  boolean isBroker(int nodeId) {
    return !config.dedicatedControllers || !isController(nodeId);
  }

  /** See {@link LocalKafkaCluster#isController}. */
  boolean isController(int nodeId) {
    return !config.zookeeper && (config.controllers <= 0 || nodeId <= config.controllers);
  }

  List<LocalKafkaNode> nodes() {
    return nodes;
  }

  LocalKafkaNode node(int id) {
    return nodes.stream().filter(n -> n.id() == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No node " + id + " (nodes are 1.." + nodes.size() + ")"));
  }

  /** {@code 127.0.0.1:p1,127.0.0.1:p2,...} in node id order. */
  String bootstrapServers() {
    return nodes.stream().filter(n -> isBroker(n.id())).map(LocalKafkaNode::brokerAddress)
        .collect(Collectors.joining(","));
  }

  /** {@code bootstrap.servers} plus the given client settings. */
  Map<String, Object> clientProperties(Map<String, Object> extra) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("bootstrap.servers", bootstrapServers());
    p.putAll(extra);
    return p;
  }

  /** The cluster version's distribution (ZooKeeper runs from it); null before {@link #prepare()}. */
  Path dist() {
    return dist;
  }

  /** The ZooKeeper server in ZooKeeper mode once prepared; null in KRaft mode. */
  LocalZooKeeper zookeeper() {
    return zookeeper;
  }

  String clusterId() {
    return clusterId;
  }

  /** ZooKeeper mode: the id the brokers generated, from node 1's {@code meta.properties}. */
  void readGeneratedClusterId() throws IOException {
    clusterId = ServerProperties.read(nodes.get(0).dataDir().resolve("meta.properties")).get("cluster.id");
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
}
