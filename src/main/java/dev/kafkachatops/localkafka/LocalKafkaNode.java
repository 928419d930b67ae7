package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka node of a {@link LocalKafkaCluster}, on its own simulated host:
 * <pre>
 *   &lt;hostRoot&gt;/usr/local/kafka_2.13-&lt;v&gt;/{libs,config,VERSION}   see {@link KafkaInstall}
 *   &lt;hostRoot&gt;/usr/local/kafka -&gt; kafka_2.13-&lt;v&gt;
 *   &lt;hostRoot&gt;/data                 log.dirs (KRaft metadata and partitions)
 *   &lt;hostRoot&gt;/logs/server.log      the broker's log (INFO)
 *   &lt;hostRoot&gt;/logs/kafka.out       the JVM's stdout and stderr (crashes, StorageTool)
 *   &lt;hostRoot&gt;/kafka.pid            pid of the running broker, for {@link LocalKafkaCluster#killLeftovers}
 * </pre>
 * {@link #start()} launches {@code java ... -cp '<hostRoot>/usr/local/kafka/libs/*' kafka.Kafka
 * <hostRoot>/usr/local/kafka/config/server.properties}: everything goes through the
 * {@code kafka} link, so relinking it and restarting the node runs the other version.
 * Ports are fixed for the node's life. Methods are thread-safe.
 *
 * <p>A broker of this node may also be stopped and started by someone else, e.g. the bot's
 * local-shell host driver during a rolling upgrade, with {@link #brokerCommand}: such a process
 * counts as this node's when {@code kafka.pid} names it and its command line runs
 * {@code kafka.Kafka} with this node's {@link #configFile()}. {@link #isRunning()}, {@link #pid()},
 * {@link #stop}, {@link #kill()} and so {@link LocalKafkaCluster#close()} cover it too.
 */
public final class LocalKafkaNode {

  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaNode.class);
  static final String PID_FILE = "kafka.pid";
  static final String MAIN_CLASS = "kafka.Kafka";
  /** The end of a ZooKeeper-mode broker's startup in {@code server.log} (our log layout puts the logger last). */
  static final String ZK_STARTED = "] started (kafka.server.KafkaServer)";

  private final int id;
  private final Path hostRoot;
  private final int brokerPort;
  private final int controllerPort;
  private final List<String> jvmOptions;
  private Process process;
  private long lastPid = -1;
  private long logOffsetAtStart;

  LocalKafkaNode(int id, Path hostRoot, int brokerPort, int controllerPort, List<String> jvmOptions) {
    this.id = id;
    this.hostRoot = hostRoot.toAbsolutePath().normalize();
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  public int id() {
    return id;
  }

  /** The simulated host's root, {@code <baseDir>/node-<id>}. */
  public Path hostRoot() {
    return hostRoot;
  }

  /** {@code <hostRoot>/usr/local}, where versioned installs live beside the link. */
  public Path usrLocal() {
    return hostRoot.resolve("usr").resolve("local");
  }

  /** {@code <hostRoot>/usr/local/kafka}, the symbolic link to the current version. */
  public Path installLink() {
    return usrLocal().resolve(KafkaInstall.LINK_NAME);
  }

  /** {@code <hostRoot>/usr/local/kafka_2.13-<version>}, which may not exist. */
  public Path installDir(String version) {
    return usrLocal().resolve(KafkaDistributions.folderName(version));
  }

  /** {@code <hostRoot>/usr/local/kafka/config/server.properties}, inside the linked version. */
  public Path configFile() {
    return installLink().resolve("config").resolve(KafkaInstall.SERVER_PROPERTIES);
  }

  public Path dataDir() {
    return hostRoot.resolve("data");
  }

  public Path logsDir() {
    return hostRoot.resolve("logs");
  }

  /** The broker's log, {@code <hostRoot>/logs/server.log}. */
  public Path logFile() {
    return logsDir().resolve("server.log");
  }

  /** The JVM's own output, {@code <hostRoot>/logs/kafka.out}. */
  public Path outFile() {
    return logsDir().resolve("kafka.out");
  }

  public Path pidFile() {
    return hostRoot.resolve(PID_FILE);
  }

  public int brokerPort() {
    return brokerPort;
  }

  /** The KRaft controller listener's port; -1 in ZooKeeper mode, where there is none. */
  public int controllerPort() {
    return controllerPort;
  }

  /** {@code 127.0.0.1:<brokerPort>}. */
  public String brokerAddress() {
    return "127.0.0.1:" + brokerPort;
  }

  /** The version the {@code kafka} link points at, from its target's folder name. */
  public String linkedVersion() {
    try {
      return KafkaInstall.linkedVersion(installLink())
          .orElseThrow(() -> new IllegalStateException(installLink() + " is not a link to a kafka_2.13-<version> folder"));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + installLink(), e);
    }
  }

  public synchronized boolean isRunning() {
    return (process != null && process.isAlive()) || externalProcess().isPresent();
  }

  /** The pid of the running broker (also one started outside this object), or of the last one started; -1 if never started. */
  public synchronized long pid() {
    if (process != null && process.isAlive()) {
      return process.pid();
    }
    return externalProcess().map(ProcessHandle::pid).orElse(lastPid);
  }

  /** The broker recorded in {@code kafka.pid} when it is not the one this object started and still runs. */
  private synchronized Optional<ProcessHandle> externalProcess() {
    long recorded;
    try {
      recorded = Files.isRegularFile(pidFile()) ? Long.parseLong(Files.readString(pidFile()).trim()) : -1;
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    if (recorded <= 0 || (process != null && process.pid() == recorded)) {
      return Optional.empty();
    }
    return ProcessHandle.of(recorded).filter(ProcessHandle::isAlive).filter(h -> {
      String cmd = Leftovers.commandLine(h);
      return cmd.contains(" " + MAIN_CLASS + " ") && cmd.contains(" " + configFile() + " ");
    });
  }

  /** Resident memory of the running broker from {@code /proc} (Linux), if known. */
  public OptionalLong rssBytes() {
    long pid = pid();
    if (pid <= 0 || !isRunning()) {
      return OptionalLong.empty();
    }
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or the process just exited
    }
    return OptionalLong.empty();
  }

  /** Launches the broker through the {@code kafka} link and records {@code kafka.pid}; does not wait. */
  public synchronized void start() throws IOException {
    if (isRunning()) {
      throw new IllegalStateException("Node " + id + " is already running (pid " + pid() + ")");
    }
    Path link = installLink();
    if (!Files.isRegularFile(configFile())) {
      throw new IOException("No broker config at " + configFile());
    }
    Files.createDirectories(logsDir());
    logOffsetAtStart = Files.exists(logFile()) ? Files.size(logFile()) : 0;
    List<String> command = brokerCommand(link, configFile(), logsDir(), jvmOptions);
    Files.writeString(outFile(), "=== " + Instant.now() + " starting Kafka " + linkedVersion() + ": "
        + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(hostRoot.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(outFile().toFile()));
    process = pb.start();
    process.getOutputStream().close();
    lastPid = process.pid();
    Files.writeString(pidFile(), lastPid + System.lineSeparator());
    LOG.debug("Started Kafka {} node {} (pid {})", linkedVersion(), id, lastPid);
  }

  /**
   * The command line of a broker run through the install link {@code link}: {@code java <jvmOptions>
   * -Dkafka.logs.dir=<logsDir> <logging option> -cp '<link>/libs/*' kafka.Kafka <configFile>}, with
   * the logging option of the version linked now ({@link KafkaInstall#loggingJvmOption}). Used by
   * {@link #start()} and by the bot's local-shell host driver, so both start the same broker.
   */
  public static List<String> brokerCommand(Path link, Path configFile, Path logsDir, List<String> jvmOptions)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvmOptions);
    command.add("-Dkafka.logs.dir=" + logsDir);
    KafkaInstall.loggingJvmOption(link).ifPresent(command::add);
    command.add("-cp");
    command.add(link.resolve("libs") + "/*");
    command.add(MAIN_CLASS);
    command.add(configFile.toString());
    return command;
  }

  /**
   * True when the broker started last has logged the end of its startup: {@code Kafka Server started},
   * which a KRaft node logs once it is registered, caught up and unfenced, or, in ZooKeeper mode,
   * {@code [KafkaServer id=N] started}, logged once it is registered. Unlike {@code describeCluster},
   * this cannot be satisfied by the registration of a killed predecessor that has not timed
   * out yet. Also true when there is no log to read (logging configured away).
   */
  public boolean startupLogged() {
    long from;
    synchronized (this) {
      if (lastPid < 0) {
        return false;
      }
      from = logOffsetAtStart;
    }
    if (!Files.exists(logFile())) {
      return true;
    }
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(logFile().toFile(), "r")) {
      long length = f.length();
      if (length < from) { // the log was rotated or truncated
        from = 0;
      }
      byte[] rest = new byte[(int) Math.min(Integer.MAX_VALUE - 8, length - from)];
      f.seek(from);
      f.readFully(rest);
      String log = new String(rest, StandardCharsets.UTF_8);
      return log.contains("Kafka Server started") || log.contains(ZK_STARTED);
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGTERM (a controlled shutdown), wait up to {@code timeout}, then SIGKILL. */
  public void stop(Duration timeout) {
    externalProcess().ifPresent(h -> {
      h.destroy();
      if (!awaitExit(h, timeout)) {
        LOG.warn("Node {} (pid {}, started outside this cluster) did not stop within {}; killing it", id, h.pid(), timeout);
        h.destroyForcibly();
        awaitExit(h, Duration.ofSeconds(10));
      }
    });
    Process p;
    synchronized (this) {
      p = process;
    }
    if (p == null) {
      return;
    }
    List<ProcessHandle> children = p.descendants().toList();
    long t0 = System.nanoTime();
    p.destroy();
    if (!awaitExit(p, timeout)) {
      LOG.warn("Node {} (pid {}) did not stop within {}; killing it", id, p.pid(), timeout);
      p.destroyForcibly();
      awaitExit(p, Duration.ofSeconds(10));
    }
    children.forEach(ProcessHandle::destroyForcibly);
    LOG.debug("Node {} stopped in {} ms", id, (System.nanoTime() - t0) / 1_000_000);
    cleanup(p);
  }

  /** SIGKILL the broker (and anything it started) and wait for it to be gone. */
  public void kill() {
    externalProcess().ifPresent(h -> {
      h.destroyForcibly();
      awaitExit(h, Duration.ofSeconds(10));
    });
    Process p;
    synchronized (this) {
      p = process;
    }
    if (p == null) {
      return;
    }
    List<ProcessHandle> children = p.descendants().toList();
    p.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    awaitExit(p, Duration.ofSeconds(10));
    cleanup(p);
  }

  /** Sends SIGTERM without waiting (used to stop several nodes at once). */
  void signalStop() {
    externalProcess().ifPresent(ProcessHandle::destroy);
    Process p;
    synchronized (this) {
      p = process;
    }
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

  /**
   * For error messages: the last ERROR lines of {@code server.log} (the cause of a failed
   * start is often far above its last lines), then the last lines of it and of {@code kafka.out}.
   */
  public String logTail(int lines) {
    StringBuilder sb = new StringBuilder();
    try {
      if (Files.exists(logFile())) {
        List<String> errors = Files.readAllLines(logFile(), StandardCharsets.UTF_8).stream()
            .filter(l -> l.contains("] ERROR ") || l.contains("] FATAL ")).toList();
        if (!errors.isEmpty()) {
          sb.append("--- last ERROR lines of ").append(logFile()).append(System.lineSeparator());
          errors.subList(Math.max(0, errors.size() - 5), errors.size())
              .forEach(l -> sb.append(l).append(System.lineSeparator()));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the tails below still say what can be said
    }
    for (Path file : List.of(logFile(), outFile())) {
      sb.append("--- last ").append(lines).append(" lines of ").append(file).append(System.lineSeparator());
      sb.append(tail(file, lines));
    }
    return sb.toString();
  }

  static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "(missing)" + System.lineSeparator();
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()))
          + System.lineSeparator();
    } catch (IOException | RuntimeException e) {
      return "(unreadable: " + e + ")" + System.lineSeparator();
    }
  }

  private synchronized void cleanup(Process p) {
    if (process == p && !p.isAlive() && externalProcess().isEmpty()) {
      try {
        Files.deleteIfExists(pidFile());
      } catch (IOException e) {
        LOG.debug("Cannot delete {}", pidFile(), e);
      }
    }
  }

  static boolean awaitExit(Process p, Duration timeout) {
    try {
      return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
    }
  }

  static boolean awaitExit(ProcessHandle h, Duration timeout) {
    try {
      h.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !h.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !h.isAlive();
    }
  }

  /** The {@code java} launcher of the running JVM. */
  static String javaExecutable() {
    Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(fromHome)) {
      return fromHome.toString();
    }
    return ProcessHandle.current().info().command().orElse("java");
  }

  @Override
  public String toString() {
    return "LocalKafkaNode[" + id + " " + brokerAddress() + " " + hostRoot + "]";
  }
}
