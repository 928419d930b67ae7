package dev.kafkachatops.localkafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** What a {@link LocalKafkaClusterBuilder} collected: the settings the cluster's layout and processes read. */
final class ClusterSettings {
  Path baseDir;
  String version = "3.9.1";
  int nodes = 3;
  int controllers = -1;
  boolean dedicatedControllers;
  String heap = "256m";
  KafkaDistributions distributions;
  final List<String> extraInstalls = new ArrayList<>();
  IntFunction<String> rack;
  final Map<String, String> brokerProperties = new LinkedHashMap<>();
  boolean deleteOnClose;
  Duration startTimeout = Duration.ofSeconds(120);
  List<String> jvmOptions;
  boolean zookeeper;
  boolean jmx;

  /** The broker JVM options: the ones set, else {@link LocalKafkaCluster#defaultJvmOptions} for the heap. */
  List<String> brokerJvmOptions() {
    if (jvmOptions != null) {
      return jvmOptions;
    }
    return LocalKafkaCluster.defaultJvmOptions(heap);
  }

  /** Fills in the default distributions and rejects settings that do not fit together. */
  void validate() {
    if (baseDir == null) {
      throw new IllegalStateException("baseDir is required");
    }
    if (distributions == null) {
      distributions = new KafkaDistributions();
    }
    if (controllers > nodes) {
      throw new IllegalStateException("controllers (" + controllers + ") cannot exceed nodes (" + nodes + ")");
    }
    if (dedicatedControllers && (controllers <= 0 || controllers >= nodes)) {
      throw new IllegalStateException("dedicated controllers need controllers(n) below nodes (" + nodes + ")");
    }
    if (zookeeper && controllers > 0) {
      throw new IllegalStateException("controllers only apply to KRaft; a ZooKeeper-mode cluster has none");
    }
    if (zookeeper && Integer.parseInt(version.substring(0, version.indexOf('.'))) >= 4) {
      throw new IllegalStateException("Kafka " + version + " has no ZooKeeper mode (removed in 4.0)");
    }
  }
}
