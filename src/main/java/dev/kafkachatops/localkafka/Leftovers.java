package dev.kafkachatops.localkafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds brokers that outlived their parent through the {@code kafka.pid} files of
 * {@link LocalKafkaNode}. A pid is only killed while its command line still runs
 * {@code kafka.Kafka}, so a recycled pid of another program is left alone.
 */
final class Leftovers {

  private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);

  private Leftovers() {
  }

  /** Kills recorded live brokers under {@code baseDir} (depth 3), deletes the pid files, returns how many. */
  static int killRecorded(Path baseDir) throws IOException {
    if (!Files.isDirectory(baseDir)) {
      return 0;
    }
    List<Path> pidFiles;
    try (Stream<Path> walk = Files.walk(baseDir, 3)) {
      pidFiles = walk.filter(p -> p.getFileName().toString().equals(LocalKafkaNode.PID_FILE)).toList();
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
      if (h != null && h.isAlive() && commandLine(h).contains(" " + LocalKafkaNode.MAIN_CLASS + " ")) {
        List<ProcessHandle> children = h.descendants().toList();
        h.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        LocalKafkaNode.awaitExit(h, Duration.ofSeconds(10));
        LOG.info("Killed leftover Kafka process {} recorded in {}", pid, pidFile);
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
