package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Waits until brokers of a local cluster are up: their ports accept connections, {@code describeCluster} lists
 * them and each has logged the end of its startup; fails fast with the log tail of a node whose process exits.
 */
final class BrokerReadiness {

  private final ClusterLayout layout;

  BrokerReadiness(ClusterLayout layout) {
    this.layout = layout;
  }

  /** See {@link LocalKafkaCluster#awaitBrokers}. */
  void awaitBrokers(Collection<Integer> ids, Duration timeout) throws IOException, InterruptedException {
    Set<Integer> expected = new TreeSet<>(ids);
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<Integer> seen = Set.of();
    Exception last = null;
    awaitListening(expected, deadline);
    try (Admin admin = Admin.create(layout.clientProperties(Map.of(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500)))) {
      while (true) {
        requireAlive(expected);
        try {
          seen = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get()
              .stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new));
          if (seen.containsAll(expected) && expected.stream().allMatch(id -> layout.node(id).startupLogged())) {
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
              + (missing > 0 ? layout.node(missing).logTail(25) : ""));
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
          s.connect(new InetSocketAddress("127.0.0.1", layout.node(id).brokerPort()), 500);
          break;
        } catch (IOException e) {
          Thread.sleep(100);
        }
      }
    }
  }

  private void requireAlive(Set<Integer> ids) throws IOException {
    for (int id : ids) {
      LocalKafkaNode node = layout.node(id);
      if (!node.isRunning()) {
        throw new IOException("Kafka node " + id + " exited"
            + node.exitCode().map(c -> " with code " + c).orElse(" (never started)") + System.lineSeparator()
            + node.logTail(25));
      }
    }
  }
}
