package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds brokers (and the ZooKeeper server) that outlived their parent through the {@code kafka.pid} files of
 * {@link LocalKafkaNode} and the {@code zookeeper.pid} file of {@link LocalZooKeeper}. A pid is only killed
 * while its command line still runs the main class its file belongs to ({@code kafka.Kafka} or ZooKeeper's
 * {@code QuorumPeerMain}), so a recycled pid of another program is left alone.
 */
final class Leftovers {

  private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
  /** Pid file name -> the main class its process runs. */
  private static final Map<String, String> RECORDED = Map.of(
      LocalKafkaNode.PID_FILE, LocalKafkaNode.MAIN_CLASS,
      LocalZooKeeper.PID_FILE, LocalZooKeeper.MAIN_CLASS);

  private Leftovers() {
  }

  /**
   * Kills recorded live brokers and ZooKeeper servers under {@code baseDir} (depth 3), deletes the
   * pid files, returns how many.
   */
  static int killRecorded(Path baseDir) throws IOException {
    if (!Files.isDirectory(baseDir)) {
      return 0;
    }
    List<Path> pidFiles;
    try (Stream<Path> walk = Files.walk(baseDir, 3)) {
      pidFiles = walk.filter(p -> RECORDED.containsKey(p.getFileName().toString())).toList();
    }
    int killed = 0;
    for (Path pidFile : pidFiles) {
      long pid;
      try {
        pid = Long.parseLong(Files.readString(pidFile).trim());
      } catch (NumberFormatException e) {
        continue;
      }
      ProcessHandle h = ProcessHandle.of(pid).orElse(null);
      String mainClass = RECORDED.get(pidFile.getFileName().toString());
      if (h != null && h.isAlive() && commandLine(h).contains(" " + mainClass + " ")) {
        List<ProcessHandle> children = h.descendants().toList();
        h.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        LocalKafkaNode.awaitExit(h, Duration.ofSeconds(10));
        LOG.info("Killed leftover process {} ({}) recorded in {}", pid, mainClass, pidFile);
        killed++;
      }
      Files.deleteIfExists(pidFile);
    }
    return killed;
  }

  /** The full command line, space-separated with a space at both ends. */
  static String commandLine(ProcessHandle h) {
    Path cmdline = Path.of("/proc", Long.toString(h.pid()), "cmdline");
    try {
      if (Files.isReadable(cmdline)) {
        return " " + new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ') + " ";
      }
    } catch (IOException e) {
      // fall back to what the JDK knows
    }
    return " " + h.info().commandLine().orElse("") + " ";
  }
}
