package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

  static final String PID_FILE = "kafka.pid";
  static final String MAIN_CLASS = "kafka.Kafka";
  /** The end of a ZooKeeper-mode broker's startup in {@code server.log} (our log layout puts the logger last). */
  static final String ZK_STARTED = "] started (kafka.server.KafkaServer)";

  private final int id;
  private final Path hostRoot;
  private final int brokerPort;
  private final int controllerPort;
  private final int jmxPort;
  private final NodeProcess process;

  LocalKafkaNode(int id, Path hostRoot, int brokerPort, int controllerPort, List<String> jvmOptions) {
    this(id, hostRoot, brokerPort, controllerPort, 0, jvmOptions);
  }

  /** {@code jmxPort} 0: no remote JMX; else the broker's JMX on 127.0.0.1 at that port ({@link #jmxOptions}). */
  LocalKafkaNode(int id, Path hostRoot, int brokerPort, int controllerPort, int jmxPort, List<String> jvmOptions) {
    this.id = id;
    this.hostRoot = hostRoot.toAbsolutePath().normalize();
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    this.jmxPort = jmxPort;
    List<String> options = new ArrayList<>(jvmOptions);
    if (jmxPort > 0) options.addAll(jmxOptions(jmxPort));
    this.process = new NodeProcess(this, options);
  }

  /** Kafka's {@code JMX_PORT} options on loopback: no authentication or TLS, RMI registry and server on {@code port}. */
  public static List<String> jmxOptions(int port) {
    return List.of("-Dcom.sun.management.jmxremote", "-Dcom.sun.management.jmxremote.port=" + port,
        "-Dcom.sun.management.jmxremote.rmi.port=" + port, "-Dcom.sun.management.jmxremote.host=127.0.0.1",
        "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
        "-Djava.rmi.server.hostname=127.0.0.1");
  }

  /** The broker's remote JMX port on 127.0.0.1; 0 when the cluster was built without JMX. */
  public int jmxPort() {
    return jmxPort;
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

  public boolean isRunning() {
    return process.isRunning();
  }

  /** The pid of the running broker (also one started outside this object), or of the last one started; -1 if never started. */
  public long pid() {
    return process.pid();
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
  public void start() throws IOException {
    process.start();
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
    OptionalLong from = process.logOffsetAtStart();
    return from.isPresent() && NodeLogs.startupLogged(logFile(), from.getAsLong());
  }

  /** SIGTERM (a controlled shutdown), wait up to {@code timeout}, then SIGKILL. */
  public void stop(Duration timeout) {
    process.stop(timeout);
  }

  /** SIGKILL the broker (and anything it started) and wait for it to be gone. */
  public void kill() {
    process.kill();
  }

  /** Sends SIGTERM without waiting (used to stop several nodes at once). */
  void signalStop() {
    process.signalStop();
  }

  /** Exit code of the last broker process if it has exited. */
  Optional<Integer> exitCode() {
    return process.exitCode();
  }

  /**
   * For error messages: the last ERROR lines of {@code server.log} (the cause of a failed
   * start is often far above its last lines), then the last lines of it and of {@code kafka.out}.
   */
  public String logTail(int lines) {
    return NodeLogs.logTail(logFile(), outFile(), lines);
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
