package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single ZooKeeper server of a ZooKeeper-mode {@link LocalKafkaCluster}, run from a Kafka distribution's
 * own jars with the main class {@code zookeeper-server-start.sh} uses ({@value #MAIN_CLASS}), standalone:
 * <pre>
 *   &lt;root&gt;/usr/local/kafka_2.13-&lt;v&gt;/   the distribution, installed as on a broker host (no link)
 *   &lt;root&gt;/zoo.cfg                    dataDir, clientPort on 127.0.0.1, admin server off
 *   &lt;root&gt;/data                       snapshots and transaction logs
 *   &lt;root&gt;/logs/server.log            its log; logs/zookeeper.out its stdout and stderr
 *   &lt;root&gt;/zookeeper.pid               for {@link LocalKafkaCluster#killLeftovers}
 * </pre>
 * It stays on the version it was started with when the brokers are upgraded, as an operator's ZooKeeper
 * ensemble does. {@link #start} returns once the server answers the {@code srvr} four-letter command.
 */
public final class LocalZooKeeper {

  private static final Logger LOG = LoggerFactory.getLogger(LocalZooKeeper.class);
  static final String PID_FILE = "zookeeper.pid";
  static final String MAIN_CLASS = "org.apache.zookeeper.server.quorum.QuorumPeerMain";

  private final Path root;
  private final int port;
  private Process process;

  LocalZooKeeper(Path root, int port) {
    this.root = root.toAbsolutePath().normalize();
    this.port = port;
  }

  public Path root() {
    return root;
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:<port>}, without a chroot. */
  public String connectString() {
    return "127.0.0.1:" + port;
  }

  public Path configFile() {
    return root.resolve("zoo.cfg");
  }

  public Path dataDir() {
    return root.resolve("data");
  }

  public Path logFile() {
    return root.resolve("logs").resolve("server.log");
  }

  public Path outFile() {
    return root.resolve("logs").resolve("zookeeper.out");
  }

  public Path pidFile() {
    return root.resolve(PID_FILE);
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /**
   * Installs {@code distribution} under the root, writes {@code zoo.cfg}, launches the server and waits until
   * it answers; on failure it kills the server and throws with the tail of its logs.
   */
  synchronized void start(Path distribution, String heap, Duration timeout) throws IOException, InterruptedException {
    if (isRunning()) {
      throw new IllegalStateException("ZooKeeper is already running (pid " + pid() + ")");
    }
    Path install = KafkaInstall.install(distribution, root.resolve("usr").resolve("local"));
    Files.createDirectories(dataDir());
    Files.createDirectories(logFile().getParent());
    Files.writeString(configFile(), String.join("\n",
        "# ZooKeeper of a local kafka-chatops cluster (standalone)",
        "dataDir=" + dataDir(),
        "clientPort=" + port,
        "clientPortAddress=127.0.0.1",
        "tickTime=2000",
        "maxClientCnxns=0",
        "admin.enableServer=false",
        "4lw.commands.whitelist=srvr",
        ""), StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>(List.of(LocalKafkaNode.javaExecutable(), "-Xmx" + heap, "-Xms32m",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true",
        "-Dkafka.logs.dir=" + logFile().getParent()));
    KafkaInstall.loggingJvmOption(install).ifPresent(command::add);
    command.addAll(List.of("-cp", install.resolve("libs") + "/*", MAIN_CLASS, configFile().toString()));
    Files.writeString(outFile(), "=== " + Instant.now() + " starting ZooKeeper: " + String.join(" ", command)
        + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile().toFile())).start();
    process.getOutputStream().close();
    Files.writeString(pidFile(), process.pid() + System.lineSeparator());
    long t0 = System.nanoTime();
    try {
      awaitServing(timeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      kill();
      throw e;
    }
    LOG.info("ZooKeeper ready at {} in {} ms (pid {})", connectString(), (System.nanoTime() - t0) / 1_000_000,
        process.pid());
  }

  private void awaitServing(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (true) {
      if (!process.isAlive()) {
        throw new IOException("ZooKeeper exited with code " + process.exitValue() + System.lineSeparator() + logTail(25));
      }
      try {
        String answer = fourLetterWord("srvr");
        if (answer.contains("Mode:")) {
          return;
        }
        last = answer.isBlank() ? "an empty answer to srvr" : answer.strip();
      } catch (IOException e) {
        last = e.getMessage();
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("ZooKeeper at " + connectString() + " not serving within " + timeout + " (" + last + ")"
            + System.lineSeparator() + logTail(25));
      }
      Thread.sleep(100);
    }
  }

  /** Sends a four-letter command to the client port and returns the whole answer. */
  String fourLetterWord(String word) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(2000);
      s.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      try (InputStream in = s.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  /** SIGTERM, wait up to {@code timeout}, then SIGKILL; removes the pid file. */
  void stop(Duration timeout) {
    Process p;
    synchronized (this) {
      p = process;
    }
    if (p == null) {
      return;
    }
    p.destroy();
    if (!LocalKafkaNode.awaitExit(p, timeout)) {
      LOG.warn("ZooKeeper (pid {}) did not stop within {}; killing it", p.pid(), timeout);
      p.destroyForcibly();
      LocalKafkaNode.awaitExit(p, Duration.ofSeconds(10));
    }
    deletePidFile();
  }

  /** SIGKILL and wait for it to be gone. */
  void kill() {
    Process p;
    synchronized (this) {
      p = process;
    }
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    LocalKafkaNode.awaitExit(p, Duration.ofSeconds(10));
    deletePidFile();
  }

  /** Sends SIGTERM without waiting. */
  void signalStop() {
    Process p;
    synchronized (this) {
      p = process;
    }
    if (p != null && p.isAlive()) {
      p.destroy();
    }
  }

  private void deletePidFile() {
    try {
      Files.deleteIfExists(pidFile());
    } catch (IOException e) {
      LOG.debug("Cannot delete {}", pidFile(), e);
    }
  }

  /** For error messages: the last lines of its log and of its stdout. */
  public String logTail(int lines) {
    StringBuilder sb = new StringBuilder();
    for (Path file : List.of(logFile(), outFile())) {
      sb.append("--- last ").append(lines).append(" lines of ").append(file).append(System.lineSeparator());
      sb.append(LocalKafkaNode.tail(file, lines));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "LocalZooKeeper[" + connectString() + " " + root + "]";
  }
}
