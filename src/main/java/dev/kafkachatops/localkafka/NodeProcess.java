package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker process of one {@link LocalKafkaNode}: launches it through the node's install link, recognises a
 * broker someone else started from {@code kafka.pid}, and stops or kills either. Methods are thread-safe.
 */
final class NodeProcess {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaNode.class);

  private final LocalKafkaNode node;
  private final List<String> jvmOptions;
  private Process process;
  private long lastPid = -1;
  private long logOffsetAtStart;

  NodeProcess(LocalKafkaNode node, List<String> jvmOptions) {
    this.node = node;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  synchronized boolean isRunning() {
    return (process != null && process.isAlive()) || externalProcess().isPresent();
  }

  synchronized long pid() {
    if (process != null && process.isAlive()) {
      return process.pid();
    }
    return externalProcess().map(ProcessHandle::pid).orElse(lastPid);
  }

  /** Where {@code server.log} ended when the broker was last started here; empty if it never was. */
  synchronized OptionalLong logOffsetAtStart() {
    return lastPid < 0 ? OptionalLong.empty() : OptionalLong.of(logOffsetAtStart);
  }

  /** The broker recorded in {@code kafka.pid} when it is not the one this object started and still runs. */
  private synchronized Optional<ProcessHandle> externalProcess() {
    long recorded;
    try {
      recorded = Files.isRegularFile(node.pidFile()) ? Long.parseLong(Files.readString(node.pidFile()).trim()) : -1;
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    if (recorded <= 0 || (process != null && process.pid() == recorded)) {
      return Optional.empty();
    }
    return ProcessHandle.of(recorded).filter(ProcessHandle::isAlive).filter(h -> {
      String cmd = Leftovers.commandLine(h);
      return cmd.contains(" " + LocalKafkaNode.MAIN_CLASS + " ") && cmd.contains(" " + node.configFile() + " ");
    });
  }

  /** See {@link LocalKafkaNode#start()}. */
  synchronized void start() throws IOException {
    if (isRunning()) {
      throw new IllegalStateException("Node " + node.id() + " is already running (pid " + pid() + ")");
    }
    if (!Files.isRegularFile(node.configFile())) {
      throw new IOException("No broker config at " + node.configFile());
    }
    Files.createDirectories(node.logsDir());
    logOffsetAtStart = Files.exists(node.logFile()) ? Files.size(node.logFile()) : 0;
    List<String> command = LocalKafkaNode.brokerCommand(node.installLink(), node.configFile(), node.logsDir(),
        jvmOptions);
    Files.writeString(node.outFile(), "=== " + Instant.now() + " starting Kafka " + node.linkedVersion() + ": "
        + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(node.hostRoot().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(node.outFile().toFile()));
    process = pb.start();
    process.getOutputStream().close();
    lastPid = process.pid();
    Files.writeString(node.pidFile(), lastPid + System.lineSeparator());
    LOG.debug("Started Kafka {} node {} (pid {})", node.linkedVersion(), node.id(), lastPid);
  }

  /** See {@link LocalKafkaNode#stop(Duration)}. */
  void stop(Duration timeout) {
    externalProcess().ifPresent(h -> {
      h.destroy();
      if (!LocalKafkaNode.awaitExit(h, timeout)) {
        LOG.warn("Node {} (pid {}, started outside this cluster) did not stop within {}; killing it", node.id(),
            h.pid(), timeout);
        h.destroyForcibly();
        LocalKafkaNode.awaitExit(h, Duration.ofSeconds(10));
      }
    });
    endStarted((p, children) -> {
      long t0 = System.nanoTime();
      p.destroy();
      if (!LocalKafkaNode.awaitExit(p, timeout)) {
        LOG.warn("Node {} (pid {}) did not stop within {}; killing it", node.id(), p.pid(), timeout);
        p.destroyForcibly();
        LocalKafkaNode.awaitExit(p, Duration.ofSeconds(10));
      }
      children.forEach(ProcessHandle::destroyForcibly);
      LOG.debug("Node {} stopped in {} ms", node.id(), (System.nanoTime() - t0) / 1_000_000);
    });
  }

  /** See {@link LocalKafkaNode#kill()}. */
  void kill() {
    externalProcess().ifPresent(h -> {
      h.destroyForcibly();
      LocalKafkaNode.awaitExit(h, Duration.ofSeconds(10));
    });
    endStarted((p, children) -> {
      p.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
      LocalKafkaNode.awaitExit(p, Duration.ofSeconds(10));
    });
  }

  /** Ends the broker this object started, if any, with {@code end} (given its child processes), then cleans up. */
  private void endStarted(BiConsumer<Process, List<ProcessHandle>> end) {
    Process p = current();
    if (p == null) {
      return;
    }
    end.accept(p, p.descendants().toList());
    cleanup(p);
  }

  /** Sends SIGTERM without waiting (used to stop several nodes at once). */
  void signalStop() {
    externalProcess().ifPresent(ProcessHandle::destroy);
    Process p = current();
    if (p != null && p.isAlive()) {
      p.destroy();
    }
  }

  /** Exit code of the last broker process if it has exited. */
  synchronized Optional<Integer> exitCode() {
    if (process == null || process.isAlive()) {
      return Optional.empty();
    }
    return Optional.of(process.exitValue());
  }

  private synchronized Process current() {
    return process;
  }

  private synchronized void cleanup(Process p) {
    if (process == p && !p.isAlive() && externalProcess().isEmpty()) {
      try {
        Files.deleteIfExists(node.pidFile());
      } catch (IOException e) {
        LOG.debug("Cannot delete {}", node.pidFile(), e);
      }
    }
  }
}
